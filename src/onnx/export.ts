import { create, toBinary } from '@bufbuild/protobuf';
import { ValueError, describe } from '../errors.js';
import type { ActivationName } from '../backends/backend.js';
import { checkOptions } from '../options.js';
import type { Layer } from '../layers/layer.js';
import type { LayerNode, SymbolicTensor } from '../layers/symbolic.js';
import { Dense } from '../layers/dense.js';
import { Activation } from '../layers/activation.js';
import { Concatenate } from '../layers/concatenate.js';
import { Model } from '../models/model.js';
import type { Tensor } from '../tensor.js';
import { ModelProtoSchema, NodeProtoSchema } from './proto/onnx_pb.js';
import type { AttributeProto, NodeProto, TensorProto } from './proto/onnx_pb.js';
import { EXPORT_OPSETS, IR_VERSION, batchOf, floatAttribute, intAttribute } from './schema.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { floatTensor, int64Tensor } from './tensors.js';

export interface ExportOnnxOptions {
  /** The opset of the default ONNX domain, 13 to 17 (default 13). */
  opset?: number;
  /** The graph's name (default: the model's). */
  name?: string;
}

/** The nodes and initializers of the graph being written, with unique names for every tensor. */
class GraphWriter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();

  /** `wanted`, or `wanted_1`, `wanted_2`, ... where it is taken. */
  unique(wanted: string): string {
    let name = wanted;
    for (let i = 1; this.used.has(name); i++) name = `${wanted}_${i}`;
    this.used.add(name);
    return name;
  }

  node(opType: string, inputs: readonly string[], output: string, name: string, attribute: AttributeProto[] = []): void {
    this.nodes.push(create(NodeProtoSchema, { opType, input: [...inputs], output: [output], name: this.unique(name), attribute }));
  }

  private readonly layerWeights = new Map<Layer, string[]>();

  /** The initializers of a layer's weights, written once however often the layer is called (Keras' shared layers). */
  weights(layer: Layer, weights: readonly Tensor<'float32'>[], names: readonly string[]): string[] {
    let written = this.layerWeights.get(layer);
    if (!written) {
      written = weights.map((tensor, i) => {
        const unique = this.unique(`${layer.name}/${names[i]!}`);
        this.initializers.push(floatTensor(unique, tensor.shape, tensor.data));
        return unique;
      });
      this.layerWeights.set(layer, written);
    }
    return written;
  }

  shape(name: string, values: readonly number[]): string {
    const unique = this.unique(name);
    this.initializers.push(int64Tensor(unique, values));
    return unique;
  }
}

/** One layer call as its exporter sees it: the names of its input tensors and of the tensor it must write. */
interface Call<L extends Layer> {
  readonly layer: L;
  readonly node: LayerNode;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly weights: readonly Tensor<'float32'>[];
}

type Exporter<L extends Layer = Layer> = (graph: GraphWriter, call: Call<L>) => void;

const ACTIVATION_OPS: Readonly<Record<Exclude<ActivationName, 'linear'>, string>> = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax' };

/** Writes `activation(input)` into `output`; softmax normalises the last axis, as Keras'. */
function activation(graph: GraphWriter, name: ActivationName, input: string, output: string, nodeName: string): void {
  if (name === 'linear') graph.node('Identity', [input], output, nodeName);
  else graph.node(ACTIVATION_OPS[name], [input], output, nodeName, name === 'softmax' ? [intAttribute('axis', -1)] : []);
}

/**
 * Dense: Gemm on rank-2 inputs (one node, the kernel [in, out] as ONNX's B), MatMul then Add
 * where Dense acts on the last axis of a longer shape (Gemm takes matrices only); the activation
 * after it as its own node.
 */
