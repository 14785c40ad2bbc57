import { checkOptions } from '../../options.js';
import { ShapeError, ValueError, describe } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { toRandomState, type RandomSeed } from '../random-state.js';
import { labelValues, rowCount, type Rows } from './rows.js';

export interface KFoldOptions {
  /** Number of folds, at least 2. Default 5. */
  nSplits?: number;
  /** Shuffle the samples before cutting folds. Default false. */
  shuffle?: boolean;
  /** Seed (numpy-compatible, so folds equal scikit-learn's) or RandomState; only with shuffle. */
  randomState?: RandomSeed;
}

/** `[trainIndices, testIndices]` of one fold, both in ascending order as scikit-learn yields them. */
export type Fold = [number[], number[]];

/** Something that yields folds, such as KFold or StratifiedKFold. */
export interface Splitter {
  split(x: Rows | number, y?: Tensor | readonly (number | string)[]): Iterable<Fold>;
  getNSplits(): number;
}

function settings(options: KFoldOptions, what: string): { nSplits: number; shuffle: boolean; randomState: RandomSeed } {
  checkOptions(options, ['nSplits', 'shuffle', 'randomState'], what);
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new ValueError(`${what}(options.nSplits): expected an integer of at least 2, received ${describe(nSplits)}`);
  const shuffle = options.shuffle ?? false;
  if (!shuffle && options.randomState !== undefined) {
    throw new ValueError(`${what}(options.randomState): has no effect unless shuffle is true; set shuffle: true or leave randomState out`);
  }
  return { nSplits, shuffle, randomState: options.randomState };
}

function sampleCount(x: Rows | number, nSplits: number, what: string): number {
  const n = typeof x === 'number' ? x : rowCount(x, `${what}.split(x)`);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${what}.split(x): expected a sample count, received ${describe(n)}`);
  if (nSplits > n) throw new ValueError(`${what}.split(x): cannot make ${nSplits} folds from ${n} samples`);
  return n;
}

/** Turns per-sample fold numbers into ascending [train, test] index lists. */
function* foldsFrom(testFold: ArrayLike<number>, nSplits: number): Generator<Fold> {
  for (let k = 0; k < nSplits; k++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < testFold.length; i++) (testFold[i] === k ? test : train).push(i);
    yield [train, test];
  }
}

/**
 * K consecutive folds, like scikit-learn's KFold: the first `n % k` folds get one extra sample;
 * with shuffle, samples are permuted first (the indices in each fold still come back sorted).
 */
export class KFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomSeed;

  constructor(options: KFoldOptions = {}) {
    ({ nSplits: this.nSplits, shuffle: this.shuffle, randomState: this.randomState } = settings(options, 'KFold'));
  }

  getNSplits(): number {
    return this.nSplits;
  }

  /** Accepts the data (Tensor or array) or just its sample count. */
  *split(x: Rows | number): Generator<Fold> {
    const n = sampleCount(x, this.nSplits, 'KFold');
    const order = Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) toRandomState(this.randomState, 'KFold(options.randomState)').shuffle(order);
    const testFold = new Int32Array(n);
    let start = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      for (let i = start; i < start + size; i++) testFold[order[i]!] = k;
      start += size;
    }
    yield* foldsFrom(testFold, this.nSplits);
  }
}

/**
 * Folds that keep class proportions, like scikit-learn's StratifiedKFold: classes are numbered by
 * first appearance, dealt round-robin into folds, and each class's fold labels are assigned in
 * sample order (shuffled per class when shuffle is on, with numpy's draws).
 */
export class StratifiedKFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomSeed;

  constructor(options: KFoldOptions = {}) {
    ({ nSplits: this.nSplits, shuffle: this.shuffle, randomState: this.randomState } = settings(options, 'StratifiedKFold'));
  }

  getNSplits(): number {
    return this.nSplits;
  }

  *split(x: Rows | number, y?: Tensor | readonly (number | string)[]): Generator<Fold> {
    if (y === undefined) throw new ValueError('StratifiedKFold.split(y): expected the class labels, received undefined');
    const labels = labelValues(y, 'StratifiedKFold.split(y)');
    const n = sampleCount(x, this.nSplits, 'StratifiedKFold');
    if (labels.length !== n) throw new ShapeError(`StratifiedKFold.split(y): expected ${n} labels, received ${labels.length}`);
    const firstSeen = new Map<number | string, number>();
    const encoded = labels.map((l) => {
      if (!firstSeen.has(l)) firstSeen.set(l, firstSeen.size);
      return firstSeen.get(l)!;
    });
    const nClasses = firstSeen.size;
    const counts = new Array<number>(nClasses).fill(0);
    for (const c of encoded) counts[c]! += 1;
    if (counts.every((c) => this.nSplits > c)) {
      throw new ValueError(`StratifiedKFold(options.nSplits): ${this.nSplits} folds exceed the number of members of every class (largest: ${Math.max(...counts)})`);
    }
    // allocation[k][c]: how many of class c go to fold k, dealing the sorted labels round-robin.
    const sorted = [...encoded].sort((a, b) => a - b);
    const allocation = Array.from({ length: this.nSplits }, () => new Array<number>(nClasses).fill(0));
    sorted.forEach((c, i) => { allocation[i % this.nSplits]![c]! += 1; });
    const rng = this.shuffle ? toRandomState(this.randomState, 'StratifiedKFold(options.randomState)') : undefined;
    const testFold = new Int32Array(n);
    for (let c = 0; c < nClasses; c++) {
      const folds: number[] = [];
      for (let k = 0; k < this.nSplits; k++) for (let j = 0; j < allocation[k]![c]!; j++) folds.push(k);
      rng?.shuffle(folds);
      let next = 0;
      for (let i = 0; i < n; i++) if (encoded[i] === c) testFold[i] = folds[next++]!;
    }
    yield* foldsFrom(testFold, this.nSplits);
  }
}
