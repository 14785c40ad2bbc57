// importOnnx on files it cannot read: each is a FormatError that names the op, node, initializer or
// input at fault. The models are built with the same protobuf schema the importer reads.
import { create, toBinary } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError, ValueError, ready } from '../../src/index.js';
import { exportOnnx, importOnnx } from '../../src/onnx/index.js';
import { ModelProtoSchema, NodeProtoSchema, TensorProtoSchema, TensorProto_DataType } from '../../src/onnx/proto/onnx_pb.js';
import type { TensorProto } from '../../src/onnx/proto/onnx_pb.js';
import { floatTensor } from '../../src/onnx/tensors.js';
import { uniformArray } from '../helpers/random-data.js';
import { mlp } from './helpers.js';

beforeAll(async () => {
  await ready();
});

interface Spec {
  nodes: MessageInitShape<typeof NodeProtoSchema>[];
  initializers?: TensorProto[];
  opset?: number;
  inputType?: TensorProto_DataType;
}

/** A model with input x [N, 4] and output y, made of `nodes`. */
function onnxBytes({ nodes, initializers = [], opset = 13, inputType = TensorProto_DataType.FLOAT }: Spec): Uint8Array {
  const info = (name: string, elemType: number, dims: number) => ({
    name,
    type: { value: { case: 'tensorType' as const, value: { elemType, shape: { dim: [{ value: { case: 'dimParam' as const, value: 'N' } }, { value: { case: 'dimValue' as const, value: BigInt(dims) } }] } } } },
  });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: BigInt(opset) }],
    graph: { name: 'test', node: nodes, initializer: initializers, input: [info('x', inputType, 4)], output: [info('y', TensorProto_DataType.FLOAT, 3)] },
  }));
}

const gemm = { opType: 'Gemm', name: 'fc', input: ['x', 'w', 'b'], output: ['y'] };
const weight = floatTensor('w', [4, 3], uniformArray(12, 1));
const bias = floatTensor('b', [3], uniformArray(3, 2));

describe('importOnnx errors', () => {
  it('reads a valid Gemm model (the base every case below breaks)', async () => {
    const model = await importOnnx(onnxBytes({ nodes: [gemm], initializers: [weight, bias] }));
    expect(model.getWeights().map((w) => w.shape)).toEqual([[4, 3], [3]]);
  });

  it('an op it does not read is a FormatError naming the op and the node', async () => {
    const bytes = onnxBytes({ nodes: [{ opType: 'Conv', name: 'conv0', input: ['x', 'w'], output: ['y'] }], initializers: [weight] });
    await expect(importOnnx(bytes)).rejects.toThrow(FormatError);
    await expect(importOnnx(bytes)).rejects.toThrow(/Conv node "conv0": the op Conv is not supported; the ops read are Gemm, MatMul/);
  });

  it('BatchNormalization: statistics that do not fit the channels, or training mode, are FormatErrors naming the node', async () => {
    const stats = ['bn_s', 'bn_b', 'bn_m', 'bn_v'].map((n, i) => floatTensor(n, [3], uniformArray(3, 10 + i, 0.5, 1)));
    const bn = { opType: 'BatchNormalization', name: 'bn', input: ['h', 'bn_s', 'bn_b', 'bn_m', 'bn_v'], output: ['y'] };
    const gemmToH = { ...gemm, output: ['h'] };
    const model = await importOnnx(onnxBytes({ nodes: [gemmToH, bn], initializers: [weight, bias, ...stats] }));
    expect(model.layers.map((l) => l.className)).toEqual(['InputLayer', 'Dense', 'BatchNormalization']);
    const short = ['bn_s', 'bn_b', 'bn_m', 'bn_v'].map((n, i) => floatTensor(n, [2], uniformArray(2, 10 + i, 0.5, 1)));
    await expect(importOnnx(onnxBytes({ nodes: [gemmToH, bn], initializers: [weight, bias, ...short] }))).rejects.toThrow(/BatchNormalization node "bn": input 1 \("bn_s"\) holds 2 values for 3 channels/);
    const training = { ...bn, attribute: [{ name: 'training_mode', type: 2, i: 1n }] };
    await expect(importOnnx(onnxBytes({ nodes: [gemmToH, training], initializers: [weight, bias, ...stats] }))).rejects.toThrow(/BatchNormalization node "bn": training mode .* is not supported/);
  });

  it('truncated bytes are a FormatError', async () => {
    const bytes = await exportOnnx(mlp([4, 3], 3));
    for (const length of [bytes.length - 1, Math.floor(bytes.length / 2), 7, 0]) {
      await expect(importOnnx(bytes.subarray(0, length))).rejects.toThrow(FormatError);
    }
    await expect(importOnnx(bytes.subarray(0, bytes.length - 1))).rejects.toThrow(/importOnnx\(bytes\): not a readable ONNX model/);
  });

  it('a weight that is not float32 is a FormatError naming the initializer', async () => {
    const doubles = create(TensorProtoSchema, { name: 'w', dims: [4n, 3n], dataType: TensorProto_DataType.DOUBLE, doubleData: Array.from({ length: 12 }, () => 0.5) });
    await expect(importOnnx(onnxBytes({ nodes: [gemm], initializers: [doubles, bias] }))).rejects.toThrow(/initializer "w": has data type DOUBLE; only FLOAT \(float32\)/);
  });

  it('a weight whose data does not fill its dims, or whose shape does not fit the input, is a FormatError naming it', async () => {
    const short = floatTensor('w', [4, 3], uniformArray(10, 1));
    await expect(importOnnx(onnxBytes({ nodes: [gemm], initializers: [short, bias] }))).rejects.toThrow(/initializer "w": holds 10 float32 values but its dims \[4,3\] need 12/);
    const wide = floatTensor('w', [5, 3], uniformArray(15, 1));
    await expect(importOnnx(onnxBytes({ nodes: [gemm], initializers: [wide, bias] }))).rejects.toThrow(/Gemm node "fc": weight "w" has shape \[5,3\]; for an input of 4 features expected \[4, units\]/);
    const badBias = floatTensor('b', [2], uniformArray(2, 1));
    await expect(importOnnx(onnxBytes({ nodes: [gemm], initializers: [weight, badBias] }))).rejects.toThrow(/Gemm node "fc": bias "b" has shape \[2\]; expected \[3\]/);
  });

  it('an opset out of range, a non-float32 input and a name nothing defines are FormatErrors', async () => {
    await expect(importOnnx(onnxBytes({ nodes: [gemm], initializers: [weight, bias], opset: 11 }))).rejects.toThrow(/opset 11; expected 13 to 21/);
    await expect(importOnnx(onnxBytes({ nodes: [gemm], initializers: [weight, bias], inputType: TensorProto_DataType.DOUBLE }))).rejects.toThrow(/graph input "x": has element type DOUBLE/);
    await expect(importOnnx(onnxBytes({ nodes: [{ ...gemm, input: ['x', 'ghost'] }], initializers: [bias] }))).rejects.toThrow(/Gemm node "fc": reads "ghost", which no graph input, initializer or earlier node defines/);
    await expect(importOnnx(onnxBytes({ nodes: [{ ...gemm, output: ['z'] }], initializers: [weight, bias] }))).rejects.toThrow(/graph output "y" is written by no node/);
  });

  it('arguments that are not bytes or options are ValueErrors', async () => {
    await expect(importOnnx('model.onnx' as never)).rejects.toThrow(ValueError);
    await expect(importOnnx(new Uint8Array(0), { nmae: 'x' } as never)).rejects.toThrow(/importOnnx\(nmae\): unknown option/);
  });
});