const exportDense: Exporter<Dense> = (graph, { layer, node, inputs, output, weights }) => {
  const name = layer.name;
  const product = layer.activation === 'linear' ? output : graph.unique(`${output}/pre_activation`);
  const [w, b] = graph.weights(layer, weights, ['kernel', 'bias']) as [string, string | undefined];
  if (node.inputs[0]!.sampleShape.length === 1) {
    graph.node('Gemm', b ? [inputs[0]!, w, b] : [inputs[0]!, w], product, `${name}/Gemm`);
  } else if (b) {
    const matMul = graph.unique(`${output}/MatMul`);
    graph.node('MatMul', [inputs[0]!, w], matMul, `${name}/MatMul`);
    graph.node('Add', [matMul, b], product, `${name}/Add`);
  } else {
    graph.node('MatMul', [inputs[0]!, w], product, `${name}/MatMul`);
  }
  if (layer.activation !== 'linear') activation(graph, layer.activation, product, output, `${name}/${ACTIVATION_OPS[layer.activation]}`);
};

/**
 * BatchNormalization at inference. Where the channels are ONNX's axis 1 (a rank-2 input, or a
 * Keras axis of 1) it is ONNX's BatchNormalization; elsewhere (channels last on a longer shape,
 * which ONNX's op does not take) it is x·s + t with s = γ/√(σ² + ε) and t = β − μ·s, shaped to
 * broadcast along the channel axis.
 */
const exportBatchNormalization: Exporter<BatchNormalization> = (graph, { layer, node, inputs, output, weights }) => {
  const shape = node.inputs[0]!.sampleShape;
  const axis = layer.axis < 0 ? shape.length + layer.axis : layer.axis - 1;
  const channels = shape[axis]!;
  let k = 0;
  const gamma = layer.scale ? weights[k++]!.data : new Float32Array(channels).fill(1);
  const beta = layer.center ? weights[k++]!.data : new Float32Array(channels);
  const [mean, variance] = [weights[k]!.data, weights[k + 1]!.data];
  if (axis === 0) {
    const names = ['scale', 'bias', 'mean', 'var'].map((n, i) => {
      const unique = graph.unique(`${layer.name}/${n}`);
      graph.initializers.push(floatTensor(unique, [channels], [gamma, beta, mean, variance][i]!));
      return unique;
    });
    graph.node('BatchNormalization', [inputs[0]!, ...names], output, layer.name, [floatAttribute('epsilon', layer.epsilon), floatAttribute('momentum', layer.momentum)]);
    return;
  }
  const s = Float32Array.from(gamma, (g, c) => g / Math.sqrt(variance[c]! + layer.epsilon));
  const t = Float32Array.from(beta, (b, c) => b - mean[c]! * s[c]!);
  const broadcast = [channels, ...shape.slice(axis + 1).map(() => 1)];
  const [sName, tName] = [graph.unique(`${layer.name}/scale`), graph.unique(`${layer.name}/shift`)];
  graph.initializers.push(floatTensor(sName, broadcast, s), floatTensor(tName, broadcast, t));
  const scaledName = graph.unique(`${output}/scaled`);
  graph.node('Mul', [inputs[0]!, sName], scaledName, `${layer.name}/Mul`);
  graph.node('Add', [scaledName, tName], output, `${layer.name}/Add`);
};

/** Layers whose one output is one ONNX op of all their inputs. */
function oneOp(opType: string): Exporter {
  return (graph, { layer, inputs, output }) => graph.node(opType, inputs, output, layer.name);
}

/** Reshape keeps the batch dimension with 0 (ONNX: copy that dimension of the input). */
const exportReshape: Exporter = (graph, { layer, node, inputs, output }) => {
  graph.node('Reshape', [inputs[0]!, graph.shape(`${layer.name}/shape`, [0, ...node.output.sampleShape])], output, layer.name);
};

/** The registry is keyed by className, so the exporter filed under a class gets layers of that class. */
function of<L extends Layer>(exporter: Exporter<L>): Exporter {
  return exporter as unknown as Exporter;
}

