import { afterEach, describe, expect, it, vi } from 'vitest';
import { crossValidate, type CrossValidateOptions, type Estimator } from '../../src/data/preprocessing/cross-validate.js';
import { KFold, StratifiedKFold } from '../../src/data/preprocessing/k-fold.js';
import type { Rows } from '../../src/data/preprocessing/rows.js';
import { trainTestSplit, type TrainTestSplitOptions } from '../../src/data/preprocessing/train-test-split.js';
import { ShapeError } from '../../src/errors.js';
import { tensor } from '../../src/tensor.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** [train size, test size] of an unshuffled split of n samples. */
function sizes(n: number, options: TrainTestSplitOptions): [number, number] {
  const [train, test] = trainTestSplit(range(n), range(n), { ...options, shuffle: false });
  return [train.length, test.length];
}

/** The [train, test] sample indices of a stratified split with seed 0. */
function stratified(y: NonNullable<TrainTestSplitOptions['stratify']>, options: TrainTestSplitOptions): [number[], number[]] {
  const [train, test] = trainTestSplit(range(y.length), range(y.length), { ...options, stratify: y, randomState: 0 });
  return [train, test];
}

describe('trainTestSplit sizes', () => {
  it('reads testSize 1 and trainSize 1 as one sample, like the integer 1 in scikit-learn', () => {
    // train_test_split(range(20), test_size=1 / train_size=1 / test_size=1, train_size=0.5 / ...) sizes
    expect(sizes(20, { testSize: 1 })).toEqual([19, 1]);
    expect(sizes(20, { trainSize: 1 })).toEqual([1, 19]);
    expect(sizes(20, { testSize: 1, trainSize: 0.5 })).toEqual([10, 1]);
    expect(sizes(20, { trainSize: 1, testSize: 0.5 })).toEqual([1, 10]);
  });

  it('rejects a size of 0, as scikit-learn does', () => {
    expect(() => sizes(20, { testSize: 0 })).toThrow(/options\.testSize: expected a fraction in \(0, 1\) or a positive integer count, received 0/);
    expect(() => sizes(20, { trainSize: 0 })).toThrow(/options\.trainSize: expected a fraction in \(0, 1\) or a positive integer count, received 0/);
  });

  it('rounds a train fraction down and leaves the rest to the test set', () => {
    // train_test_split(range(5), train_size=0.5) -> 2 train, 3 test
    expect(sizes(5, { trainSize: 0.5 })).toEqual([2, 3]);
  });

  it('accepts fractions that sum to exactly 1', () => {
    expect(sizes(20, { testSize: 0.25, trainSize: 0.75 })).toEqual([15, 5]);
  });

  it('rejects fractions that sum past 1 even when the rounded counts would fit', () => {
    // scikit-learn: "The sum of test_size and train_size = 1.125, should be in the (0, 1) range" (ceil(2) + floor(2.5) = 4 samples would fit)
    expect(() => sizes(4, { testSize: 0.5, trainSize: 0.625 })).toThrow(/options\.testSize \+ options\.trainSize: expected a sum of at most 1, received 1\.125/);
  });

  it('rejects counts that together exceed the number of samples', () => {
    // scikit-learn: "The sum of train_size and test_size = 25, should be smaller than the number of samples 20"
    expect(() => sizes(20, { testSize: 15, trainSize: 10 })).toThrow(/expected at most 20 samples in total, received 10 \+ 15/);
  });

  it('rejects a test fraction that leaves no training samples', () => {
    // scikit-learn: "With n_samples=3, test_size=0.9 and train_size=None, the resulting train set will be empty"
    expect(() => sizes(3, { testSize: 0.9 })).toThrow(/with 3 samples, testSize=0\.9 and trainSize=undefined the train set would be empty/);
  });
});

