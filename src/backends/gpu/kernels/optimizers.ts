// Optimizer rules as in assembly/optimizers.ts (tfjs-core's order of operations). A gpu.js kernel
// writes one buffer, so a rule that updates state runs one kernel per state buffer, then the weights.
import type { Arr, KernelDef, KernelThis } from './types.js';

/** w ← w - lr·g */
export const sgd: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, lr: number): number {
    return -lr * g[this.thread.x] + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Float'],
};

/** a·s + b·x  (momentum accumulator: s=acc, a=momentum, b=1; moving averages likewise). */
export const decay: KernelDef = {
  fn: function (this: KernelThis, s: Arr, x: Arr, a: number, b: number): number {
    return s[this.thread.x] * a + x[this.thread.x] * b;
  },
  args: ['Array', 'Array', 'Float', 'Float'],
};

/** a·s + b·x²  (second moments). */
export const decaySquare: KernelDef = {
  fn: function (this: KernelThis, s: Arr, x: Arr, a: number, b: number): number {
    const v = x[this.thread.x];
    return s[this.thread.x] * a + v * v * b;
  },
  args: ['Array', 'Array', 'Float', 'Float'],
};

/** w ← w - lr·(nesterov ? g + m·a : a), a the new accumulator. */
export const momentumWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, acc: Arr, lr: number, momentum: number, nesterov: number): number {
    let step = acc[this.thread.x];
    if (nesterov === 1) step = g[this.thread.x] + acc[this.thread.x] * momentum;
    return -lr * step + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float', 'Integer'],
};

/** mom ← momentum·mom + lr·g/√(den + eps), den = ms (- mg² when centered). */
export const rmspropMoment: KernelDef = {
  fn: function (this: KernelThis, mom: Arr, g: Arr, ms: Arr, mg: Arr, lr: number, momentum: number, epsilon: number, centered: number): number {
    let den = ms[this.thread.x];
    if (centered === 1) den = ms[this.thread.x] - mg[this.thread.x] * mg[this.thread.x];
    const step = (g[this.thread.x] * lr) / Math.sqrt(den + epsilon);
    return mom[this.thread.x] * momentum + step;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Float', 'Float', 'Float', 'Integer'],
};

/** w - x */
export const subtract: KernelDef = {
  fn: function (this: KernelThis, w: Arr, x: Arr): number {
    return w[this.thread.x] - x[this.thread.x];
  },
  args: ['Array', 'Array'],
};

/** w ← w - lr·(m/c1)/(√(v/c2) + eps) */
export const adamWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, m: Arr, v: Arr, lr: number, epsilon: number, c1: number, c2: number): number {
    const step = m[this.thread.x] / c1 / (Math.sqrt(v[this.thread.x] / c2) + epsilon);
    return step * -lr + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float', 'Float', 'Float'],
};

/** w ← w - lr·g/√(acc + eps) */
export const adagradWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, acc: Arr, lr: number, epsilon: number): number {
    return (g[this.thread.x] / Math.sqrt(acc[this.thread.x] + epsilon)) * -lr + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float'],
};
