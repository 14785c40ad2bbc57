import { ShapeError, ValueError, describe } from '../../errors.js';
import { Tensor } from '../../tensor.js';

/** What the splitters index by row: a Tensor (first axis) or a plain array (e.g. sequences). */
export type Rows = Tensor | readonly unknown[];

export function rowCount(data: Rows, argument: string): number {
  if (data instanceof Tensor) {
    if (data.rank === 0) throw new ShapeError(`${argument}: expected at least one dimension, received a scalar tensor`);
    return data.length;
  }
  if (Array.isArray(data)) return data.length;
  throw new ValueError(`${argument}: expected a Tensor or an array, received ${describe(data)}`);
}

/** The rows at `indices`, copied, of the same kind as the input. */
export function takeRows<T extends Rows>(data: T, indices: readonly number[]): T {
  if (data instanceof Tensor) return data.gather(indices) as T;
  const items = data as readonly unknown[];
  return indices.map((i) => items[i]) as unknown as T;
}

/** Labels as plain values, from a Tensor (1-D, or [n, 1]) or an array of numbers or strings. */
export function labelValues(labels: Tensor | readonly (number | string)[], argument: string): (number | string)[] {
  if (labels instanceof Tensor) {
    if (labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1)) return Array.from(labels.data);
    throw new ShapeError(`${argument}: expected labels of shape [n] or [n, 1], received [${labels.shape.join(', ')}]`);
  }
  if (Array.isArray(labels)) return [...labels];
  throw new ValueError(`${argument}: expected a Tensor or an array of labels, received ${describe(labels)}`);
}

/**
 * numpy's `np.unique(y, return_inverse=True)`: sorted distinct classes and each label's class
 * position. Numbers sort numerically and strings by UTF-16 code unit (numpy's code-point order for
 * all but characters beyond U+FFFF); like numpy's array conversion, a mix of numbers and strings
 * becomes all strings, so 1 and '1' are one class and 10 sorts before 2.
 */
export function encodeLabels(values: readonly (number | string)[]): { classes: (number | string)[]; inverse: number[] } {
  const numeric = values.every((v) => typeof v === 'number');
  const keys: readonly (number | string)[] = numeric ? values : values.map(String);
  const distinct = [...new Set(keys)];
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(distinct.map((c, i) => [c, i]));
  return { classes: distinct, inverse: keys.map((v) => position.get(v)!) };
}
