import { ValueError } from '../../errors.js';
import type { RandomState } from '../random-state.js';
import { encodeLabels } from './rows.js';

/**
 * scikit-learn's `_approximate_mode`: per-class draw counts summing to `draws`, proportional to the
 * class counts, with leftover draws going to the largest remainders and ties broken at random.
 */
function approximateMode(counts: readonly number[], draws: number, rng: RandomState): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let needToAdd = draws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const addNow = Math.min(inds.length, needToAdd);
      for (const i of rng.choice(inds, addNow)) floored[i]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * One split of scikit-learn's StratifiedShuffleSplit, drawing from `rng` in the same order, so
 * with the same seed the indices equal `train_test_split(..., stratify=y)`'s.
 */
export function stratifiedShuffleSplit(labels: readonly (number | string)[], nTrain: number, nTest: number, rng: RandomState): { train: number[]; test: number[] } {
  const { classes, inverse } = encodeLabels(labels);
  const counts = classes.map(() => 0);
  for (const c of inverse) counts[c]! += 1;
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    throw new ValueError(`options.stratify: the least populated class has only ${smallest} member; every class needs at least 2`);
  }
  if (nTrain < classes.length) throw new ValueError(`options.trainSize: the train set (${nTrain}) must be at least the number of classes (${classes.length})`);
  if (nTest < classes.length) throw new ValueError(`options.testSize: the test set (${nTest}) must be at least the number of classes (${classes.length})`);
  // A stable sort groups each class's sample indices in their original order.
  const byClass: number[][] = classes.map(() => []);
  inverse.forEach((c, i) => byClass[c]!.push(i));
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(counts.map((c, i) => c - nI[i]!), nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((members, k) => {
    const order = rng.permutation(members.length).map((i) => members[i]!);
    train.push(...order.slice(0, nI[k]!));
    test.push(...order.slice(nI[k]!, nI[k]! + tI[k]!));
  });
  return { train: rng.permutation(train), test: rng.permutation(test) };
}
