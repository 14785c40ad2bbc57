// C[m×n] = op(A)·op(B) (+C) (+bias) then an elementwise activation, one thread per output element,
// over a 2D grid [n, m] (this.thread.x = column, this.thread.y = row). Index arithmetic is written
// inline on purpose: gpu.js keeps `this.thread.*`, Integer arguments and loop counters as integers
// only inside expressions (a declared variable decays to float), and float indices lose exactness
// past 2^24 elements.
// One kernel per transpose combination keeps the inner loop free of branches; the epilogue
// (accumulate, bias, relu/sigmoid/tanh) is fused. The reads of C and the bias are written out in each
// kernel because gpu.js helper functions cannot take GPU arrays as arguments on every target; the
// activation, on a scalar, is the shared helper. Softmax runs afterwards as row passes.
import { applyActivation } from './elementwise.js';
import type { Arr, KernelDef, KernelThis } from './types.js';

const ARGS = ['Array', 'Array', 'Array', 'Array', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer'] as const;

/** A[m×k]·B[k×n] */
export const matMulNN: KernelDef = {
  fn: function (this: KernelThis, a: Arr, b: Arr, c: Arr, bias: Arr, m: number, n: number, k: number, accumulate: number, hasBias: number, act: number): number {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[this.thread.y * k + p] * b[p * n + this.thread.x];
    let v = s;
    if (accumulate === 1) v += c[this.thread.y * n + this.thread.x];
    if (hasBias === 1) v += bias[this.thread.x];
    return applyActivation(v, act);
  },
  args: ARGS,
  grid: 'matrix',
  helpers: [applyActivation],
};

/** Aᵀ·B with A stored [k×m] (the weight gradient xᵀ·dz). */
export const matMulTN: KernelDef = {
  fn: function (this: KernelThis, a: Arr, b: Arr, c: Arr, bias: Arr, m: number, n: number, k: number, accumulate: number, hasBias: number, act: number): number {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[p * m + this.thread.y] * b[p * n + this.thread.x];
    let v = s;
    if (accumulate === 1) v += c[this.thread.y * n + this.thread.x];
    if (hasBias === 1) v += bias[this.thread.x];
    return applyActivation(v, act);
  },
  args: ARGS,
  grid: 'matrix',
  helpers: [applyActivation],
};

/** A·Bᵀ with B stored [n×k] (the input gradient dz·Wᵀ). */
export const matMulNT: KernelDef = {
  fn: function (this: KernelThis, a: Arr, b: Arr, c: Arr, bias: Arr, m: number, n: number, k: number, accumulate: number, hasBias: number, act: number): number {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[this.thread.y * k + p] * b[this.thread.x * k + p];
    let v = s;
    if (accumulate === 1) v += c[this.thread.y * n + this.thread.x];
    if (hasBias === 1) v += bias[this.thread.x];
    return applyActivation(v, act);
  },
  args: ARGS,
  grid: 'matrix',
  helpers: [applyActivation],
};

/** Aᵀ·Bᵀ */
export const matMulTT: KernelDef = {
  fn: function (this: KernelThis, a: Arr, b: Arr, c: Arr, bias: Arr, m: number, n: number, k: number, accumulate: number, hasBias: number, act: number): number {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[p * m + this.thread.y] * b[this.thread.x * k + p];
    let v = s;
    if (accumulate === 1) v += c[this.thread.y * n + this.thread.x];
    if (hasBias === 1) v += bias[this.thread.x];
    return applyActivation(v, act);
  },
  args: ARGS,
  grid: 'matrix',
  helpers: [applyActivation],
};
