// Losses with tfjs-layers' clipping (epsilon 1e-7), the same formulas as assembly/losses.ts. Each
// loss has a per-row kernel (one value per sample comes back and JavaScript sums them) and an
// elementwise gradient kernel writing scale·∂loss/∂p; the output activation's backward is then
// applied by the activation-gradient kernels, as the Wasm core fuses it per row. The GpuLoss plans
// at the end (one per loss, named as the Wasm kernels) are what src/backends/loss-registry.ts
// registers.
import type { Arr, GpuLoss, KernelDef, KernelThis } from './types.js';

/** Σ_j clip(p_rj) (sparse categorical cross-entropy's normaliser). */
export const rowSumClipped: KernelDef = {
  fn: function (this: KernelThis, p: Arr, cols: number): number {
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.min(Math.max(p[this.thread.x * cols + j], 0.0000001), 0.9999999);
    return s;
  },
  args: ['Array', 'Integer'],
};

/** Σ_j p_rj (categorical cross-entropy's normaliser). */
export const rowSum: KernelDef = {
  fn: function (this: KernelThis, p: Arr, cols: number): number {
    let s = 0;
    for (let j = 0; j < cols; j++) s += p[this.thread.x * cols + j];
    return s;
  },
  args: ['Array', 'Integer'],
};

/** -log(clip(clip(p_t)/s)) per row. */
export const sparseCategoricalRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, labels: Arr, s: Arr, cols: number): number {
    const qt = Math.min(Math.max(p[this.thread.x * cols + Math.floor(labels[this.thread.x] + 0.5)], 0.0000001), 0.9999999) / s[this.thread.x];
    return -Math.log(Math.min(Math.max(qt, 0.0000001), 0.9999999));
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

export const sparseCategoricalGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, labels: Arr, s: Arr, cols: number, scale: number): number {
    const t = Math.floor(labels[this.thread.y] + 0.5);
    const sr = s[this.thread.y];
    const qt = Math.min(Math.max(p[this.thread.y * cols + t], 0.0000001), 0.9999999) / sr;
    let m2 = 0;
    if (qt >= 0.0000001 && qt <= 0.9999999) m2 = 1;
    let gt = 0;
    if (m2 === 1) gt = -1 / qt;
    const v = p[this.thread.y * cols + this.thread.x];
    let d = 0;
    if (v >= 0.0000001 && v <= 0.9999999) {
      let own = 0;
      if (Math.abs(this.thread.x - t) < 0.5) own = gt;
      d = (own + m2) / sr;
    }
    return d * scale;
  },
  args: ['Array', 'Array', 'Array', 'Integer', 'Float'],
  grid: 'matrix',
};

/** Σ over unclipped q_j = p_j/s of -y_j (categorical cross-entropy's gradient correction). */
export const categoricalGq: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, s: Arr, cols: number): number {
    const sr = s[this.thread.x];
    let gq = 0;
    for (let j = 0; j < cols; j++) {
      const q = p[this.thread.x * cols + j] / sr;
      if (q >= 0.0000001 && q <= 0.9999999) gq -= y[this.thread.x * cols + j];
    }
    return gq;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

export const categoricalRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, s: Arr, cols: number): number {
    const sr = s[this.thread.x];
    let total = 0;
    for (let j = 0; j < cols; j++) {
      const q = p[this.thread.x * cols + j] / sr;
      total -= y[this.thread.x * cols + j] * Math.log(Math.min(Math.max(q, 0.0000001), 0.9999999));
    }
    return total;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

export const categoricalGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, s: Arr, gq: Arr, cols: number, scale: number): number {
    const sr = s[this.thread.y];
    const q = p[this.thread.y * cols + this.thread.x] / sr;
    let gj = 0;
    if (q >= 0.0000001 && q <= 0.9999999) gj = -y[this.thread.y * cols + this.thread.x] / q;
    return ((gj - gq[this.thread.y]) / sr) * scale;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Integer', 'Float'],
  grid: 'matrix',
};

/** Mean over the row of the sigmoid cross-entropy of clipped logits, as tfjs computes it. */
export const binaryRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let total = 0;
    for (let j = 0; j < cols; j++) {
      const pc = Math.min(Math.max(p[this.thread.x * cols + j], 0.0000001), 0.9999999);
      const logit = Math.log(pc / (1 - pc));
      total += Math.max(logit, 0) - logit * y[this.thread.x * cols + j] + Math.log(1 + Math.exp(-Math.abs(logit)));
    }
    return total / cols;
  },
  args: ['Array', 'Array', 'Integer'],
};

export const binaryGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, perCol: number): number {
    const v = p[this.thread.x];
    const pc = Math.min(Math.max(v, 0.0000001), 0.9999999);
    let d = 0;
    if (v >= 0.0000001 && v <= 0.9999999) d = (pc - y[this.thread.x]) / (pc * (1 - pc));
    return d * perCol;
  },
  args: ['Array', 'Array', 'Float'],
};

// The losses that are a mean over the row of one term per element, as assembly/losses.ts' Term:
// 0 squared, 1 absolute, 2 Huber (delta 1), 3 log-cosh, 4 Poisson.
const TERM = { squared: 0, absolute: 1, huber: 2, logCosh: 3, poisson: 4 } as const;

