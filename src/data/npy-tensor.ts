import { FormatError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import type { NpyArray } from './npy.js';

function checkInt32(values: ArrayLike<number | bigint>, file: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 2147483647 || v < -2147483648) {
      throw new ValueError(`${file}: value ${v} at position ${i} does not fit int32, the widest integer type a Tensor holds`);
    }
    out[i] = Number(v);
  }
  return out;
}

/**
 * A Tensor from a numeric .npy array: bool and uint8 stay uint8, other integers become int32 (range
 * checked) and floats become float32, the element types Axon tensors hold.
 */
export function npyToTensor(array: NpyArray, file: string): Tensor {
  const { data, shape } = array;
  if (Array.isArray(data)) {
    throw new FormatError(`${file}: expected a numeric array, received an object array (${array.dtype}); read its elements from NpyArray.data instead`);
  }
  if (data instanceof Uint8Array) return new Tensor(data, shape);
  if (data instanceof Float32Array) return new Tensor(data, shape);
  if (data instanceof Float64Array) return new Tensor(Float32Array.from(data), shape);
  if (data instanceof Int32Array) return new Tensor(data, shape);
  return new Tensor(checkInt32(data, file), shape);
}
