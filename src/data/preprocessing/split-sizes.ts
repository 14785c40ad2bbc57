import { ValueError, describe } from '../../errors.js';

/** A fraction in (0, 1) or an absolute count (a positive integer). */
export type SplitSize = number;

function check(size: SplitSize | undefined, name: string, n: number): void {
  if (size === undefined) return;
  const isCount = Number.isInteger(size) && size >= 1;
  const isFraction = size > 0 && size < 1;
  if (!isCount && !isFraction) {
    throw new ValueError(`options.${name}: expected a fraction in (0, 1) or a positive integer count, received ${describe(size)}`);
  }
  if (isCount && size >= n) {
    throw new ValueError(`options.${name}: expected a count smaller than the number of samples (${n}), received ${size}`);
  }
}

/**
 * Train and test sizes as scikit-learn's `_validate_shuffle_split` derives them: fractions of the
 * test set round up, fractions of the train set round down, and a missing size takes the rest.
 * JavaScript has one number type, so integers >= 1 are counts and values in (0, 1) are fractions.
 */
export function splitSizes(n: number, testSize: SplitSize | undefined, trainSize: SplitSize | undefined): { nTrain: number; nTest: number } {
  const test = testSize === undefined && trainSize === undefined ? 0.25 : testSize;
  check(test, 'testSize', n);
  check(trainSize, 'trainSize', n);
  if (test !== undefined && trainSize !== undefined && test < 1 && trainSize < 1 && test + trainSize > 1) {
    throw new ValueError(`options.testSize + options.trainSize: expected a sum of at most 1, received ${test + trainSize}`);
  }
  let nTest = test === undefined ? undefined : test < 1 ? Math.ceil(test * n) : test;
  let nTrain = trainSize === undefined ? undefined : trainSize < 1 ? Math.floor(trainSize * n) : trainSize;
  if (nTrain === undefined) nTrain = n - nTest!;
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new ValueError(`options.trainSize + options.testSize: expected at most ${n} samples in total, received ${nTrain} + ${nTest}`);
  }
  if (nTrain === 0) {
    throw new ValueError(`options.testSize: with ${n} samples, testSize=${describe(testSize)} and trainSize=${describe(trainSize)} the train set would be empty`);
  }
  return { nTrain, nTest };
}