/** A term's value at (p, y): a helper of kernel bodies. */
export function lossTerm(code: number, p: number, y: number): number {
  const d = p - y;
  let r = d * d;
  if (code === 1) r = Math.abs(d);
  if (code === 2) {
    const a = Math.abs(d);
    const q = Math.min(a, 1);
    r = 0.5 * q * q + (a - q);
  }
  if (code === 3) {
    const a = Math.abs(d);
    r = a + Math.log(1 + Math.exp(-2 * a)) - 0.6931471805599453;
  }
  if (code === 4) r = p - y * Math.log(p + 0.0000001);
  return r;
}

/** A term's derivative in p: a helper of kernel bodies. */
export function lossTermGrad(code: number, p: number, y: number): number {
  const d = p - y;
  let g = 2 * d;
  if (code === 1) {
    // tfjs' |x|' is 1 for x > 0, else -1.
    g = -1;
    if (d > 0) g = 1;
  }
  if (code === 2) g = Math.min(Math.max(d, -1), 1);
  if (code === 3) {
    // tanh(d) from exp on a clamped argument, as elementwise.ts' applyActivation.
    const c = Math.min(Math.max(d, -15), 15);
    const e = Math.exp(2 * c);
    g = (e - 1) / (e + 1);
  }
  if (code === 4) g = 1 - y / (p + 0.0000001);
  return g;
}

export const termRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number, code: number): number {
    let total = 0;
    for (let j = 0; j < cols; j++) total += lossTerm(code, p[this.thread.x * cols + j], y[this.thread.x * cols + j]);
    return total / cols;
  },
  args: ['Array', 'Array', 'Integer', 'Integer'],
  helpers: [lossTerm],
};

export const termGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, perCol: number, code: number): number {
    return lossTermGrad(code, p[this.thread.x], y[this.thread.x]) * perCol;
  },
  args: ['Array', 'Array', 'Float', 'Integer'],
  helpers: [lossTermGrad],
};

/** 1 where every target of the batch is 0 or 1 (Keras' hinge then reads them as -1/1), else 0; one thread. */
export const binaryTargets: KernelDef = {
  fn: function (this: KernelThis, y: Arr, n: number): number {
    let all = 1;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0 && y[i] !== 1) all = 0;
    }
    return all;
  },
  args: ['Array', 'Integer'],
};

/** Mean over the row of max(1 - y·p, 0), y read as (1 + b)·y - b with b = binaryTargets. */
export const hingeRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, binary: Arr, cols: number): number {
    const b = binary[0];
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.max(1 - ((1 + b) * y[this.thread.x * cols + j] - b) * p[this.thread.x * cols + j], 0);
    return total / cols;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

export const hingeGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, binary: Arr, perCol: number): number {
    const yv = (1 + binary[0]) * y[this.thread.x] - binary[0];
    let g = 0;
    // TensorFlow's maximum(x, 0) passes the gradient where x >= 0.
    if (1 - yv * p[this.thread.x] >= 0) g = -yv;
    return g * perCol;
  },
  args: ['Array', 'Array', 'Array', 'Float'],
};

/** Σ_j clip(y)·log(clip(y)/clip(p)), both clipped to [ε, 1] as Keras' kl_divergence. */
export const klRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let total = 0;
    for (let j = 0; j < cols; j++) {
      const yc = Math.min(Math.max(y[this.thread.x * cols + j], 0.0000001), 1);
      const pc = Math.min(Math.max(p[this.thread.x * cols + j], 0.0000001), 1);
      total += yc * Math.log(yc / pc);
    }
    return total;
  },
  args: ['Array', 'Array', 'Integer'],
};

export const klGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, scale: number): number {
    const v = p[this.thread.x];
    let d = 0;
    if (v >= 0.0000001 && v <= 1) d = -Math.min(Math.max(y[this.thread.x], 0.0000001), 1) / v;
    return d * scale;
  },
  args: ['Array', 'Array', 'Float'],
};

/** max_j (1 - y_j)·p_j per row (categorical hinge's neg). */
export const categoricalHingeNeg: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let m = (1 - y[this.thread.x * cols]) * p[this.thread.x * cols];
    for (let j = 1; j < cols; j++) m = Math.max(m, (1 - y[this.thread.x * cols + j]) * p[this.thread.x * cols + j]);
    return m;
  },
  args: ['Array', 'Array', 'Integer'],
};

