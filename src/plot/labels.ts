// Class labels as imageGrid and confusionMatrix take them: integer classes, or predict()'s
// probabilities (a [n, classes] tensor), whose arg-max is the class.
import { ShapeError, ValueError, describe } from '../errors.js';
import { Tensor } from '../tensor.js';

/** Integer class labels, or a [n, classes] tensor of scores. */
export type ClassLabels = Tensor | ArrayLike<number>;

/** The class of each sample, checked to be a whole number ≥ 0. */
export function classIndices(labels: ClassLabels, what: string): Int32Array {
  let values: ArrayLike<number>;
  if (labels instanceof Tensor) {
    if (labels.rank > 2) throw new ShapeError(`${what}: expected classes of shape [n] or scores of shape [n, classes], received shape ${describe([...labels.shape])}`);
    values = labels.rank === 2 ? labels.argMax().data : labels.data;
  } else if (labels !== null && typeof labels === 'object' && typeof labels.length === 'number') {
    values = labels;
  } else {
    throw new ValueError(`${what}: expected an array or tensor of class labels, received ${describe(labels)}`);
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`${what}: expected whole class numbers ≥ 0, received ${describe(v)} at position ${i}`);
    out[i] = v;
  }
  return out;
}

/** Checks that `classNames` is an array of strings naming every class in `used`. */
export function checkClassNames(classNames: readonly string[] | undefined, used: number, what: string): void {
  if (classNames === undefined) return;
  if (!Array.isArray(classNames) || classNames.some((n) => typeof n !== 'string')) throw new ValueError(`${what}: expected an array of strings, received ${describe(classNames)}`);
  if (used > classNames.length) throw new ValueError(`${what}: expected a name for each of the ${used} classes, received ${classNames.length}`);
}

/** A class's caption: its name where given, else its number. */
export function className(index: number, classNames: readonly string[] | undefined): string {
  return classNames?.[index] ?? String(index);
}
