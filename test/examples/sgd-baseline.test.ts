// 혼자 공부하는 머신러닝+딥러닝 ch. 7-1's SGDClassifier baseline (examples/sgd-baseline.mjs) on the
// first 2,000 Fashion-MNIST images: stratified 5-fold cross-validation as scikit-learn's
// cross_validate runs it, and the held-out confusion matrix.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { confusionPlot, crossValidation, heldOut } from '../../examples/sgd-baseline.mjs';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { loadScaled } from '../../examples/fashion-mnist.mjs';
import { sklearnAvailable, sklearnReference } from './sklearn.js';

type Labels = { data: ArrayLike<number>; shape: number[] };
const ROWS = 2000;
const all = await loadScaled();
const data = { x: all.x.slice(0, ROWS), y: all.y.slice(0, ROWS) };
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('SGDClassifier baseline example', () => {
  it.skipIf(!sklearnAvailable)('cross-validates to the accuracy scikit-learn reaches on the same folds', async () => {
    const cv = (await crossValidation(data, { maxIter: 5 })) as { testScore: number[]; mean: number };
    expect(cv.testScore).toHaveLength(5);
    expect(cv.mean).toBeCloseTo(mean(cv.testScore), 12);
    const reference = sklearnReference<{ test_score: number[] }>('sgd-cv', String(ROWS), '5');
    // Same folds (StratifiedKFold, checked index by index) and the same sample order, but steps that
    // start near eta = 10 turn last-bit differences into different, equally good models (see
    // test/estimators/fashion.test.ts), so fold scores differ by a few points. Measured: means
    // 0.7495 vs 0.7185 on 2,000 images, 0.7889 vs 0.7878 on 10,000.
    expect(Math.abs(cv.mean - mean(reference.test_score))).toBeLessThan(0.05);
    expect(cv.mean).toBeGreaterThan(0.7);
  }, 30_000);

  it('draws the held-out confusion matrix with every class named', async () => {
    const held = (await heldOut(data)) as { yVal: Labels; predicted: Labels; accuracy: number };
    expect(held.yVal.shape).toEqual([400]);
    let right = 0;
    for (let i = 0; i < 400; i++) if (held.yVal.data[i] === held.predicted.data[i]) right++;
    expect(held.accuracy).toBeCloseTo(right / 400, 12);
    expect(held.accuracy).toBeGreaterThan(0.65);
    const svg = confusionPlot(held) as string;
    for (const name of ['T-shirt/top', 'Trouser', 'Ankle boot']) expect(svg).toContain(name);
  }, 30_000);
});
