// Loss values and their gradients with respect to the output layer's pre-activation, in one pass
// per row. They reproduce tfjs-layers' formulas, clipping included (epsilon 1e-7), so that the
// gradients match TensorFlow.js' autodiff: where a probability is clipped its gradient is zero.
// Each kernel returns the sum of per-sample losses; `grad` (0 to skip) receives
// scale · ∂loss/∂z, with the output activation's backward fused in. `weights` (0: every row 1) is
// Keras' per-sample weight (see sample-weights.ts): row r's loss and gradient are multiplied by it.
import { activationBackwardRow } from './activations';
import { rowWeight } from './sample-weights';

const EPS: f32 = 1e-7;
const ONE_MINUS_EPS: f32 = <f32>(1.0 - 1e-7);

@inline function inRange(v: f32): bool {
  return v >= EPS && v <= ONE_MINUS_EPS;
}

@inline function clip(v: f32): f32 {
  return min(max(v, EPS), ONE_MINUS_EPS);
}

/** Sparse categorical cross-entropy on int32 labels (tfjs clips, normalises, clips again). */
export function sparseCategoricalCrossentropy(p: usize, labels: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = p + ((<usize>r * cols) << 2);
    const t = load<i32>(labels + (<usize>r << 2));
    const w = rowWeight(weights, r);
    const rowScale = scale * w;
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += clip(load<f32>(row + (<usize>j << 2)));
    const qt = clip(load<f32>(row + (<usize>t << 2))) / s;
    total -= <f64>w * Math.log(clip(qt));
    if (grad) {
      const g = grad + ((<usize>r * cols) << 2);
      // ∂/∂p_j of -log(clip(q_t)), q = clip(p)/Σclip(p): (δ_tj·(-1/q_t) + 1)/s where unclipped.
      const m2: f32 = inRange(qt) ? 1 : 0;
      const gt: f32 = m2 != 0 ? -1 / qt : 0;
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const m1 = inRange(load<f32>(row + o));
        const dj: f32 = m1 ? ((j == t ? gt : 0) + m2) / s : 0;
        store<f32>(g + o, dj * rowScale);
      }
      activationBackwardRow(activation, row, g, cols);
    }
  }
  return total;
}

/** Categorical cross-entropy on float targets (one-hot or distributions). */
export function categoricalCrossentropy(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    const row = p + o0;
    const tgt = y + o0;
    const w = rowWeight(weights, r);
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += load<f32>(row + (<usize>j << 2));
    // Σ_i g_i q_i where g = ∂loss/∂q: each unclipped term contributes -y_i.
    let gq: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const q = load<f32>(row + o) / s;
      const yt = load<f32>(tgt + o);
      total -= <f64>w * (<f64>yt * Math.log(clip(q)));
      if (inRange(q)) gq -= yt;
    }
    if (grad) {
      const g = grad + o0;
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const q = load<f32>(row + o) / s;
        const gj: f32 = inRange(q) ? -load<f32>(tgt + o) / q : 0;
        store<f32>(g + o, ((gj - gq) / s) * (scale * w));
      }
      activationBackwardRow(activation, row, g, cols);
    }
  }
  return total;
}

/** Binary cross-entropy, computed as tfjs does: clip, take logits, sigmoid cross-entropy, mean. */
export function binaryCrossentropy(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    const w = rowWeight(weights, r);
    const perCol: f32 = (scale * w) / <f32>cols;
    let rowLoss: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const o = o0 + (<usize>j << 2);
      const v = load<f32>(p + o);
      const pc = clip(v);
      const yt = load<f32>(y + o);
      const logit = Mathf.log(pc / (1 - pc));
      rowLoss += <f64>(max(logit, 0) - logit * yt + Mathf.log1p(Mathf.exp(-Mathf.abs(logit))));
      if (grad) {
        const d: f32 = inRange(v) ? (pc - yt) / (pc * (1 - pc)) : 0;
        store<f32>(grad + o, d * perCol);
      }
    }
    total += <f64>w * (rowLoss / <f64>cols);
    if (grad) activationBackwardRow(activation, p + o0, grad + o0, cols);
  }
  return total;
}

// The losses that are a mean over the last axis of one term per element: Term names the term,
// `term` is its value and `termGrad` its derivative in p. Each exported kernel inlines
// `meanOfTerms` with a constant Term, so the switches fold away.
enum Term { Squared, Absolute, Huber, LogCosh, Poisson, Hinge }

// Keras' Huber default.
const HUBER_DELTA: f32 = 1.0;

@inline function term(kind: Term, p: f32, y: f32): f64 {
  const d = p - y;
  switch (kind) {
    case Term.Squared: return <f64>(d * d);
    case Term.Absolute: return <f64>Mathf.abs(d);
    case Term.Huber: {
      // tfjs-core's form: 0.5·q² + δ·(|d| − q) with q = min(|d|, δ), Keras' piecewise value.
      const a = Mathf.abs(d);
      const q = min(a, HUBER_DELTA);
      return <f64>(0.5 * q * q + HUBER_DELTA * (a - q));
    }
    case Term.LogCosh: {
      // Keras' d + softplus(−2d) − log 2, written in |d| so that exp cannot overflow; in f64
      // because the value is a difference of nearly equal numbers where |d| is small.
      const a = Math.abs(<f64>d);
      return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
    }
    case Term.Poisson: return <f64>p - <f64>y * Math.log(<f64>p + <f64>EPS);
    default: return <f64>max<f32>(1 - y * p, 0); // Term.Hinge
  }
}

