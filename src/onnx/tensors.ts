import { create } from '@bufbuild/protobuf';
import { FormatError } from '../errors.js';
import type { Shape } from '../layers/layer.js';
import { TensorProtoSchema, TensorProto_DataLocation, TensorProto_DataType } from './proto/onnx_pb.js';
import type { TensorProto } from './proto/onnx_pb.js';

/** A constant of the graph (an initializer or a Constant node's value), decoded. */
export interface Constant {
  readonly name: string;
  readonly dims: Shape;
  readonly values: Float32Array | BigInt64Array;
}

/** An int64 from the file as a number, which must be exact: dims and shape entries beyond 2^53 are corrupt. */
export function int64(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new FormatError(`${what}: ${value} is beyond the range of exact integers`);
  }
  return Number(value);
}

/** float32 initializer with its data in raw_data, little-endian as ONNX requires, whatever the host's order. */
export function floatTensor(name: string, dims: Shape, values: Float32Array): TensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.FLOAT, rawData: raw });
}

/** int64 initializer (a Reshape's target shape). */
export function int64Tensor(name: string, values: readonly number[]): TensorProto {
  return create(TensorProtoSchema, { name, dims: [BigInt(values.length)], dataType: TensorProto_DataType.INT64, int64Data: values.map(BigInt) });
}

function typeName(dataType: number): string {
  return TensorProto_DataType[dataType] ?? `data type ${dataType}`;
}

/** How the values of one data type are stored: `width` bytes each in raw_data, or in a typed field. */
interface Layout<A extends Float32Array | BigInt64Array> {
  readonly unit: string;
  readonly width: number;
  fromRaw(view: DataView, size: number): A;
  fromField(tensor: TensorProto): A;
}

// raw_data is little-endian whatever the host's order, hence DataView rather than a typed-array view.
const FLOAT32: Layout<Float32Array> = {
  unit: 'float32',
  width: 4,
  fromRaw: (view, size) => Float32Array.from({ length: size }, (_, i) => view.getFloat32(i * 4, true)),
  fromField: (tensor) => Float32Array.from(tensor.floatData),
};

const INT64: Layout<BigInt64Array> = {
  unit: 'int64',
  width: 8,
  fromRaw: (view, size) => BigInt64Array.from({ length: size }, (_, i) => view.getBigInt64(i * 8, true)),
  fromField: (tensor) => BigInt64Array.from(tensor.int64Data),
};

/** The values of `tensor` in `layout`, which must be exactly as many as its dims say. */
function readValues<A extends Float32Array | BigInt64Array>(tensor: TensorProto, layout: Layout<A>, dims: Shape, owner: string): A {
  const size = dims.reduce((a, b) => a * b, 1);
  const sized = (count: number): void => {
    if (count !== size) throw new FormatError(`${owner}: holds ${count} ${layout.unit} values but its dims ${JSON.stringify(dims)} need ${size}`);
  };
  const raw = tensor.rawData;
  if (raw.length === 0) {
    const values = layout.fromField(tensor);
    sized(values.length);
    return values;
  }
  if (raw.length % layout.width !== 0) throw new FormatError(`${owner}: raw_data has ${raw.length} bytes, not a whole number of ${layout.unit} values`);
  sized(raw.length / layout.width);
  return layout.fromRaw(new DataView(raw.buffer, raw.byteOffset, raw.byteLength), size);
}

/**
 * Decodes a float32 or int64 tensor, checking that its data holds exactly as many elements as its
 * dims say and (float32) that they are finite. `owner` names the tensor in errors, e.g.
 * 'importOnnx: initializer "fc1.weight"'.
 */
export function decodeTensor(tensor: TensorProto, owner: string): Constant {
  if (tensor.dataLocation === TensorProto_DataLocation.EXTERNAL) {
    throw new FormatError(`${owner}: its data is stored in an external file, which is not supported; save the model with its weights inside (onnx.save(model, path, save_as_external_data=False))`);
  }
  if (tensor.segment) throw new FormatError(`${owner}: segmented tensors are not supported`);
  const dims = tensor.dims.map((d, i) => {
    const n = int64(d, `${owner}: dims[${i}]`);
    if (n < 0) throw new FormatError(`${owner}: dims[${i}] is ${n}; dimensions cannot be negative`);
    return n;
  });
  if (tensor.dataType === TensorProto_DataType.FLOAT) {
    const values = readValues(tensor, FLOAT32, dims, owner);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new FormatError(`${owner}: expected finite numbers, found ${values[bad]} at index ${bad}`);
    return { name: tensor.name, dims, values };
  }
  if (tensor.dataType === TensorProto_DataType.INT64) return { name: tensor.name, dims, values: readValues(tensor, INT64, dims, owner) };
  throw new FormatError(`${owner}: has data type ${typeName(tensor.dataType)}; only FLOAT (float32) weights and INT64 shapes are supported`);
}

/** The float32 values of a constant that a layer takes as weights; an int64 one there is an error. */
export function floatValues(constant: Constant, owner: string): Float32Array {
  if (!(constant.values instanceof Float32Array)) throw new FormatError(`${owner}: "${constant.name}" has data type INT64; expected FLOAT (float32) weights`);
  return constant.values;
}
