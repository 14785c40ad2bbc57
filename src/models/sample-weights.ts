// Keras' sample_weight and class_weight, turned once per fit/evaluate into one float32 weight per
// sample and output; the loss and metric kernels apply them (the batch loop only copies them with
// the targets). Keras' rules followed here: a single weight array serves every output; class and
// sample weights multiply; class_weight is only for single-output models and weights the training
// data, never the validation data.
import { ShapeError, ValueError, describe } from '../errors.js';
import { lossDescriptor } from '../backends/loss-registry.js';
import type { LossKind } from '../backends/backend.js';
import { Tensor, toTensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import type { Targets } from './data-adapter.js';

/** Keras' class_weight: the loss weight of each class, by class index. */
export type ClassWeight = Readonly<Record<number, number>>;

/** Sample weights: one array for every output, an array of them in output order, or an object keyed by output name. */
export type SampleWeight = TensorLike | TensorLike[] | Record<string, TensorLike>;

function isOneTensor(value: unknown, outputs: number): value is TensorLike {
  if (value instanceof Tensor || ArrayBuffer.isView(value)) return true;
  // An array of numbers is one tensor; an array of arrays is one per output only where there are several outputs.
  return Array.isArray(value) && (outputs === 1 || !value.every((v) => v instanceof Tensor || ArrayBuffer.isView(v) || Array.isArray(v)));
}

/** One sample weight per sample: finite, non-negative, shape [rows] or [rows, 1]. */
export function checkWeights(value: TensorLike, rows: number, argument: string): Float32Array {
  const w = toTensor(value, argument);
  if (w.size !== rows || (w.rank > 1 && w.shape.slice(1).some((d) => d !== 1)) || w.rank === 0) {
    throw new ShapeError(`${argument}: expected one weight per sample, shape [${rows}] or [${rows}, 1], received shape ${describe([...w.shape])}`);
  }
  const data = w.data instanceof Float32Array ? w.data : Float32Array.from(w.data);
  for (let i = 0; i < rows; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v) || v < 0) throw new ValueError(`${argument}: expected finite non-negative weights, received ${v} at sample ${i}`);
  }
  return data;
}

/** Keras' sample_weight forms, one checked array (or null: unweighted) per output. */
export function resolveSampleWeights(value: SampleWeight | undefined, names: readonly string[], rows: number, argument: string): (Float32Array | null)[] {
  if (value === undefined || value === null) return names.map(() => null);
  if (isOneTensor(value, names.length)) {
    const weights = checkWeights(value, rows, argument);
    return names.map(() => weights);
  }
  if (Array.isArray(value)) {
    if (value.length !== names.length) throw new ValueError(`${argument}: expected one weight array, or ${names.length} (one per output: ${names.join(', ')}), received ${value.length}`);
    return value.map((w, i) => checkWeights(w, rows, `${argument}[${i}] ("${names[i]}")`));
  }
  if (typeof value === 'object') {
    const dict = value as Record<string, TensorLike>;
    const unknown = Object.keys(dict).filter((k) => !names.includes(k));
    if (unknown.length) throw new ValueError(`${argument}: unknown output name ${unknown.map((k) => `"${k}"`).join(', ')}; the outputs are ${names.map((n) => `"${n}"`).join(', ')}`);
    // An output left out is unweighted, as Keras maps a missing key to None.
    return names.map((n) => (n in dict ? checkWeights(dict[n]!, rows, `${argument}["${n}"]`) : null));
  }
  throw new ValueError(`${argument}: expected a weight per sample (a Tensor or array), one per output, or an object keyed by output name, received ${describe(value)}`);
}

