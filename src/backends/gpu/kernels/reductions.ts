// Reductions: column sums (bias gradients) and per-row accuracy metrics. Rows are reduced on the GPU;
// only one value per row comes back, and JavaScript sums those in double precision.
import type { Arr, KernelDef, KernelThis } from './types.js';

/** out[j] = Σ_r x[r·cols + j] */
export const columnSums: KernelDef = {
  fn: function (this: KernelThis, x: Arr, rows: number, cols: number): number {
    const j = this.thread.x;
    let s = 0;
    for (let r = 0; r < rows; r++) s += x[r * cols + j];
    return s;
  },
  args: ['Array', 'Integer', 'Integer'],
};

/** 1 where the row's arg-max (first maximum wins) equals the integer label, else 0. */
export const sparseAccuracyRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, labels: Arr, cols: number): number {
    let best = 0;
    let bestValue = p[this.thread.x * cols];
    for (let j = 1; j < cols; j++) {
      const v = p[this.thread.x * cols + j];
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    let hit = 0;
    if (Math.abs(best - labels[this.thread.x]) < 0.5) hit = 1;
    return hit;
  },
  args: ['Array', 'Array', 'Integer'],
};

/** 1 where the row's arg-max equals the target's arg-max, else 0. */
export const categoricalAccuracyRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let best = 0;
    let bestValue = p[this.thread.x * cols];
    let bestT = 0;
    let bestTValue = y[this.thread.x * cols];
    for (let j = 1; j < cols; j++) {
      const v = p[this.thread.x * cols + j];
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
      const t = y[this.thread.x * cols + j];
      if (t > bestTValue) {
        bestTValue = t;
        bestT = j;
      }
    }
    let hit = 0;
    if (best === bestT) hit = 1;
    return hit;
  },
  args: ['Array', 'Array', 'Integer'],
};

/** Fraction of the row's outputs whose 0.5 threshold matches the target. */
export const binaryAccuracyRows: KernelDef = {
  fn: function (this: KernelThis, p: Arr, y: Arr, cols: number): number {
    let hits = 0;
    for (let j = 0; j < cols; j++) {
      let predicted = 0;
      if (p[this.thread.x * cols + j] > 0.5) predicted = 1;
      if (predicted === y[this.thread.x * cols + j]) hits += 1;
    }
    return hits / cols;
  },
  args: ['Array', 'Array', 'Integer'],
};
