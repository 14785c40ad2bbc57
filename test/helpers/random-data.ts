import { Random } from '../../src/random.js';

/** Deterministic test data, independent of the library's global generator. */
export function uniformArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = new Random(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r.uniform();
  return out;
}

export function labels(n: number, classes: number, seed: number): Int32Array {
  const r = new Random(seed);
  return Int32Array.from({ length: n }, () => r.integer(classes));
}

export function oneHot(y: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(y.length * classes);
  y.forEach((c, i) => (out[i * classes + c] = 1));
  return out;
}

/** max |a-b| / (atol + rtol·|b|) ≤ 1 means close. */
export function closeness(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (atol + rtol * Math.abs(b[i]!)));
  return worst;
}

/**
 * Targets for a loss, in Axon's form (`axon`: int32 labels for the sparse loss) and tfjs' form
 * (`tf`: always float32), with their shape: labels, one-hot rows, 0/1 values, ±1 values (hinge),
 * probability rows (kl_divergence), counts 0..3 (poisson), values in ±3 (wide_regression), or regression values uniform in
 * ±`spread`.
 */
export function lossTargets(loss: string, units: number, n: number, seed: number, spread: number): { axon: Float32Array | Int32Array; tf: Float32Array; shape: number[] } {
  if (loss === 'sparse_categorical_crossentropy') {
    const y = labels(n, units, seed);
    return { axon: y, tf: Float32Array.from(y), shape: [n] };
  }
  if (loss === 'categorical_crossentropy') {
    const y = oneHot(labels(n, units, seed), units);
    return { axon: y, tf: y, shape: [n, units] };
  }
  if (loss === 'binary_crossentropy') {
    const y = Float32Array.from(labels(n * units, 2, seed));
    return { axon: y, tf: y, shape: [n, units] };
  }
  const y = targetValues(loss, n * units, units, seed, spread);
  return { axon: y, tf: y, shape: [n, units] };
}

function targetValues(loss: string, size: number, units: number, seed: number, spread: number): Float32Array {
  if (loss === 'hinge') return Float32Array.from(labels(size, 2, seed), (v) => 2 * v - 1);
  // Errors on both sides of Huber's δ = 1.
  if (loss === 'wide_regression') return uniformArray(size, seed, -3, 3);
  if (loss === 'poisson') return Float32Array.from(labels(size, 4, seed));
  if (loss === 'kl_divergence') {
    // Rows of positive probabilities summing to 1.
    const y = uniformArray(size, seed, 0.05, 1);
    for (let r = 0; r < size; r += units) {
      const row = y.subarray(r, r + units);
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((v, j) => (row[j] = v / total));
    }
    return y;
  }
  return uniformArray(size, seed, -spread, spread);
}

/** The largest absolute and relative differences of `actual` from `expected` (relative to max(|expected|, 1e-6)). */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>): { abs: number; rel: number } {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} and ${expected.length}`);
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(expected[i]!), 1e-6));
  }
  return { abs, rel };
}