@inline function termGrad(kind: Term, p: f32, y: f32): f32 {
  const d = p - y;
  switch (kind) {
    case Term.Squared: return 2 * d;
    // tfjs' |x|' is 1 for x > 0, else -1.
    case Term.Absolute: return d > 0 ? 1 : -1;
    case Term.Huber: return min(max(d, -HUBER_DELTA), HUBER_DELTA);
    case Term.LogCosh: return Mathf.tanh(d);
    case Term.Poisson: return 1 - y / (p + EPS);
    // TensorFlow's maximum(x, 0) passes the gradient to x where x >= 0, the kink included.
    default: return 1 - y * p >= 0 ? -y : 0; // Term.Hinge
  }
}

// y is read as yScale·y + yShift (hinge's label conversion; 1 and 0 for the others).
@inline function meanOfTerms(kind: Term, p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize, yScale: f32, yShift: f32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    const w = rowWeight(weights, r);
    const perCol: f32 = (scale * w) / <f32>cols;
    let rowLoss: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const o = o0 + (<usize>j << 2);
      const pv = load<f32>(p + o);
      const yv = yScale * load<f32>(y + o) + yShift;
      rowLoss += term(kind, pv, yv);
      if (grad) store<f32>(grad + o, termGrad(kind, pv, yv) * perCol);
    }
    total += <f64>w * (rowLoss / <f64>cols);
    if (grad) activationBackwardRow(activation, p + o0, grad + o0, cols);
  }
  return total;
}

/** Mean squared error over the last axis. */
export function meanSquaredError(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  return meanOfTerms(Term.Squared, p, y, rows, cols, grad, activation, scale, weights, 1, 0);
}

/** Mean absolute error over the last axis. */
export function meanAbsoluteError(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  return meanOfTerms(Term.Absolute, p, y, rows, cols, grad, activation, scale, weights, 1, 0);
}

/** Huber loss (Keras' default delta 1) over the last axis. */
export function huber(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  return meanOfTerms(Term.Huber, p, y, rows, cols, grad, activation, scale, weights, 1, 0);
}

/** Mean of log(cosh(p − y)) over the last axis. */
export function logCosh(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  return meanOfTerms(Term.LogCosh, p, y, rows, cols, grad, activation, scale, weights, 1, 0);
}

/** Poisson loss: mean of p − y·log(p + ε) over the last axis. */
export function poisson(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  return meanOfTerms(Term.Poisson, p, y, rows, cols, grad, activation, scale, weights, 1, 0);
}

/**
 * Hinge loss: mean of max(1 − y·p, 0) over the last axis. As Keras does, labels are taken as −1/1
 * after 2y − 1 when every target in the batch is 0 or 1, and as given otherwise.
 */
export function hinge(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  let binary = true;
  const n = <usize>rows * cols;
  for (let i: usize = 0; i < n && binary; i++) {
    const v = load<f32>(y + (i << 2));
    binary = v == 0 || v == 1;
  }
  return binary
    ? meanOfTerms(Term.Hinge, p, y, rows, cols, grad, activation, scale, weights, 2, -1)
    : meanOfTerms(Term.Hinge, p, y, rows, cols, grad, activation, scale, weights, 1, 0);
}

/** Kullback-Leibler divergence Σ y·log(y/p) over the last axis, both clipped to [ε, 1] as Keras does. */
export function klDivergence(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    const w = rowWeight(weights, r);
    const rowScale = scale * w;
    for (let j = 0; j < cols; j++) {
      const o = o0 + (<usize>j << 2);
      const pv = load<f32>(p + o);
      const yc = min(max(load<f32>(y + o), EPS), <f32>1);
      const pc = min(max(pv, EPS), <f32>1);
      total += <f64>w * (<f64>yc * Math.log(<f64>yc / <f64>pc));
      // Where p is clipped its gradient is zero (the clip's backward, bounds included).
      if (grad) store<f32>(grad + o, pv >= EPS && pv <= 1 ? (-yc / pc) * rowScale : 0);
    }
    if (grad) activationBackwardRow(activation, p + o0, grad + o0, cols);
  }
  return total;
}

/**
 * Categorical hinge: max(neg − pos + 1, 0) per row, with pos = Σ y·p and neg = max((1 − y)·p).
 * The gradient follows TensorFlow's: reduce_max shares it equally among tied maxima, and
 * maximum(x, 0) passes it where x >= 0.
 */
export function categoricalHinge(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, weights: usize): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    let pos: f32 = 0;
    let neg: f32 = -Infinity;
    for (let j = 0; j < cols; j++) {
      const o = o0 + (<usize>j << 2);
      const pv = load<f32>(p + o);
      const yv = load<f32>(y + o);
      pos += yv * pv;
      neg = max(neg, (1 - yv) * pv);
    }
    const margin = neg - pos + 1;
    const w = rowWeight(weights, r);
    total += <f64>w * <f64>max<f32>(margin, 0);
    if (grad) {
      let ties: f32 = 0;
      for (let j = 0; j < cols; j++) {
        const o = o0 + (<usize>j << 2);
        if ((1 - load<f32>(y + o)) * load<f32>(p + o) == neg) ties += 1;
      }
      for (let j = 0; j < cols; j++) {
        const o = o0 + (<usize>j << 2);
        const yv = load<f32>(y + o);
        const atMax: f32 = (1 - yv) * load<f32>(p + o) == neg ? (1 - yv) / ties : 0;
        store<f32>(grad + o, margin >= 0 ? (atMax - yv) * (scale * w) : 0);
      }
      activationBackwardRow(activation, p + o0, grad + o0, cols);
    }
  }
  return total;
}
