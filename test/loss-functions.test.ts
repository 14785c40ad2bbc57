// losses.* and metrics.* as Keras and tfjs expose them: called, one value per sample (the kernels
// training uses, checked against TensorFlow.js); given to compile(), the same as their names.
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, losses, metrics, ready, setRandomSeed, tensor } from '../src/index.js';
import { loadTf } from './helpers/tfjs.js';
import type { Tf } from './helpers/tfjs.js';
import { closeness, uniformArray } from './helpers/random-data.js';

let tf: Tf;
beforeAll(async () => {
  await ready();
  tf = await loadTf();
});

describe('losses.* and metrics.*', () => {
  it('give per-sample values equal to tfjs\' loss and metric functions', () => {
    const rows = 6, cols = 4;
    const p = Float32Array.from(uniformArray(rows * cols, 1, 0.05, 1));
    const t = Float32Array.from(uniformArray(rows * cols, 2, 0, 1));
    const pT = tf.tensor(p, [rows, cols]);
    const tT = tf.tensor(t, [rows, cols]);
    const pairs: [keyof typeof losses & string, (a: typeof tT, b: typeof pT) => ReturnType<Tf['tensor']>][] = [
      ['meanSquaredError', tf.metrics.meanSquaredError],
      ['mae', tf.metrics.meanAbsoluteError],
      ['poisson', (a, b) => tf.mean(tf.sub(b, tf.mul(a, tf.log(tf.add(b, 1e-7)))), -1)],
      ['logCosh', (a, b) => tf.mean(tf.log(tf.cosh(tf.sub(b, a))), -1)],
    ];
    for (const [name, reference] of pairs) {
      const ours = losses[name]!(tensor(t, [rows, cols]), tensor(p, [rows, cols]));
      expect(ours.shape, name).toEqual([rows]);
      expect(closeness(ours.data, reference(tT, pT).dataSync(), 1e-5, 1e-6), name).toBeLessThanOrEqual(1);
    }
    const labels = Float32Array.from({ length: rows }, (_, i) => i % cols);
    const sparse = losses['sparseCategoricalCrossentropy']!(tensor(labels, [rows]), tensor(p, [rows, cols]));
    // tfjs' sparse categorical cross-entropy on probabilities: −log of the label's share, clipped to [1e-7, 1 − 1e-7].
    const reference = Array.from({ length: rows }, (_, i) => {
      const row = Array.from(p.subarray(i * cols, (i + 1) * cols), (v) => Math.min(Math.max(v, 1e-7), 1 - 1e-7));
      return -Math.log(Math.min(Math.max(row[labels[i]!]! / row.reduce((a, b) => a + b, 0), 1e-7), 1 - 1e-7));
    });
    expect(closeness(sparse.data, reference, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    const accuracy = metrics['categoricalAccuracy']!(tensor(t, [rows, cols]), tensor(p, [rows, cols]));
    expect(Array.from(accuracy.data)).toEqual(Array.from(tf.metrics.categoricalAccuracy(tT, pT).dataSync()));
    expect(() => losses['mse']!(tensor(t, [rows, cols]), tensor(p.subarray(0, 20), [5, cols]))).toThrow(/losses.mse\(yTrue\): expected 5 samples to match x, received 6/);
  });

  it('compile() takes them as it takes names, and logs metrics under their Keras names', async () => {
    const run = async (loss: unknown, metric: unknown): Promise<Record<string, number[]>> => {
      setRandomSeed(4);
      const m = new Sequential([new Dense(3, { inputShape: [5], activation: 'softmax' })]);
      m.compile({ loss: loss as never, metrics: [metric as never], optimizer: 'sgd' });
      const h = await m.fit(tensor(uniformArray(20 * 5, 1), [20, 5]), tensor(Float32Array.from({ length: 20 }, (_, i) => i % 3), [20]), { epochs: 2, verbose: 0, shuffle: false });
      m.dispose();
      return h.history;
    };
    const byFunction = await run(losses['sparseCategoricalCrossentropy'], metrics['sparseCategoricalAccuracy']);
    const byName = await run('sparse_categorical_crossentropy', 'sparse_categorical_accuracy');
    expect(byFunction).toEqual(byName);
    expect(Object.keys(byFunction)).toEqual(['loss', 'sparse_categorical_accuracy']);
  });
});
