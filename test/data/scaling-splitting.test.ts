import { describe, expect, it } from 'vitest';
import { KFold, StratifiedKFold } from '../../src/data/preprocessing/k-fold.js';
import { StandardScaler } from '../../src/data/preprocessing/standard-scaler.js';
import { trainTestSplit } from '../../src/data/preprocessing/train-test-split.js';
import { ShapeError, StateError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor.js';
import { expected } from './fixtures.js';

describe('StandardScaler', () => {
  const want = expected.standardScaler;

  it("matches scikit-learn's mean_, var_, scale_ and transform", () => {
    const scaler = new StandardScaler();
    const out = scaler.fitTransform(want.x);
    want.mean.forEach((m: number, j: number) => expect(scaler.mean![j]).toBeCloseTo(m, 12));
    want.variance.forEach((v: number, j: number) => expect(scaler.variance![j]).toBeCloseTo(v, 12));
    expect(Array.from(scaler.scale!)).toEqual(want.scale.map((s: number, j: number) => (j === 2 ? 1 : expect.closeTo(s, 12))));
    (want.transformed as number[][]).flat().forEach((v, i) => expect(out.data[i]).toBeCloseTo(v, 5));
  });

  it('inverts its transform', () => {
    const scaler = new StandardScaler().fit(want.x);
    const back = scaler.inverseTransform(scaler.transform(want.x));
    (want.x as number[][]).flat().forEach((v, i) => expect(back.data[i]).toBeCloseTo(v, 5));
  });

  it('honours withMean and withStd', () => {
    const x = tensor([[1, 10], [3, 30]]);
    expect(new StandardScaler({ withMean: false }).fitTransform(x).toArray()).toEqual([[1, 1], [3, 3]]);
    expect(new StandardScaler({ withStd: false }).fitTransform(x).toArray()).toEqual([[-1, -10], [1, 10]]);
  });

  it('throws before fit, on a feature-count mismatch, and on non-matrices', () => {
    expect(() => new StandardScaler().transform([[1]])).toThrow(StateError);
    expect(() => new StandardScaler().transform([[1]])).toThrow(/StandardScaler\.transform\(\): call fit\(\) first/);
    const scaler = new StandardScaler().fit([[1, 2], [3, 4]]);
    expect(() => scaler.transform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => scaler.transform([[1, 2, 3]])).toThrow(/StandardScaler\.transform\(x\): expected 2 features as seen in fit\(\), received 3/);
    expect(() => scaler.fit([1, 2, 3])).toThrow(/StandardScaler\.fit\(x\): expected a 2-D \[samples, features\] tensor, received shape \[3\]/);
  });
});

describe('trainTestSplit', () => {
  const n = 20;
  const x = Array.from({ length: n }, (_, i) => i);

  const toOptions = (o: Record<string, number | boolean>) => ({
    testSize: o.test_size as number | undefined,
    trainSize: o.train_size as number | undefined,
    randomState: o.random_state as number | undefined,
    shuffle: o.shuffle as boolean | undefined,
  });

  it.each(Object.entries(expected.trainTestSplit.cases).filter(([k]) => !k.startsWith('stratify')))(
    'picks the same indices as scikit-learn (%s)',
    (_name, c) => {
      const { options, train, test } = c as { options: Record<string, number | boolean>; train: number[]; test: number[] };
      const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, x.map((v) => v * 10), toOptions(options));
      expect(xTrain).toEqual(train);
      expect(xTest).toEqual(test);
      expect(yTrain).toEqual(train.map((v) => v * 10));
      expect(yTest).toEqual(test.map((v) => v * 10));
    },
  );

  it.each(Object.entries(expected.trainTestSplit.cases).filter(([k]) => k.startsWith('stratify')))(
    'stratifies exactly like scikit-learn (%s)',
    (_name, c) => {
      const { options, train, test } = c as { options: Record<string, number | boolean>; train: number[]; test: number[] };
      const y: number[] = expected.trainTestSplit.y;
      const idx = y.map((_, i) => i);
      const [xTrain, xTest] = trainTestSplit(idx, y, { ...toOptions(options), stratify: tensor(new Int32Array(y)) });
      expect(xTrain).toEqual(train);
      expect(xTest).toEqual(test);
    },
  );

  it('splits Tensors by rows', () => {
    const xs = tensor([[0, 0], [1, 1], [2, 2], [3, 3]]);
    const ys = tensor(new Int32Array([0, 1, 2, 3]));
    const [xTrain, xTest, yTrain, yTest] = trainTestSplit(xs, ys, { testSize: 0.25, randomState: 0 });
    expect([xTrain.shape, xTest.shape, yTrain.shape, yTest.shape]).toEqual([[3, 2], [1, 2], [3], [1]]);
    expect((xTest.toArray() as number[][])[0]![0]).toBe(yTest.data[0]);
  });

  it('validates sizes, lengths and stratification like scikit-learn', () => {
    expect(() => trainTestSplit(x, x.slice(1))).toThrow(ShapeError);
    expect(() => trainTestSplit(x, x.slice(1))).toThrow(/trainTestSplit\(y\): expected as many rows as x \(20\), received 19/);
    expect(() => trainTestSplit(x, x, { testSize: 1.5 })).toThrow(/options\.testSize: expected a fraction in \(0, 1\) or a positive integer count, received 1\.5/);
    expect(() => trainTestSplit(x, x, { testSize: 20 })).toThrow(/options\.testSize: expected a count smaller than the number of samples \(20\), received 20/);
    expect(() => trainTestSplit(x, x, { testSize: 0.6, trainSize: 0.6 })).toThrow(ValueError);
    expect(() => trainTestSplit(x, x, { stratify: x, shuffle: false })).toThrow(/stratified splitting needs shuffle: true/);
    const lonely = [...new Array(19).fill(0), 1];
    expect(() => trainTestSplit(x, x, { stratify: lonely, randomState: 0 })).toThrow(/options\.stratify: the least populated class has only 1 member/);
  });
});

