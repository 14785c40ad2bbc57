// Uploads, copies and activations: one thread per element of a flat row-major buffer ("flat" grid),
// or per (row, column) on a [cols, rows] grid ("matrix": this.thread.y = row, this.thread.x = column).
// Index expressions stay inline so that gpu.js keeps them integer (see matmul.ts).
import type { Arr, KernelDef, KernelThis } from './types.js';

/** out[i] = data[i]: a JS array becomes a GPU-resident buffer. */
export const upload: KernelDef = {
  fn: function (this: KernelThis, data: Arr): number {
    return data[this.thread.x];
  },
  args: ['Upload'],
};

/** out[i] = data[i - offset] inside [offset, offset + length), else old[i]: a partial write. */
export const splice: KernelDef = {
  fn: function (this: KernelThis, old: Arr, data: Arr, offset: number, length: number): number {
    let v = old[this.thread.x];
    if (this.thread.x >= offset && this.thread.x < offset + length) v = data[this.thread.x - offset];
    return v;
  },
  args: ['Array', 'Upload', 'Integer', 'Integer'],
};

/** out[i] = src[i] for i < length, else old[i]: `copy` of a prefix. */
export const copyPrefix: KernelDef = {
  fn: function (this: KernelThis, src: Arr, old: Arr, length: number): number {
    let v = old[this.thread.x];
    if (this.thread.x < length) v = src[this.thread.x];
    return v;
  },
  args: ['Array', 'Array', 'Integer'],
};

/**
 * act(v) for activation code 1 relu, 2 sigmoid, 3 tanh (0 linear: v): a helper of kernel bodies.
 * gpu.js compiles the body's source, so the codes are literals here; test/boundary.test.ts checks
 * them against ACTIVATION_CODES (generated from assembly/activations.ts).
 */
export function applyActivation(v: number, code: number): number {
  let r = v;
  if (code === 1) r = Math.max(v, 0);
  if (code === 2) r = 1 / (1 + Math.exp(-v));
  if (code === 3) {
    // tanh from exp on a clamped argument: exact to f32 rounding and never NaN for large |v|.
    const c = Math.min(Math.max(v, -15), 15);
    const e = Math.exp(2 * c);
    r = (e - 1) / (e + 1);
  }
  return r;
}

/** Elementwise activation: 1 relu, 2 sigmoid, 3 tanh (0 linear copies). */
export const activate: KernelDef = {
  fn: function (this: KernelThis, x: Arr, code: number): number {
    return applyActivation(x[this.thread.x], code);
  },
  args: ['Array', 'Integer'],
  helpers: [applyActivation],
};

/** Row maxima of a rows×cols matrix (softmax, first pass). */
export const rowMax: KernelDef = {
  fn: function (this: KernelThis, x: Arr, cols: number): number {
    let m = x[this.thread.x * cols];
    for (let j = 1; j < cols; j++) m = Math.max(m, x[this.thread.x * cols + j]);
    return m;
  },
  args: ['Array', 'Integer'],
};

/** Σ_j exp(x_rj - max_r) (softmax, second pass). */
export const rowExpSum: KernelDef = {
  fn: function (this: KernelThis, x: Arr, rmax: Arr, cols: number): number {
    const m = rmax[this.thread.x];
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[this.thread.x * cols + j] - m);
    return s;
  },
  args: ['Array', 'Array', 'Integer'],
};

/** exp(x - max) / sum (softmax, last pass). */
export const softmaxApply: KernelDef = {
  fn: function (this: KernelThis, x: Arr, rmax: Arr, rsum: Arr, cols: number): number {
    return Math.exp(x[this.thread.y * cols + this.thread.x] - rmax[this.thread.y]) / rsum[this.thread.y];
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
  grid: 'matrix',
};

/** d·act'(z) from y = act(z): 1 relu (by the sign of y), 2 sigmoid, 3 tanh. */
export const activateGrad: KernelDef = {
  fn: function (this: KernelThis, y: Arr, d: Arr, code: number): number {
    const v = y[this.thread.x];
    const g = d[this.thread.x];
    let r = g;
    if (code === 1) {
      r = 0;
      if (v > 0) r = g;
    }
    if (code === 2) r = g * v * (1 - v);
    if (code === 3) r = g * (1 - v * v);
    return r;
  },
  args: ['Array', 'Array', 'Integer'],
};

/** Σ_j y_rj·d_rj per row (softmax backward, first pass). */
export const rowDot: KernelDef = {
  fn: function (this: KernelThis, y: Arr, d: Arr, cols: number): number {
    let s = 0;
    for (let j = 0; j < cols; j++) s += y[this.thread.x * cols + j] * d[this.thread.x * cols + j];
    return s;
  },
  args: ['Array', 'Array', 'Integer'],
};

/** y·d - dot·y (softmax backward, second pass). */
export const softmaxGrad: KernelDef = {
  fn: function (this: KernelThis, y: Arr, d: Arr, dot: Arr, cols: number): number {
    const v = y[this.thread.y * cols + this.thread.x];
    return v * d[this.thread.y * cols + this.thread.x] - dot[this.thread.y] * v;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
  grid: 'matrix',
};
