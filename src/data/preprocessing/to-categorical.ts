import { ValueError, describe } from '../../errors.js';
import { Tensor, toTensor, type TensorLike } from '../../tensor.js';

/**
 * One-hot encodes integer class labels, like `keras.utils.to_categorical`: float32 of the labels'
 * shape plus a trailing `numClasses` axis (a trailing axis of size 1 is dropped first).
 * `numClasses` defaults to the largest label + 1.
 */
export function toCategorical(y: TensorLike | readonly number[], numClasses?: number): Tensor<'float32'> {
  const labels = toTensor(y as TensorLike, 'toCategorical(y)');
  let shape = [...labels.shape];
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  const values = labels.data;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0) {
      throw new ValueError(`toCategorical(y): expected non-negative integer labels, received ${v} at position ${i}`);
    }
  }
  let classes = numClasses;
  if (classes === undefined) {
    // Keras infers max(y) + 1, which fails on no labels; zero classes would be no encoding at all.
    if (values.length === 0) throw new ValueError('toCategorical(numClasses): cannot infer the number of classes from no labels; pass numClasses');
    classes = 0;
    for (let i = 0; i < values.length; i++) classes = Math.max(classes, values[i]! + 1);
  } else if (!Number.isInteger(classes) || classes < 1) {
    throw new ValueError(`toCategorical(numClasses): expected a positive integer, received ${describe(classes)}`);
  }
  const out = new Float32Array(values.length * classes);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= classes) throw new ValueError(`toCategorical(y): label ${v} at position ${i} is out of range for numClasses=${classes}`);
    out[i * classes + v] = 1;
  }
  return new Tensor(out, [...shape, classes]);
}