/** The class weight table Keras accepts: keys exactly 0 … K−1, values finite and non-negative. */
function classTable(value: unknown, names: readonly string[], argument: string): Float64Array {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Tensor || ArrayBuffer.isView(value)) {
    throw new ValueError(`${argument}: expected an object mapping class indices to weights, e.g. { 0: 1, 1: 5 }, received ${describe(value)}`);
  }
  let table = value as Record<string, unknown>;
  // tfjs' form keyed by the output's name.
  const only = names[0]!;
  if (Object.keys(table).length === 1 && only in table && typeof table[only] === 'object') table = table[only] as Record<string, unknown>;
  const keys = Object.keys(table);
  const weights = new Float64Array(keys.length);
  for (const key of keys) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= keys.length) {
      throw new ValueError(`${argument}: expected the keys 0 to ${keys.length - 1} (a weight for each class, as Keras requires), received the key ${describe(key)}`);
    }
    const w = table[key];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ValueError(`${argument}: expected finite non-negative weights, received ${describe(w)} for class ${index}`);
    weights[index] = w;
  }
  return weights;
}

/** Each sample's class as Keras reads it: the label, the arg-max of a one-hot row, or a single column's value. */
function classOf(target: Targets, row: number, argument: string): number {
  const { data, cols } = target;
  if (target.integer) return data[row]!;
  if (cols === 1) {
    const v = data[row]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`${argument}: a single-column target must be a class index (0, 1, ...) to be weighted by class, received ${v} at sample ${row}`);
    return v;
  }
  // First maximum wins, as tf.argMax does.
  let best = 0;
  for (let j = 1; j < cols; j++) if (data[row * cols + j]! > data[row * cols + best]!) best = j;
  return best;
}

/**
 * The training targets with their class weights multiplied into their sample weights (Keras:
 * "class_weight and sample_weight are multiplicative"). Refused, as Keras does, for a model with
 * several outputs, and for a loss whose targets are not classes.
 */
export function applyClassWeight(value: unknown, targets: readonly Targets[], names: readonly string[], losses: readonly LossKind[], argument: string): Targets[] {
  if (value === undefined || value === null) return [...targets];
  if (names.length > 1) {
    throw new ValueError(`${argument}: Keras supports class weights only for models with a single output; this model has ${names.length} (${names.join(', ')}). Pass per-output sampleWeight instead`);
  }
  const loss = losses[0]!;
  if (!lossDescriptor(loss).classification) {
    throw new ValueError(`${argument}: the loss ${loss} does not take class targets; class weights apply to classification losses (cross-entropies, hinges). Use sampleWeight instead`);
  }
  const table = classTable(value, names, argument);
  const target = targets[0]!;
  const rows = target.data.length / target.cols;
  const weights = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = classOf(target, r, argument);
    if (c >= table.length) throw new ValueError(`${argument}: the class ${c} occurs in the targets (sample ${r}) but has no weight; expected a weight for each class, keys 0 to ${c} at least`);
    weights[r] = table[c]! * (target.weights ? target.weights[r]! : 1);
  }
  return [{ ...target, weights }];
}

/**
 * Σ w over any run of a pass's order, for the weighted metrics' denominators (Keras' weighted mean
 * Σ w·m / Σ w): prefix sums, rebuilt once per epoch after the shuffle, so a batch costs two reads.
 */
export class WeightTotals {
  private readonly prefix: (Float64Array | null)[];

  constructor(private readonly weights: readonly (Float32Array | null | undefined)[]) {
    this.prefix = weights.map((w) => (w ? new Float64Array(w.length + 1) : null));
  }

  /** Recomputes the prefix sums for the pass's order of samples. */
  follow(order: Uint32Array): void {
    this.weights.forEach((w, i) => {
      const prefix = this.prefix[i];
      if (!w || !prefix) return;
      for (let k = 0; k < order.length; k++) prefix[k + 1] = prefix[k]! + w[order[k]!]!;
    });
  }

  /** Output i's Σ w over positions [start, start + count) of the order; count where it is unweighted. */
  sum(i: number, start: number, count: number): number {
    const prefix = this.prefix[i];
    return prefix ? prefix[start + count]! - prefix[start]! : count;
  }
}