describe('KFold', () => {
  const cases = expected.kFold;

  it('cuts folds like scikit-learn, extra samples in the first folds', () => {
    expect([...new KFold({ nSplits: 3 }).split(10)]).toEqual(cases['plain-10-3']);
    expect([...new KFold({ nSplits: 4 }).split(new Array(11).fill(0))]).toEqual(cases['plain-11-4']);
  });

  it('shuffles with numpy-compatible seeds', () => {
    expect([...new KFold({ nSplits: 5, shuffle: true, randomState: 0 }).split(13)]).toEqual(cases['shuffle-13-5-seed0']);
    expect([...new KFold({ nSplits: 3, shuffle: true, randomState: 42 }).split(tensor(new Float32Array(10)))]).toEqual(cases['shuffle-10-3-seed42']);
  });

  it('rejects impossible settings', () => {
    expect(() => new KFold({ nSplits: 1 })).toThrow(/KFold\(options\.nSplits\): expected an integer of at least 2, received 1/);
    expect(() => new KFold({ randomState: 3 })).toThrow(/KFold\(options\.randomState\): has no effect unless shuffle is true/);
    expect(() => [...new KFold({ nSplits: 5 }).split(3)]).toThrow(/KFold\.split\(x\): cannot make 5 folds from 3 samples/);
  });
});

describe('StratifiedKFold', () => {
  const cases = expected.stratifiedKFold;
  const y: number[] = cases.y;

  it('matches scikit-learn without and with shuffling', () => {
    expect([...new StratifiedKFold({ nSplits: 3 }).split(y.length, y)]).toEqual(cases['plain-3']);
    expect([...new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 0 }).split(y.length, y)]).toEqual(cases['shuffle-3-seed0']);
    expect([...new StratifiedKFold({ nSplits: 4, shuffle: true, randomState: 7 }).split(y.length, tensor(new Int32Array(y)))]).toEqual(cases['shuffle-4-seed7']);
  });

  it('needs labels, and enough members in some class', () => {
    expect(() => [...new StratifiedKFold().split(4)]).toThrow(/StratifiedKFold\.split\(y\): expected the class labels, received undefined/);
    expect(() => [...new StratifiedKFold({ nSplits: 3 }).split(4, [0, 0, 1, 1])]).toThrow(/3 folds exceed the number of members of every class \(largest: 2\)/);
  });
});
