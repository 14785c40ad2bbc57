// Loss values and their gradients with respect to the output layer's pre-activation, in one pass
// per row. They reproduce tfjs-layers' formulas, clipping included (epsilon 1e-7), so that the
// gradients match TensorFlow.js' autodiff: where a probability is clipped its gradient is zero.
// Each kernel returns the sum of per-sample losses; `grad` (0 to skip) receives
// scale · ∂loss/∂z, with the output activation's backward fused in.
import { activationBackwardRow } from './activations';

const EPS: f32 = 1e-7;
const ONE_MINUS_EPS: f32 = <f32>(1.0 - 1e-7);

@inline function inRange(v: f32): bool {
  return v >= EPS && v <= ONE_MINUS_EPS;
}

@inline function clip(v: f32): f32 {
  return min(max(v, EPS), ONE_MINUS_EPS);
}

/** Sparse categorical cross-entropy on int32 labels (tfjs clips, normalises, clips again). */
export function sparseCategoricalCrossentropy(p: usize, labels: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = p + ((<usize>r * cols) << 2);
    const t = load<i32>(labels + (<usize>r << 2));
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += clip(load<f32>(row + (<usize>j << 2)));
    const qt = clip(load<f32>(row + (<usize>t << 2))) / s;
    total -= Math.log(clip(qt));
    if (grad) {
      const g = grad + ((<usize>r * cols) << 2);
      // ∂/∂p_j of -log(clip(q_t)), q = clip(p)/Σclip(p): (δ_tj·(-1/q_t) + 1)/s where unclipped.
      const m2: f32 = inRange(qt) ? 1 : 0;
      const gt: f32 = m2 != 0 ? -1 / qt : 0;
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const m1 = inRange(load<f32>(row + o));
        const dj: f32 = m1 ? ((j == t ? gt : 0) + m2) / s : 0;
        store<f32>(g + o, dj * scale);
      }
      activationBackwardRow(activation, row, g, cols);
    }
  }
  return total;
}

/** Categorical cross-entropy on float targets (one-hot or distributions). */
export function categoricalCrossentropy(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    const row = p + o0;
    const tgt = y + o0;
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += load<f32>(row + (<usize>j << 2));
    // Σ_i g_i q_i where g = ∂loss/∂q: each unclipped term contributes -y_i.
    let gq: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const q = load<f32>(row + o) / s;
      const yt = load<f32>(tgt + o);
      total -= <f64>yt * Math.log(clip(q));
      if (inRange(q)) gq -= yt;
    }
    if (grad) {
      const g = grad + o0;
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const q = load<f32>(row + o) / s;
        const gj: f32 = inRange(q) ? -load<f32>(tgt + o) / q : 0;
        store<f32>(g + o, ((gj - gq) / s) * scale);
      }
      activationBackwardRow(activation, row, g, cols);
    }
  }
  return total;
}

/** Binary cross-entropy, computed as tfjs does: clip, take logits, sigmoid cross-entropy, mean. */
export function binaryCrossentropy(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32): f64 {
  let total: f64 = 0;
  const perCol: f32 = scale / <f32>cols;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
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
    total += rowLoss / <f64>cols;
    if (grad) activationBackwardRow(activation, p + o0, grad + o0, cols);
  }
  return total;
}

// Mean over the last axis of (p-y)² or |p-y|; the two regression losses differ only per element.
@inline function meanElementwise(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32, absolute: bool): f64 {
  let total: f64 = 0;
  const perCol: f32 = (absolute ? scale : 2 * scale) / <f32>cols;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    let rowLoss: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const o = o0 + (<usize>j << 2);
      const d = load<f32>(p + o) - load<f32>(y + o);
      rowLoss += absolute ? Mathf.abs(d) : d * d;
      // tfjs' |x|' is 1 for x > 0, else -1.
      if (grad) store<f32>(grad + o, absolute ? (d > 0 ? perCol : -perCol) : d * perCol);
    }
    total += <f64>(rowLoss / <f32>cols);
    if (grad) activationBackwardRow(activation, p + o0, grad + o0, cols);
  }
  return total;
}

/** Mean squared error over the last axis. */
export function meanSquaredError(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32): f64 {
  return meanElementwise(p, y, rows, cols, grad, activation, scale, false);
}

/** Mean absolute error over the last axis. */
export function meanAbsoluteError(p: usize, y: usize, rows: i32, cols: i32, grad: usize, activation: i32, scale: f32): f64 {
  return meanElementwise(p, y, rows, cols, grad, activation, scale, true);
}
