// Accuracy metrics, summed over rows so that the caller can weight batches by their size as Keras
// does when it averages an epoch. With `weights` (0: every row 1) each row counts its sample weight,
// the numerator of Keras' weighted mean Σ w·m / Σ w.
import { rowWeight } from './sample-weights';

@inline function argmaxRow(x: usize, cols: i32): i32 {
  // First maximum wins, as tf.argMax does.
  let best = 0;
  let bestValue = load<f32>(x);
  for (let j = 1; j < cols; j++) {
    const v = load<f32>(x + (<usize>j << 2));
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}

/** Rows whose arg-max equals the int32 label. */
export function sparseCategoricalAccuracy(p: usize, labels: usize, rows: i32, cols: i32, weights: usize): f64 {
  let hits: f64 = 0;
  for (let r = 0; r < rows; r++) {
    if (argmaxRow(p + ((<usize>r * cols) << 2), cols) == load<i32>(labels + (<usize>r << 2))) hits += rowWeight(weights, r);
  }
  return hits;
}

/** Rows whose arg-max equals the target's arg-max. */
export function categoricalAccuracy(p: usize, y: usize, rows: i32, cols: i32, weights: usize): f64 {
  let hits: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * cols) << 2;
    if (argmaxRow(p + o, cols) == argmaxRow(y + o, cols)) hits += rowWeight(weights, r);
  }
  return hits;
}

/** Sum over rows of the fraction of outputs whose 0.5-threshold matches the target. */
export function binaryAccuracy(p: usize, y: usize, rows: i32, cols: i32, weights: usize): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = (<usize>r * cols) << 2;
    let hits = 0;
    for (let j = 0; j < cols; j++) {
      const o = o0 + (<usize>j << 2);
      const predicted: f32 = load<f32>(p + o) > 0.5 ? 1 : 0;
      if (predicted == load<f32>(y + o)) hits++;
    }
    total += <f64>rowWeight(weights, r) * (<f64>hits / <f64>cols);
  }
  return total;
}
