import { fromBinary } from '@bufbuild/protobuf';
import { FormatError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Input } from '../layers/input.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { Model } from '../models/model.js';
import { ModelProtoSchema, TensorProto_DataType } from './proto/onnx_pb.js';
import type { GraphProto, ModelProto, ValueInfoProto } from './proto/onnx_pb.js';
import { ImportContext, isConstant, nodeLabel } from './context.js';
import { OP_IMPORTERS } from './ops.js';
import { IMPORT_OPSETS } from './schema.js';
import { decodeTensor, int64 } from './tensors.js';

export interface ImportOnnxOptions {
  /** The model's name (default: the ONNX graph's). */
  name?: string;
}

const SUPPORTED_OPS = Object.keys(OP_IMPORTERS).join(', ');

function decode(bytes: unknown): ModelProto {
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(data instanceof Uint8Array)) throw new ValueError(`importOnnx(bytes): expected a Uint8Array or ArrayBuffer of an .onnx file, received ${describe(bytes)}`);
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, data, { readUnknownFields: false });
  } catch (error) {
    throw new FormatError(`importOnnx(bytes): not a readable ONNX model (${data.length} bytes): ${(error as Error).message}`);
  }
  if (!model.graph || model.graph.node.length === 0) throw new FormatError(`importOnnx(bytes): the ${data.length} bytes hold no ONNX graph (truncated, or not an .onnx file)`);
  return model;
}

/** The default domain's opset, which must be one whose ops mean what importOnnx reads them as. */
function checkOpset(model: ModelProto): void {
  const found = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!found) throw new FormatError('importOnnx: the model imports no opset of the default ONNX domain');
  const version = int64(found.version, 'importOnnx: opset version');
  if (version < IMPORT_OPSETS.min || version > IMPORT_OPSETS.max) {
    throw new FormatError(`importOnnx: opset ${version}; expected ${IMPORT_OPSETS.min} to ${IMPORT_OPSETS.max} (re-export with torch.onnx.export(..., opset_version=${IMPORT_OPSETS.min}) or later)`);
  }
}

/** A float32 graph input of shape [batch, ...known positive dims], as an Axon Input. */
function input(info: ValueInfoProto): SymbolicTensor {
  const owner = `importOnnx: graph input "${info.name}"`;
  const type = info.type?.value;
  if (type?.case !== 'tensorType') throw new FormatError(`${owner}: expected a tensor, received ${type?.case ?? 'no type'}`);
  if (type.value.elemType !== TensorProto_DataType.FLOAT) throw new FormatError(`${owner}: has element type ${TensorProto_DataType[type.value.elemType] ?? type.value.elemType}; only FLOAT (float32) is supported`);
  const dims = type.value.shape?.dim ?? [];
  if (dims.length < 2) throw new FormatError(`${owner}: expected a shape [batch, features, ...], received rank ${dims.length}`);
  const sample = dims.slice(1).map((d, i) => {
    const n = d.value.case === 'dimValue' ? int64(d.value.value, `${owner}: dim ${i + 1}`) : 0;
    if (n <= 0) throw new FormatError(`${owner}: dimension ${i + 1} is ${d.value.case === 'dimParam' ? `"${d.value.value}"` : n}; every dimension but the batch must be a known positive size`);
    return n;
  });
  return Input({ shape: sample, name: info.name });
}

function readGraph(graph: GraphProto): { context: ImportContext; inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } {
  const context = new ImportContext(graph.node, new Set(graph.output.map((o) => o.name)));
  for (const initializer of graph.initializer) {
    context.values.set(initializer.name, decodeTensor(initializer, `importOnnx: initializer "${initializer.name}"`));
  }
  // Older exporters list the initializers among the graph inputs too.
  const inputs = graph.input.filter((info) => !context.values.has(info.name)).map((info) => {
    const tensor = input(info);
    context.layerName(info.name, 'input');
    context.values.set(info.name, tensor);
    return tensor;
  });
  if (inputs.length === 0) throw new FormatError('importOnnx: the graph has no inputs besides its initializers');
  for (const node of graph.node) {
    if (context.fused.has(node)) continue;
    if (node.domain !== '' && node.domain !== 'ai.onnx') throw new FormatError(`${nodeLabel(node)}: the op of domain "${node.domain}" is not supported; only the default ONNX domain is`);
    const importer = OP_IMPORTERS[node.opType];
    if (!importer) throw new FormatError(`${nodeLabel(node)}: the op ${node.opType} is not supported; the ops read are ${SUPPORTED_OPS}`);
    importer(context, node);
  }
  const outputs = graph.output.map((info) => {
    const value = context.values.get(info.name);
    if (!value) throw new FormatError(`importOnnx: graph output "${info.name}" is written by no node`);
    if (isConstant(value)) throw new FormatError(`importOnnx: graph output "${info.name}" is a constant; expected a value computed from the inputs`);
    return value;
  });
  if (outputs.length === 0) throw new FormatError('importOnnx: the graph has no outputs');
  return { context, inputs, outputs };
}

/**
 * An Axon functional Model computing what an ONNX graph does, with its weights: Gemm or MatMul
 * (+ the Add of a bias) and the activation after it become one Dense (PyTorch's nn.Linear weight,
 * [out, in] with transB=1, transposed to Keras' [in, out]); Relu/Sigmoid/Tanh/Softmax alone become
 * Activation layers; Flatten, Reshape, Concat, Dropout, the elementwise Add/Sum/Sub/Mul/Mean/Max
 * their Keras layers; Identity and Constant no layer. Any other op is a FormatError naming it.
 * Layers are named after the tensors they write, inputs after the graph's.
 */
export async function importOnnx(bytes: Uint8Array | ArrayBuffer, options: ImportOnnxOptions = {}): Promise<Model> {
  checkOptions(options, ['name'], 'importOnnx');
  if (options.name !== undefined && typeof options.name !== 'string') throw new ValueError(`importOnnx(name): expected a string, received ${describe(options.name)}`);
  const proto = decode(bytes);
  checkOpset(proto);
  const { context, inputs, outputs } = readGraph(proto.graph!);
  const name = options.name ?? proto.graph!.name;
  const model = new Model({ inputs, outputs, ...(name ? { name } : {}) });
  await model.build();
  for (const { layer, values } of context.weights) layer.setWeights(values);
  return model;
}
