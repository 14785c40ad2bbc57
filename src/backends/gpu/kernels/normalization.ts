// BatchNormalization's kernels, as assembly/normalization.ts computes them: a tensor is read as
// [outer, channels, inner], element i belongs to channel floor(i / inner) mod channels. The
// reductions run one thread per channel; the elementwise passes one per element of the output.
import type { Arr, KernelDef, KernelThis } from './types.js';

/** The channel of flat element i in a [outer, channels, inner] tensor. */
export function channelOf(i: number, channels: number, inner: number): number {
  const run = Math.floor(i / inner);
  return run - Math.floor(run / channels) * channels;
}

/**
 * Per channel c, one thread each: Σ over its elements of a term, divided by `divisor`.
 * mode 0: a (the mean, divisor = count); 1: (a − centre[c])² (the biased variance);
 * 2: b·(a − centre[c])/√(variance[c] + ε) (dgamma = Σ dy·x̂, divisor 1).
 */
export const channelSums: KernelDef = {
  fn: function (this: KernelThis, a: Arr, b: Arr, centre: Arr, variance: Arr, outer: number, channels: number, inner: number, mode: number, divisor: number, epsilon: number): number {
    const c = this.thread.x;
    let m = 0;
    if (mode > 0) m = centre[c];
    let s = 0;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const at = (o * channels + c) * inner + j;
        const d = a[at] - m;
        let t = a[at];
        if (mode === 1) t = d * d;
        if (mode === 2) t = b[at] * d;
        s += t;
      }
    }
    if (mode === 2) s = s / Math.sqrt(variance[c] + epsilon);
    return s / divisor;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Integer', 'Integer', 'Integer', 'Integer', 'Float', 'Float'],
};

/** gamma·(x − mean)/√(variance + ε) + beta; gamma taken as 1 and beta as 0 where the flags are 0. */
export const batchNormForward: KernelDef = {
  fn: function (this: KernelThis, x: Arr, mean: Arr, variance: Arr, gamma: Arr, beta: Arr, channels: number, inner: number, epsilon: number, hasGamma: number, hasBeta: number): number {
    const i = this.thread.x;
    const c = channelOf(i, channels, inner);
    let g = 1;
    if (hasGamma === 1) g = gamma[c];
    let shift = 0;
    if (hasBeta === 1) shift = beta[c];
    return (g / Math.sqrt(variance[c] + epsilon)) * (x[i] - mean[c]) + shift;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Array', 'Integer', 'Integer', 'Float', 'Integer', 'Integer'],
  helpers: [channelOf],
};

/**
 * Per channel, the coefficients of dx = A·dy + B·x + C (3·channels values: all A, then B, then C):
 * A = k, and through the batch statistics B = −k·inv·Σ(dy·x̂)/count and C = −k·Σdy/count −
 * B·mean, with k = gamma·inv and inv = 1/√(variance + ε). Folding them per channel keeps the
 * element kernel at four buffers: WebGPU allows eight storage buffers a stage.
 */
export const batchNormGradCoefficients: KernelDef = {
  fn: function (this: KernelThis, mean: Arr, variance: Arr, gamma: Arr, sumDy: Arr, sumDyXhat: Arr, channels: number, count: number, epsilon: number, hasGamma: number, throughStats: number): number {
    const i = this.thread.x;
    const which = Math.floor(i / channels);
    const c = i - which * channels;
    const inv = 1 / Math.sqrt(variance[c] + epsilon);
    let g = 1;
    if (hasGamma === 1) g = gamma[c];
    const k = g * inv;
    let b = 0;
    let constant = 0;
    if (throughStats === 1) {
      b = -k * inv * (sumDyXhat[c] / count);
      constant = -k * (sumDy[c] / count) - b * mean[c];
    }
    let v = k;
    if (which === 1) v = b;
    if (which === 2) v = constant;
    return v;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Array', 'Integer', 'Float', 'Float', 'Integer', 'Integer'],
};

/** dx over n elements (old beyond n is kept) from the per-channel coefficients: A·dy + B·x + C, plus old when accumulating. */
export const batchNormGradInput: KernelDef = {
  fn: function (this: KernelThis, dy: Arr, x: Arr, coefficients: Arr, old: Arr, n: number, channels: number, inner: number, accumulate: number): number {
    const i = this.thread.x;
    let v = old[i];
    if (i < n) {
      const c = channelOf(i, channels, inner);
      const dx = coefficients[c] * dy[i] + coefficients[channels + c] * x[i] + coefficients[2 * channels + c];
      if (accumulate === 1) v = v + dx;
      else v = dx;
    }
    return v;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Integer', 'Integer', 'Integer', 'Integer'],
  helpers: [channelOf],
};