const EXPORTERS: Readonly<Record<string, Exporter>> = {
  Dense: of<Dense>(exportDense),
  BatchNormalization: of<BatchNormalization>(exportBatchNormalization),
  Activation: of<Activation>((graph, { layer, inputs, output }) => activation(graph, layer.activation, inputs[0]!, output, layer.name)),
  Flatten: (graph, { layer, inputs, output }) => graph.node('Flatten', inputs, output, layer.name, [intAttribute('axis', 1)]),
  Reshape: exportReshape,
  // Dropout passes its input on at inference, which is all an exported graph does.
  Dropout: oneOp('Identity'),
  // Keras counts the batch as axis 0, as ONNX does: a negative axis is the same axis in both.
  Concatenate: of<Concatenate>((graph, { layer, node, inputs, output }) => {
    const rank = node.output.sampleShape.length + 1;
    graph.node('Concat', inputs, output, layer.name, [intAttribute('axis', layer.axis < 0 ? rank + layer.axis : layer.axis)]);
  }),
  Add: (graph, call) => oneOp(call.inputs.length === 2 ? 'Add' : 'Sum')(graph, call),
  Subtract: oneOp('Sub'),
  Multiply: (graph, { layer, inputs, output }) => {
    // Mul takes two inputs: more are a chain of products.
    let product = inputs[0]!;
    inputs.slice(1).forEach((x, i) => {
      const last = i === inputs.length - 2;
      const into = last ? output : graph.unique(`${output}/Mul_${i}`);
      graph.node('Mul', [product, x], into, last ? layer.name : `${layer.name}/Mul_${i}`);
      product = into;
    });
  },
  Average: oneOp('Mean'),
  Maximum: oneOp('Max'),
};

const SUPPORTED_LAYERS = Object.keys(EXPORTERS).join(', ');

function checkOpset(value: unknown): number {
  if (value === undefined) return EXPORT_OPSETS.min;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < EXPORT_OPSETS.min || value > EXPORT_OPSETS.max) {
    throw new ValueError(`exportOnnx(opset): expected an integer from ${EXPORT_OPSETS.min} to ${EXPORT_OPSETS.max}, received ${describe(value)}`);
  }
  return value;
}

/**
 * The bytes of an ONNX model computing what `model.predict` does: one float32 graph input per
 * model input, named after its InputLayer, of shape [N, ...sample shape] with N the batch; one
 * output per model output, named after the layer that writes it; the weights as initializers.
 * Builds the model first when it has no weights yet.
 */
export async function exportOnnx(model: Model, options: ExportOnnxOptions = {}): Promise<Uint8Array> {
  if (!(model instanceof Model)) throw new ValueError(`exportOnnx(model): expected a Model or Sequential, received ${describe(model)}`);
  checkOptions(options, ['opset', 'name'], 'exportOnnx');
  const opset = checkOpset(options.opset);
  if (options.name !== undefined && typeof options.name !== 'string') throw new ValueError(`exportOnnx(name): expected a string, received ${describe(options.name)}`);
  await model.build();
  const { inputs, outputs, nodes } = model.layerGraph;

  const graph = new GraphWriter();
  const names = new Map<SymbolicTensor, string>();
  const nameOf = (tensor: SymbolicTensor): string => names.get(tensor)!;
  for (const input of inputs) names.set(input, graph.unique(input.name));
  for (const node of nodes) {
    if (node.inputs.length === 0) continue;
    const { layer } = node;
    const exporter = EXPORTERS[layer.className];
    if (!exporter) throw new ValueError(`exportOnnx(model): ${layer.describe()} has no ONNX form yet; the layers exported are ${SUPPORTED_LAYERS}`);
    const output = graph.unique(node.output.name);
    names.set(node.output, output);
    exporter(graph, { layer, node, inputs: node.inputs.map(nameOf), output, weights: layer.weights.length > 0 ? await layer.getWeightsAsync() : [] });
  }

  const proto = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: BigInt(opset) }],
    producerName: 'axon-nn',
    graph: {
      name: options.name ?? model.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: inputs.map((t) => batchOf(nameOf(t), t.sampleShape)),
      output: outputs.map((t) => batchOf(nameOf(t), t.sampleShape)),
    },
  });
  return toBinary(ModelProtoSchema, proto);
}