describe('trainTestSplit with stratify', () => {
  // Expected indices: train_test_split(list(range(len(y))), stratify=y, random_state=0, ...) in scikit-learn 1.2.

  it('orders numeric classes numerically (10 after 2), as numpy does', () => {
    const y = [10, 2, 5, 10, 2, 10, 5, 2, 10, 2, 5, 2];
    expect(stratified(y, { testSize: 0.5 })).toEqual([[2, 8, 7, 10, 3, 11], [0, 1, 6, 5, 9, 4]]);
  });

  it('orders string classes by code point', () => {
    const y = ['pear', 'apple', 'fig', 'pear', 'apple', 'pear', 'fig', 'apple', 'pear', 'apple', 'fig', 'apple'];
    expect(stratified(y, { testSize: 0.5 })).toEqual([[2, 8, 7, 10, 3, 11], [0, 1, 6, 5, 9, 4]]);
  });

  it('treats a mix of numbers and strings as strings (10 before 2), as numpy does', () => {
    const y = [10, 2, 'a', 10, 2, 10, 'a', 2, 10, 2, 'a', 2];
    expect(stratified(y, { testSize: 0.5 })).toEqual([[0, 1, 7, 2, 5, 10], [9, 4, 11, 6, 3, 8]]);
    // 1 and '1' are one class '1', so two classes fit a test set of 2 (three would be refused).
    expect(stratified([1, '1', 2, '1', 1, 2], { testSize: 2 })).toEqual([[3, 1, 4, 2], [0, 5]]);
  });

  it('accepts a column-vector [n, 1] label tensor like a 1-D one', () => {
    const y = [0, 1, 2, 0, 1, 0, 2, 1, 0, 1, 2, 1];
    const want = [[0, 1, 7, 2, 5, 10], [9, 4, 11, 6, 3, 8]];
    expect(stratified(tensor(y.map((v) => [v])), { testSize: 0.5 })).toEqual(want);
    expect(stratified(y, { testSize: 0.5 })).toEqual(want);
  });

  it('makes no tie-breaking draws when the classes divide exactly', () => {
    // 6 + 6 samples split in half: 3 of each class per side, so the random draws are only the permutations.
    expect(stratified([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], { testSize: 0.5 })).toEqual([[3, 9, 4, 2, 7, 10], [11, 8, 1, 5, 0, 6]]);
  });

  it('gives leftover samples to the largest remainders and keeps the requested sizes', () => {
    // Three tied classes of 4 share one leftover train sample.
    expect(stratified([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], { trainSize: 4, testSize: 4 })).toEqual([[10, 5, 2, 9], [6, 8, 1, 3]]);
    // Classes of 6, 5 and 4 with 7 train samples: floors 2 + 2 + 1 and two leftovers, one remainder at a time.
    const y = [...new Array<number>(6).fill(0), ...new Array<number>(5).fill(1), ...new Array<number>(4).fill(2)];
    expect(stratified(y, { trainSize: 7 })).toEqual([[12, 1, 7, 9, 13, 5, 2], [4, 8, 14, 11, 10, 6, 0, 3]]);
  });

  it('allows a class of two members and sets as small as the number of classes', () => {
    const y = [0, 1, 0, 1, 1, 1];
    expect(stratified(y, { testSize: 2 })).toEqual([[2, 1, 4, 3], [0, 5]]);
    expect(stratified(y, { trainSize: 2 })).toEqual([[2, 4], [0, 3, 1, 5]]);
  });
});

