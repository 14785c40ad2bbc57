import { ShapeError, ValueError, describe } from '../errors.js';
import type { LossKind } from '../backends/backend.js';
import type { Shape } from '../layers/layer.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import { adaptInputs, adaptTargets } from './data-adapter.js';
import type { Inputs, Targets } from './data-adapter.js';

/** A model's inputs or targets: one tensor, an array in the model's order, or an object keyed by layer name (Keras' dict form). */
export type ModelTensors = TensorLike | TensorLike[] | Record<string, TensorLike>;

function isPlainObject(value: unknown): value is Record<string, TensorLike> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof Tensor);
}

/**
 * One TensorLike per name, from a single tensor (one name only), an array in order, or an object
 * keyed by the names. An array of nested numbers is one tensor; an array of Tensors is a list.
 */
export function splitByName(value: ModelTensors, names: readonly string[], argument: string, what: 'input' | 'output'): TensorLike[] {
  if (isPlainObject(value)) {
    const unknown = Object.keys(value).filter((k) => !names.includes(k));
    if (unknown.length) throw new ValueError(`${argument}: unknown ${what} name${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the model's ${what}s are ${names.map((n) => `"${n}"`).join(', ')}`);
    return names.map((name) => {
      if (!(name in value)) throw new ValueError(`${argument}: missing the ${what} "${name}"; expected an entry for each of ${names.map((n) => `"${n}"`).join(', ')}`);
      return value[name]!;
    });
  }
  const isList = Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Tensor || ArrayBuffer.isView(v) || (Array.isArray(v) && names.length > 1));
  if (names.length === 1) return [isList && (value as unknown[]).length === 1 ? (value as TensorLike[])[0]! : (value as TensorLike)];
  if (!Array.isArray(value) || value.length !== names.length) {
    throw new ValueError(`${argument}: the model has ${names.length} ${what}s (${names.join(', ')}); expected an array of ${names.length} tensors or an object keyed by ${what} name, received ${describe(value)}`);
  }
  return value as TensorLike[];
}

/** Every input checked against its shape, all with the same number of samples. */
export function adaptAllInputs(value: ModelTensors, names: readonly string[], shapes: readonly (Shape | null)[], argument: string): Inputs[] {
  const parts = splitByName(value, names, argument, 'input');
  const inputs = parts.map((part, i) => adaptInputs(part, names.length > 1 ? `${argument}[${i}] ("${names[i]}")` : argument, shapes[i]!));
  inputs.forEach((x, i) => {
    if (x.rows !== inputs[0]!.rows) throw new ShapeError(`${argument}: every input needs the same number of samples; "${names[0]}" has ${inputs[0]!.rows}, "${names[i]}" has ${x.rows}`);
  });
  return inputs;
}

/** Every target checked against its output's loss and size. */
export function adaptAllTargets(value: ModelTensors, names: readonly string[], losses: readonly LossKind[], units: readonly number[], rows: number, argument: string): Targets[] {
  const parts = splitByName(value, names, argument, 'output');
  return parts.map((part, i) => adaptTargets(part, names.length > 1 ? `${argument}[${i}] ("${names[i]}")` : argument, losses[i]!, units[i]!, rows));
}

/** Keras' validationSplit over several inputs and targets (and their sample weights): the last fraction of the samples, before shuffling. */
export function splitTailAll(xs: Inputs[], ys: Targets[], fraction: number): [[Inputs[], Targets[]], [Inputs[], Targets[]]] {
  const rows = xs[0]!.rows;
  const split = Math.floor(rows * (1 - fraction));
  if (split <= 0 || split >= rows) {
    throw new ValueError(`fit(validationSplit): ${fraction} of ${rows} samples leaves no ${split <= 0 ? 'training' : 'validation'} samples`);
  }
  const inputs = (start: number, end: number): Inputs[] => xs.map((x) => ({ ...x, data: x.data.subarray(start * x.rowLength, end * x.rowLength), rows: end - start }));
  const targets = (start: number, end: number): Targets[] => ys.map((y) => ({ ...y, data: y.data.subarray(start * y.cols, end * y.cols), weights: y.weights?.subarray(start, end) ?? null }));
  return [[inputs(0, split), targets(0, split)], [inputs(split, rows), targets(split, rows)]];
}
