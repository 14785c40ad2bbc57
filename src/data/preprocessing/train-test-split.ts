import { checkOptions } from '../../options.js';
import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { toRandomState, type RandomSeed } from '../random-state.js';
import { labelValues, rowCount, takeRows, type Rows } from './rows.js';
import { splitSizes, type SplitSize } from './split-sizes.js';
import { stratifiedShuffleSplit } from './stratified-shuffle.js';

export interface TrainTestSplitOptions {
  /** Fraction (0, 1) or count of test samples. Default 0.25 when trainSize is not given either. */
  testSize?: SplitSize;
  /** Fraction (0, 1) or count of train samples. Default: the complement of testSize. */
  trainSize?: SplitSize;
  /** Seed (numpy-compatible, so the split equals scikit-learn's for the same seed) or a RandomState. */
  randomState?: RandomSeed;
  /** Shuffle before splitting. Default true. */
  shuffle?: boolean;
  /** Labels to keep class proportions equal in both parts (usually `y`). */
  stratify?: Tensor | readonly (number | string)[];
}

/**
 * Splits `x` and `y` (Tensors by first axis, or plain arrays) into random train and test subsets,
 * like scikit-learn's `train_test_split`; returns `[xTrain, xTest, yTrain, yTest]`.
 */
export function trainTestSplit<X extends Rows, Y extends Rows>(x: X, y: Y, options: TrainTestSplitOptions = {}): [X, X, Y, Y] {
  checkOptions(options, ['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify'], 'trainTestSplit');
  const n = rowCount(x, 'trainTestSplit(x)');
  const ny = rowCount(y, 'trainTestSplit(y)');
  if (n !== ny) throw new ShapeError(`trainTestSplit(y): expected as many rows as x (${n}), received ${ny}`);
  const { nTrain, nTest } = splitSizes(n, options.testSize, options.trainSize);
  let train: number[];
  let test: number[];
  if (options.shuffle === false) {
    if (options.stratify !== undefined) throw new ValueError('trainTestSplit(options.stratify): stratified splitting needs shuffle: true');
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else {
    const rng = toRandomState(options.randomState, 'trainTestSplit(options.randomState)');
    if (options.stratify !== undefined) {
      const labels = labelValues(options.stratify, 'trainTestSplit(options.stratify)');
      if (labels.length !== n) throw new ShapeError(`trainTestSplit(options.stratify): expected ${n} labels, received ${labels.length}`);
      ({ train, test } = stratifiedShuffleSplit(labels, nTrain, nTest, rng));
    } else {
      const order = rng.permutation(n);
      test = order.slice(0, nTest);
      train = order.slice(nTest, nTest + nTrain);
    }
  }
  return [takeRows(x, train), takeRows(x, test), takeRows(y, train), takeRows(y, test)];
}
