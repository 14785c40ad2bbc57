import { describe, expect, it } from 'vitest';
import { crossValidate, type Estimator } from '../../src/data/preprocessing/cross-validate.js';
import { KFold } from '../../src/data/preprocessing/k-fold.js';
import { ValueError } from '../../src/errors.js';
import { Tensor, tensor } from '../../src/tensor.js';
import { expected } from './fixtures.js';

/** Predicts the majority training label; records what each clone was fitted on. */
class Majority implements Estimator {
  static fitted: number[][] = [];
  estimatorType?: 'classifier' | 'regressor';
  private label = 0;

  constructor(type?: 'classifier' | 'regressor') {
    if (type) this.estimatorType = type;
  }
  async fit(_x: Tensor, y: Tensor): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    Majority.fitted.push(Array.from(y.data));
    const counts = new Map<number, number>();
    for (const v of y.data) counts.set(v, (counts.get(v) ?? 0) + 1);
    this.label = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  }
  score(_x: Tensor, y: Tensor): number {
    return Array.from(y.data).filter((v) => v === this.label).length / y.length;
  }
  clone(): Majority {
    return new Majority(this.estimatorType);
  }
}

describe('crossValidate', () => {
  const y: number[] = expected.stratifiedKFold.y;
  const x = tensor(y.map((v, i) => [i, v]));
  const labels = tensor(new Int32Array(y));

  it('uses StratifiedKFold for classifiers and KFold otherwise, as scikit-learn does', async () => {
    Majority.fitted = [];
    const result = await crossValidate(new Majority('classifier'), x, labels, { cv: 3 });
    const trains = (expected.stratifiedKFold['plain-3'] as number[][][]).map(([train]) => train!.map((i) => y[i]));
    expect(Majority.fitted).toEqual(trains);
    expect(result.testScore).toHaveLength(3);
    expect(result.fitTime.every((t) => t > 0)).toBe(true);
    expect(result.scoreTime.every((t) => t >= 0)).toBe(true);

    Majority.fitted = [];
    await crossValidate(new Majority(), x, labels, { cv: 3 });
    const plain = [...new KFold({ nSplits: 3 }).split(y.length)].map(([train]) => train.map((i) => y[i]));
    expect(Majority.fitted).toEqual(plain);
  });

  it('falls back to KFold for one-hot targets, as scikit-learn does for multilabel ones', async () => {
    Majority.fitted = [];
    const oneHot = tensor(y.map((v) => [0, 1, 2].map((c) => (c === v ? 1 : 0))));
    await crossValidate(new Majority('classifier'), x, oneHot, { cv: 3 });
    const plain = [...new KFold({ nSplits: 3 }).split(y.length)].map(([train]) => train.length * 3);
    expect(Majority.fitted.map((f) => f.length)).toEqual(plain);
  });

  it('scores each held-out fold and optionally the training folds', async () => {
    const result = await crossValidate(new Majority(), x, labels, { cv: new KFold({ nSplits: 2 }), returnTrainScore: true });
    expect(result.testScore).toHaveLength(2);
    expect(result.trainScore).toHaveLength(2);
    const [first] = [...new KFold({ nSplits: 2 }).split(y.length)];
    const testLabels = first![1].map((i) => y[i]!);
    const trainLabels = first![0].map((i) => y[i]!);
    const majority = [0, 1, 2].sort((a, b) => trainLabels.filter((v) => v === b).length - trainLabels.filter((v) => v === a).length || a - b)[0];
    expect(result.testScore[0]).toBeCloseTo(testLabels.filter((v) => v === majority).length / testLabels.length, 12);
  });

  it('rejects objects that are not estimators', async () => {
    const notAnEstimator = { fit() {}, score: () => 1 } as unknown as Estimator;
    await expect(crossValidate(notAnEstimator, x, labels)).rejects.toThrow(ValueError);
    await expect(crossValidate(notAnEstimator, x, labels)).rejects.toThrow(/crossValidate\(estimator\): expected an object with fit\(\), score\(\) and clone\(\), received Object without clone\(\)/);
    await expect(crossValidate(new Majority(), x, labels, { cv: 'five' as unknown as number })).rejects.toThrow(/crossValidate\(options\.cv\): expected a fold count or a splitter/);
  });
});
