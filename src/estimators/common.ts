import { ShapeError, StateError, ValueError, describe } from '../errors.js';
import { Tensor, toTensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import { RandomState, toRandomState } from '../data/random-state.js';
import type { RandomSeed } from '../data/random-state.js';

export type { RandomSeed };

/** Rows of features as the kernels want them: one contiguous f32 block. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** What the estimators accept as targets: a tensor of shape [n] or [n, 1], or plain numbers. */
export type Targets = TensorLike | readonly number[];

export function toMatrix(x: TensorLike, argument: string): Matrix {
  const t = toTensor(x, argument);
  if (t.rank !== 2) {
    throw new ShapeError(`${argument}: expected a 2-D [samples, features] tensor, received shape ${describe([...t.shape])}${t.rank > 2 ? '; reshape it, e.g. x.reshape(-1, features)' : ''}`);
  }
  const [rows, cols] = t.shape as [number, number];
  if (rows === 0) throw new ValueError(`${argument}: expected at least one sample, received 0`);
  if (cols === 0) throw new ValueError(`${argument}: expected at least one feature, received 0`);
  const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new ValueError(`${argument}: expected finite values, received ${data[i]} at sample ${Math.floor(i / cols)}, feature ${i % cols}`);
    }
  }
  return { data, rows, cols };
}

/** Targets as float64 values, one per sample. */
export function toTargets(y: Targets, argument: string, rows: number): Float64Array {
  let values: Float64Array;
  if (y instanceof Tensor) {
    if (!(y.rank === 1 || (y.rank === 2 && y.shape[1] === 1))) {
      throw new ShapeError(`${argument}: expected targets of shape [n] or [n, 1], received ${describe([...y.shape])}`);
    }
    values = Float64Array.from(y.data);
  } else if (ArrayBuffer.isView(y) || Array.isArray(y)) {
    const list = y as ArrayLike<unknown>;
    values = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (typeof v !== 'number') throw new ValueError(`${argument}: expected numeric targets, received ${describe(v)} at position ${i}`);
      values[i] = v;
    }
  } else {
    throw new ValueError(`${argument}: expected a Tensor or an array of numbers, received ${describe(y)}`);
  }
  if (values.length !== rows) throw new ShapeError(`${argument}: expected ${rows} targets, one per sample of x, received ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new ValueError(`${argument}: expected finite targets, received ${values[i]} at position ${i}`);
  }
  return values;
}

/** Sorted distinct classes and each sample's class index, like `np.unique(y, return_inverse=True)`. */
export function encodeClasses(y: Float64Array, argument: string): { classes: number[]; index: Int32Array } {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  if (classes.length < 2) {
    throw new ValueError(`${argument}: expected at least 2 classes, received ${classes.length} (class ${classes[0]}); a classifier needs samples of more than one class`);
  }
  const position = new Map(classes.map((c, i) => [c, i]));
  const index = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) index[i] = position.get(y[i]!)!;
  return { classes, index };
}

export function notFitted(owner: string, method: string): StateError {
  return new StateError(`${owner}.${method}: this ${owner} is not fitted yet; call fit(x, y) first`);
}

export function checkFeatures(owner: string, method: string, expected: number, received: number): void {
  if (expected !== received) {
    throw new ShapeError(`${owner}.${method}(x): expected ${expected} features, as seen in fit, received ${received}`);
  }
}

/** Labels as a tensor: int32 when every class is an integer, else float32. */
export function labelTensor(values: ArrayLike<number>, integer: boolean): Tensor {
  return integer ? new Tensor(Int32Array.from(values), [values.length]) : new Tensor(Float32Array.from(values), [values.length]);
}

export function accuracy(predicted: ArrayLike<number>, y: Float64Array): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) hits++;
  return hits / y.length;
}

/** R², the coefficient of determination, as scikit-learn's r2_score (1 for a perfect constant fit). */
export function r2Score(predicted: ArrayLike<number>, y: Float64Array, outputs = 1): number {
  const n = y.length / outputs;
  let total = 0;
  for (let c = 0; c < outputs; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i * outputs + c]!;
    mean /= n;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i * outputs + c]!;
      ssRes += (v - predicted[i * outputs + c]!) ** 2;
      ssTot += (v - mean) ** 2;
    }
    total += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  return total / outputs;
}

/** scikit-learn's ConvergenceWarning, delivered through process.emitWarning (or console.warn). */
export class ConvergenceWarning extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvergenceWarning';
  }
}

export function warnConvergence(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(new ConvergenceWarning(message));
  else console.warn(`ConvergenceWarning: ${message}`);
}

export function randomStateFor(seed: RandomSeed, argument: string): RandomState {
  return toRandomState(seed, argument);
}

/** numpy's `RandomState.randint(low, high)` for a range under 2**32: a masked draw plus low. */
export function randint(rng: RandomState, low: number, high: number): number {
  return low + rng.randomInterval(high - 1 - low);
}

/** numpy's `random_sample()`: 53 random bits from two 32-bit draws. */
export function randomSample(rng: RandomState): number {
  const a = rng.nextUint32() >>> 5;
  const b = rng.nextUint32() >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}

export function checkPositiveInteger(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${owner}(${argument}): expected a positive integer, received ${describe(value)}`);
  }
  return value;
}

export function checkNumber(owner: string, argument: string, value: unknown, min: number, max = Infinity, inclusiveMin = true, inclusiveMax = true): number {
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (inclusiveMin ? value >= min : value > min) && (inclusiveMax ? value <= max : value < max);
  if (!ok) {
    const range = `${inclusiveMin ? '[' : '('}${min}, ${max === Infinity ? '∞)' : `${max}${inclusiveMax ? ']' : ')'}`}`;
    throw new ValueError(`${owner}(${argument}): expected a number in ${range}, received ${describe(value)}`);
  }
  return value;
}

/**
 * The early-stopping split's sizes as scikit-learn draws them (the validation set takes the ceiling
 * of the fraction, training the rest), refused in the estimator's own terms when a set would be
 * empty or, when `labels` are stratified, when a class has one sample or a set cannot hold one of
 * each class; scikit-learn refuses the same splits.
 */
export function validationSplitSizes(owner: string, n: number, fraction: number, labels?: ArrayLike<number>): { nTrain: number; nValidation: number } {
  const nValidation = Math.ceil(fraction * n);
  const nTrain = n - nValidation;
  const split = `${owner}(validationFraction): splitting ${n} samples for early stopping with validationFraction ${fraction}`;
  const fix = 'change validationFraction, use more samples, or set earlyStopping: false';
  if (nTrain < 1 || nValidation < 1) {
    throw new ValueError(`${split} leaves an empty ${nTrain < 1 ? 'train' : 'validation'} set (${nTrain} and ${nValidation} samples); ${fix}`);
  }
  if (labels) {
    const counts = new Map<number, number>();
    for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
    for (const [label, count] of counts) {
      if (count < 2) throw new ValueError(`${split}: class ${label} has only 1 sample, and a stratified split needs at least 2 of each; ${fix}`);
    }
    const smaller = Math.min(nTrain, nValidation);
    if (smaller < counts.size) {
      throw new ValueError(`${split}: the ${nTrain < nValidation ? 'train' : 'validation'} set (${smaller} samples) cannot hold one sample of each of the ${counts.size} classes; ${fix}`);
    }
  }
  return { nTrain, nValidation };
}

export function checkChoice<T extends string | null>(owner: string, argument: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new ValueError(`${owner}(${argument}): expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, received ${describe(value)}`);
  }
  return value as T;
}
