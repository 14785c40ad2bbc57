// The graph layers' kernels (merges, Concatenate, Dropout, regularizers), one thread per element of
// the buffer written, as assembly/elementwise.ts computes them. A kernel writes a whole new buffer,
// so "accumulate" reads the old one as an argument.
import type { Arr, KernelDef, KernelThis } from './types.js';

/**
 * op codes as ELEMENTWISE_CODES: 0 copy a, 1 add, 2 subtract, 3 multiply, 4 maximum. gpu.js
 * compiles the body's source, so they are literals; test/boundary.test.ts checks them against the
 * table generated from assembly/elementwise.ts.
 */
export function combine(x: number, y: number, op: number): number {
  let r = x;
  if (op === 1) r = x + y;
  if (op === 2) r = x - y;
  if (op === 3) r = x * y;
  if (op === 4) r = Math.max(x, y);
  return r;
}

/** (accumulate ? old : 0) + alpha·op(a, b), over n elements; old beyond n is kept. */
export const elementwise: KernelDef = {
  fn: function (this: KernelThis, a: Arr, b: Arr, old: Arr, n: number, op: number, alpha: number, accumulate: number): number {
    const i = this.thread.x;
    let v = old[i];
    if (i < n) {
      v = alpha * combine(a[i], b[i], op);
      if (accumulate === 1) v = v + old[i];
    }
    return v;
  },
  args: ['Array', 'Array', 'Array', 'Integer', 'Integer', 'Float', 'Integer'],
  helpers: [combine],
};

/** dst with the block rows×cols copied (or added) in from src at the given strides and offsets. */
export const copyBlock: KernelDef = {
  fn: function (this: KernelThis, src: Arr, dst: Arr, srcStride: number, srcOffset: number, dstStride: number, dstOffset: number, rows: number, cols: number, accumulate: number): number {
    const i = this.thread.x;
    const r = Math.floor(i / dstStride);
    const c = i - r * dstStride - dstOffset;
    let v = dst[i];
    if (r < rows && c >= 0 && c < cols) {
      const s = src[r * srcStride + srcOffset + c];
      v = accumulate === 1 ? v + s : s;
    }
    return v;
  },
  args: ['Array', 'Array', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer'],
};

/** Maximum's gradient for one input: dy where x = y and not yet taken, else 0 (plus old dx). */
export const maximumGrad: KernelDef = {
  fn: function (this: KernelThis, dy: Arr, x: Arr, y: Arr, taken: Arr, dx: Arr, n: number, accumulate: number): number {
    const i = this.thread.x;
    let v = dx[i];
    if (i < n) {
      let g = 0;
      if (taken[i] === 0 && x[i] === y[i]) g = dy[i];
      v = accumulate === 1 ? v + g : g;
    }
    return v;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Array', 'Integer', 'Integer'],
};

/** `taken` after maximumGrad: 1 where this input took the element. */
export const maximumTaken: KernelDef = {
  fn: function (this: KernelThis, x: Arr, y: Arr, taken: Arr, n: number): number {
    const i = this.thread.x;
    let t = taken[i];
    if (i < n && x[i] === y[i]) t = 1;
    return t;
  },
  args: ['Array', 'Array', 'Array', 'Integer'],
};

/** l1·|x| + l2·x² per element (summed on readback). */
export const l1l2Terms: KernelDef = {
  fn: function (this: KernelThis, x: Arr, l1: number, l2: number): number {
    const v = x[this.thread.x];
    return l1 * Math.abs(v) + l2 * v * v;
  },
  args: ['Array', 'Float', 'Float'],
};

/** grad + gradScale·(l1·sign(x) + 2·l2·x) over n elements. */
export const l1l2Grad: KernelDef = {
  fn: function (this: KernelThis, x: Arr, grad: Arr, n: number, l1: number, l2: number, gradScale: number): number {
    const i = this.thread.x;
    let v = grad[i];
    if (i < n) {
      const w = x[i];
      let sign = 0;
      if (w > 0) sign = 1;
      if (w < 0) sign = -1;
      v = v + gradScale * (l1 * sign + 2 * l2 * w);
    }
    return v;
  },
  args: ['Array', 'Array', 'Integer', 'Float', 'Float', 'Float'],
};
