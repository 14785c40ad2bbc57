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
 * (`tf`: always float32), with their shape: labels, one-hot rows, 0/1 values, or regression values
 * uniform in ±`spread`.
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
  const y = uniformArray(n * units, seed, -spread, spread);
  return { axon: y, tf: y, shape: [n, units] };
}