describe('KFold and StratifiedKFold edges', () => {
  it('default to 5 folds, as scikit-learn does', () => {
    expect(new KFold().getNSplits()).toBe(5);
    expect([...new KFold().split(10)]).toHaveLength(5);
    expect([...new StratifiedKFold().split(10, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])]).toHaveLength(5);
  });

  it('allow as many folds as samples (leave-one-out)', () => {
    // [(tr.tolist(), te.tolist()) for tr, te in KFold(3).split(np.zeros(3))]
    expect([...new KFold({ nSplits: 3 }).split(3)]).toEqual([[[1, 2], [0]], [[0, 2], [1]], [[0, 1], [2]]]);
  });

  it('reject sample counts that are not non-negative integers, and empty data', () => {
    expect(() => [...new KFold({ nSplits: 2 }).split(2.5)]).toThrow(/KFold\.split\(x\): expected a sample count, received 2\.5/);
    expect(() => [...new KFold({ nSplits: 2 }).split(-1)]).toThrow(/KFold\.split\(x\): expected a sample count, received -1/);
    // scikit-learn: "Cannot have number of splits n_splits=5 greater than the number of samples: n_samples=0."
    expect(() => [...new KFold().split([])]).toThrow(/KFold\.split\(x\): cannot make 5 folds from 0 samples/);
  });

  it('StratifiedKFold allows as many folds as the largest class has members', () => {
    // [(tr.tolist(), te.tolist()) for tr, te in StratifiedKFold(2).split(np.zeros(4), [0, 0, 1, 1])]
    expect([...new StratifiedKFold({ nSplits: 2 }).split(4, [0, 0, 1, 1])]).toEqual([[[1, 3], [0, 2]], [[0, 2], [1, 3]]]);
  });

  it('StratifiedKFold names the largest class when every class is too small', () => {
    expect(() => [...new StratifiedKFold({ nSplits: 4 }).split(4, [0, 0, 0, 1])]).toThrow(/4 folds exceed the number of members of every class \(largest: 3\)/);
  });

  it('StratifiedKFold accepts column-vector labels and rejects multi-column ones', () => {
    // StratifiedKFold(3).split(np.zeros(6), np.array([0, 0, 0, 1, 1, 1]).reshape(-1, 1))
    expect([...new StratifiedKFold({ nSplits: 3 }).split(6, tensor([[0], [0], [0], [1], [1], [1]]))]).toEqual([
      [[1, 2, 4, 5], [0, 3]],
      [[0, 2, 3, 5], [1, 4]],
      [[0, 1, 3, 4], [2, 5]],
    ]);
    // scikit-learn refuses one-hot targets ('multilabel-indicator') too.
    const oneHot = tensor([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1]]);
    expect(() => [...new StratifiedKFold({ nSplits: 2 }).split(6, oneHot)]).toThrow(ShapeError);
    expect(() => [...new StratifiedKFold({ nSplits: 2 }).split(6, oneHot)]).toThrow(/expected labels of shape \[n\] or \[n, 1\], received \[6, 2\]/);
  });
});

/** A classifier fitted on row numbers (x[i] = i) that logs which rows each fold trained on. */
function rowLogger<Y extends Rows>(trained: number[][]): Estimator<number[], Y> {
  return {
    estimatorType: 'classifier',
    fit: (x) => trained.push(x),
    score: () => 1,
    clone: () => rowLogger<Y>(trained),
  };
}

async function trainedRows<Y extends Rows>(y: Y, options: CrossValidateOptions = {}): Promise<number[][]> {
  const trained: number[][] = [];
  await crossValidate(rowLogger<Y>(trained), range(y.length), y, options);
  return trained;
}

describe('crossValidate edges', () => {
  const blocks = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
  // [tr.tolist() for tr, te in StratifiedKFold(3).split(X, blocks)] and the same for KFold(3)
  const stratifiedTrains = [[2, 3, 5, 6, 7, 9, 10, 11], [0, 1, 3, 4, 7, 8, 10, 11], [0, 1, 2, 4, 5, 6, 8, 9]];
  const plainTrains = [[4, 5, 6, 7, 8, 9, 10, 11], [0, 1, 2, 3, 8, 9, 10, 11], [0, 1, 2, 3, 4, 5, 6, 7]];

  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults to 5 folds, as scikit-learn does', async () => {
    expect(await trainedRows(range(12).map((i) => i % 2))).toHaveLength(5);
  });

  it('stratifies a classifier with column-vector or string labels', async () => {
    // type_of_target gives 'multiclass' for both, so check_cv picks StratifiedKFold.
    expect(await trainedRows(tensor(blocks.map((v) => [v])), { cv: 3 })).toEqual(stratifiedTrains);
    expect(await trainedRows(blocks.map((v) => 'abc'[v]!), { cv: 3 })).toEqual(stratifiedTrains);
  });

  it('uses plain KFold for a classifier whose target has any non-integer value', async () => {
    // type_of_target gives 'continuous', so check_cv picks KFold, whichever sample is fractional.
    expect(await trainedRows([0.5, ...blocks.slice(1)], { cv: 3 })).toEqual(plainTrains);
    expect(await trainedRows(blocks.map((v) => v + 0.5), { cv: 3 })).toEqual(plainTrains);
  });

  it('reports the seconds spent in fit and in scoring the test fold', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'Date'] });
    const timed: Estimator<number[], number[]> = {
      fit: () => vi.advanceTimersByTime(1500),
      score: () => {
        vi.advanceTimersByTime(250);
        return 1;
      },
      clone: () => timed,
    };
    const result = await crossValidate(timed, range(6), range(6), { cv: 3, returnTrainScore: true });
    expect(result.fitTime).toEqual([1.5, 1.5, 1.5]);
    expect(result.scoreTime).toEqual([0.25, 0.25, 0.25]);
  });
});
