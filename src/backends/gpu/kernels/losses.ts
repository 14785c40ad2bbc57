// Losses with tfjs-layers' clipping (epsilon 1e-7), the same formulas as assembly/losses.ts. Each
// loss has a per-row kernel (one value per sample comes back and JavaScript sums them) and an
// elementwise gradient kernel writing scale·∂loss/∂p; the output activation's backward is then
// applied by the activation-gradient kernels, as the Wasm core fuses it per row.
import type { Arr, KernelDef, KernelThis } from './types.js';

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

export const squaredRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let total = 0;
    for (let j = 0; j < cols; j++) {
      const d = p[this.thread.x * cols + j] - y[this.thread.x * cols + j];
      total += d * d;
    }
    return total / cols;
  },
  args: ['Array', 'Array', 'Integer'],
};

export const squaredGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, perCol: number): number {
    return (p[this.thread.x] - y[this.thread.x]) * perCol;
  },
  args: ['Array', 'Array', 'Float'],
};

export const absoluteRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.abs(p[this.thread.x * cols + j] - y[this.thread.x * cols + j]);
    return total / cols;
  },
  args: ['Array', 'Array', 'Integer'],
};

export const absoluteGrad: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, perCol: number): number {
    let d = -perCol;
    if (p[this.thread.x] - y[this.thread.x] > 0) d = perCol;
    return d;
  },
  args: ['Array', 'Array', 'Float'],
};
