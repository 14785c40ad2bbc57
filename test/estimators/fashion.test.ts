import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SGDClassifier } from '../../src/estimators/index.js';
import { fashionMnist } from '../../src/data/datasets/fashion-mnist.js';
import { crossValidate } from '../../src/data/preprocessing/cross-validate.js';
import { Tensor } from '../../src/tensor.js';
import { results } from './fixtures.js';

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
}

const available = existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');

function scaled(images: Tensor<'uint8'>, rows = images.length): Tensor<'float32'> {
  const out = new Float32Array(rows * 784);
  for (let i = 0; i < out.length; i++) out[i] = images.data[i]! / 255;
  return new Tensor(out, [rows, 784]);
}

describe.skipIf(!available)('SGDClassifier on real Fashion-MNIST', async () => {
  const [[xTrain, yTrain], [xTest, yTest]] = available ? await fashionMnist.loadData({ download: false }) : [[null, null], [null, null]];

  it('matches scikit-learn on a 3,000-image subset (log_loss, maxIter 5, randomState 42)', async () => {
    const ref = results.cases.sgd_fashion_subset;
    const x = scaled(xTrain!, 3000);
    const y = new Tensor(Int32Array.from(yTrain!.data.subarray(0, 3000)), [3000]);
    const xt = scaled(xTest!, 1000);
    const yt = new Tensor(Int32Array.from(yTest!.data.subarray(0, 1000)), [1000]);
    const start = performance.now();
    const est = await new SGDClassifier({ loss: 'log_loss', maxIter: 5, randomState: 42 }).fit(x, y);
    const seconds = (performance.now() - start) / 1000;
    console.log(`fashion subset fit ${seconds.toFixed(3)} s (scikit-learn ${ref.fitSeconds.toFixed(3)} s); test ${est.score(xt, yt)} vs ${ref.testScore}`);
    expect(est.nIter).toBe(ref.nIter);
    // Identical sample orders: after one epoch the weights agree to rounding; after five, the
    // last-bit differences of the summation order have grown (chaotic early steps of size ~10),
    // so the models are compared by their predictions.
    const one = await new SGDClassifier({ loss: 'log_loss', maxIter: 1, tol: null, randomState: 42 }).fit(x, y);
    const perClass = ref.epoch1Coef.map((row, k) => maxRelDiff(one.coefF64.subarray(k * 784, (k + 1) * 784), row));
    console.log(`epoch-1 relative coefficient differences per class: ${perClass.map((d) => d.toExponential(1)).join(' ')}`);
    // Measured: 7 of 10 problems agree to 1e-6 or better; the hard classes (coat, shirt, bag) drift
    // within the first epoch because steps start near eta = 10.
    expect(perClass.filter((d) => d < 1e-6).length).toBeGreaterThanOrEqual(6);
    const predicted = est.predict(xt).data;
    const agree = ref.predictTest.filter((v, i) => v === predicted[i]).length / ref.predictTest.length;
    // Measured 0.84: equally accurate models (0.787 vs 0.786) that disagree on ambiguous images.
    expect(agree).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(est.score(x, y) - ref.trainScore)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(est.score(xt, yt) - ref.testScore)).toBeLessThanOrEqual(0.01);
  });

  it("reproduces the seed's 5-fold cross-validation score of about 0.82 on all 60,000 images", async () => {
    const x = scaled(xTrain!);
    const y = new Tensor(Int32Array.from(yTrain!.data), [yTrain!.length]);
    const start = performance.now();
    const cv = await crossValidate(new SGDClassifier({ loss: 'log_loss', maxIter: 5, randomState: 42 }), x, y, { cv: 5 });
    const mean = cv.testScore.reduce((a, b) => a + b, 0) / cv.testScore.length;
    console.log(`fashion 5-fold CV: mean ${mean.toFixed(4)} folds ${cv.testScore.map((s) => s.toFixed(4)).join(' ')} fit ${cv.fitTime.map((t) => t.toFixed(2)).join(' ')} s, total ${((performance.now() - start) / 1000).toFixed(1)} s`);
    // scikit-learn 1.2.1 prints 0.8196 (folds 0.8308 0.8203 0.8204 0.8080 0.8186).
    expect(mean).toBeGreaterThan(0.81);
    expect(mean).toBeLessThan(0.83);
    expect(Math.abs(mean - 0.8196)).toBeLessThan(0.005);
  }, 120_000);
});