/** neg - Σ_j y_j·p_j + 1 per row. */
export const categoricalHingeMargin: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, neg: Arr, cols: number): number {
    let pos = 0;
    for (let j = 0; j < cols; j++) pos += y[this.thread.x * cols + j] * p[this.thread.x * cols + j];
    return neg[this.thread.x] - pos + 1;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

export const categoricalHingeRows: KernelDef = {
  fn: function (this: KernelThis, margin: Arr): number {
    return Math.max(margin[this.thread.x], 0);
  },
  args: ['Array'],
};

/** How many j reach neg (TensorFlow's reduce_max shares its gradient among them). */
export const categoricalHingeTies: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, neg: Arr, cols: number): number {
    let ties = 0;
    for (let j = 0; j < cols; j++) {
      if ((1 - y[this.thread.x * cols + j]) * p[this.thread.x * cols + j] === neg[this.thread.x]) ties += 1;
    }
    return ties;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

export const categoricalHingeGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, neg: Arr, margin: Arr, ties: Arr, cols: number, scale: number): number {
    const yv = y[this.thread.y * cols + this.thread.x];
    let atMax = 0;
    if ((1 - yv) * p[this.thread.y * cols + this.thread.x] === neg[this.thread.y]) atMax = (1 - yv) / ties[this.thread.y];
    let d = 0;
    if (margin[this.thread.y] >= 0) d = atMax - yv;
    return d * scale;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Array', 'Integer', 'Float'],
  grid: 'matrix',
};

// Keras' sample weights, applied after any plan (and to the accuracy metrics' rows) rather than
// inside each one: row r's value and gradient are both linear in its weight, so one pair of kernels
// serves every loss, and the unweighted path runs neither.

/** Each row's value times its sample weight. */
export const weightRows: KernelDef = {
  fn: function (this: KernelThis, values: Arr, weights: Arr): number {
    return values[this.thread.x] * weights[this.thread.x];
  },
  args: ['Array', 'Array'],
};

/** Each element of a [rows, cols] gradient times its row's sample weight. */
export const weightGradRows: KernelDef = {
  fn: function (this: KernelThis, grad: Arr, weights: Arr, cols: number): number {
    return grad[this.thread.y * cols + this.thread.x] * weights[this.thread.y];
  },
  args: ['Array', 'Array', 'Integer'],
  grid: 'matrix',
};

// ---- plans, one per loss ------------------------------------------------------------------------

export const sparseCategoricalCrossentropy: GpuLoss = (queue, p, t, rows, cols, scale) => {
  const s = queue.run(rowSumClipped, rows, p, cols);
  const perRow = queue.run(sparseCategoricalRows, rows, p, t, s, cols);
  const grad = scale === null ? null : queue.run(sparseCategoricalGrad, [rows, cols], p, t, s, cols, scale);
  queue.release(s);
  return { rows: perRow, grad };
};

export const categoricalCrossentropy: GpuLoss = (queue, p, t, rows, cols, scale) => {
  const s = queue.run(rowSum, rows, p, cols);
  const perRow = queue.run(categoricalRows, rows, p, t, s, cols);
  let grad = null;
  if (scale !== null) {
    const gq = queue.run(categoricalGq, rows, p, t, s, cols);
    grad = queue.run(categoricalGrad, [rows, cols], p, t, s, gq, cols, scale);
    queue.release(gq);
  }
  queue.release(s);
  return { rows: perRow, grad };
};

export const binaryCrossentropy: GpuLoss = (queue, p, t, rows, cols, scale) => ({
  rows: queue.run(binaryRows, rows, p, t, cols),
  grad: scale === null ? null : queue.run(binaryGrad, rows * cols, p, t, Math.fround(scale) / cols),
});

function meanOfTerms(code: number): GpuLoss {
  return (queue, p, t, rows, cols, scale) => ({
    rows: queue.run(termRows, rows, p, t, cols, code),
    grad: scale === null ? null : queue.run(termGrad, rows * cols, p, t, Math.fround(scale) / cols, code),
  });
}

export const meanSquaredError = meanOfTerms(TERM.squared);
export const meanAbsoluteError = meanOfTerms(TERM.absolute);
export const huber = meanOfTerms(TERM.huber);
export const logCosh = meanOfTerms(TERM.logCosh);
export const poisson = meanOfTerms(TERM.poisson);

export const hinge: GpuLoss = (queue, p, t, rows, cols, scale) => {
  const binary = queue.run(binaryTargets, 1, t, rows * cols);
  const perRow = queue.run(hingeRows, rows, p, t, binary, cols);
  const grad = scale === null ? null : queue.run(hingeGrad, rows * cols, p, t, binary, Math.fround(scale) / cols);
  queue.release(binary);
  return { rows: perRow, grad };
};

export const klDivergence: GpuLoss = (queue, p, t, rows, cols, scale) => ({
  rows: queue.run(klRows, rows, p, t, cols),
  grad: scale === null ? null : queue.run(klGrad, rows * cols, p, t, scale),
});

export const categoricalHinge: GpuLoss = (queue, p, t, rows, cols, scale) => {
  const neg = queue.run(categoricalHingeNeg, rows, p, t, cols);
  const margin = queue.run(categoricalHingeMargin, rows, p, t, neg, cols);
  const perRow = queue.run(categoricalHingeRows, rows, margin);
  let grad = null;
  if (scale !== null) {
    const ties = queue.run(categoricalHingeTies, rows, p, t, neg, cols);
    grad = queue.run(categoricalHingeGrad, [rows, cols], p, t, neg, margin, ties, cols, scale);
    queue.release(ties);
  }
  queue.release(neg);
  queue.release(margin);
  return { rows: perRow, grad };
};
