import { FormatError } from '../errors.js';
import type { ActivationName } from '../backends/backend.js';
import type { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { Dense } from '../layers/dense.js';
import { Activation } from '../layers/activation.js';
import { Flatten, Reshape } from '../layers/reshaping.js';
import { Dropout } from '../layers/dropout.js';
import { Concatenate } from '../layers/concatenate.js';
import { Add, Average, Maximum, Multiply, Subtract } from '../layers/merge.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import type { NodeProto } from './proto/onnx_pb.js';
import { ImportContext, floatAttribute, intAttribute, isConstant, nodeLabel, tensorAttribute } from './context.js';
import type { Constant } from './tensors.js';
import { decodeTensor, floatValues, int64 } from './tensors.js';

/** Reads one node: defines what its outputs stand for in `context.values`. */
type OpImporter = (context: ImportContext, node: NodeProto) => void;

const ACTIVATIONS: Readonly<Record<string, Exclude<ActivationName, 'linear'>>> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softmax: 'softmax' };

/** Softmax from opset 13 normalises one axis (default the last); Keras' softmax is the last one only. */
function normalisesLastAxis(node: NodeProto, input: SymbolicTensor): boolean {
  const rank = input.rank;
  const axis = intAttribute(node, 'axis', -1);
  return (axis < 0 ? axis + rank : axis) === rank - 1;
}

/** Applies a new layer to `inputs` and names the result after the node output it stands for. */
function define(context: ImportContext, output: string, layer: Layer, inputs: SymbolicTensor | SymbolicTensor[]): void {
  context.values.set(output, Array.isArray(inputs) ? layer.apply(inputs) : layer.apply(inputs));
}

/** A bias broadcast over [batch, ..., units]: `units` values, or one for all; every other axis of size 1. */
function biasValues(constant: Constant, units: number, owner: string): Float32Array {
  const values = floatValues(constant, owner);
  const last = constant.dims[constant.dims.length - 1] ?? 1;
  if (constant.dims.slice(0, -1).some((d) => d !== 1) || (last !== units && last !== 1)) {
    throw new FormatError(`${owner}: bias "${constant.name}" has shape ${JSON.stringify(constant.dims)}; expected [${units}] (or a shape broadcasting to it)`);
  }
  return last === units ? values : new Float32Array(units).fill(values[0]!);
}

/**
 * One Dense from a product already read (Gemm, or MatMul with the Add of its bias), taking in the
 * activation node after it when that node alone reads the product: `output` is the name the
 * product was written to.
 */
function dense(context: ImportContext, input: SymbolicTensor, kernel: Float32Array, units: number, bias: Float32Array | null, output: string): void {
  let activation: ActivationName = 'linear';
  let name = output;
  const next = context.soleReader(output);
  const fused = next ? ACTIVATIONS[next.opType] : undefined;
  if (next && fused && (fused !== 'softmax' || normalisesLastAxis(next, input))) {
    activation = fused;
    name = next.output[0]!;
    context.fused.add(next);
  }
  // Zeros: the file's weights replace them at once, and drawing random ones would advance the global generator.
  const layer = new Dense(units, { name: context.layerName(name, 'dense'), activation, useBias: bias !== null, kernelInitializer: 'zeros' });
  define(context, name, layer, input);
  context.weights.push({ layer, values: bias ? [kernel, bias] : [kernel] });
}

/** The [in, units] kernel of a weight given as [in, units], or as [units, in] when `transposed` (PyTorch's nn.Linear). */
function kernelOf(constant: Constant, inputs: number, transposed: boolean, owner: string): [Float32Array, number] {
  const values = floatValues(constant, owner);
  const dims = constant.dims;
  const [rows, cols] = [dims[0]!, dims[1]!];
  if (dims.length !== 2 || (transposed ? cols : rows) !== inputs) {
    const expected = transposed ? `[units, ${inputs}]` : `[${inputs}, units]`;
    throw new FormatError(`${owner}: weight "${constant.name}" has shape ${JSON.stringify(dims)}; for an input of ${inputs} features expected ${expected}`);
  }
  if (!transposed) return [values, cols];
  const kernel = new Float32Array(values.length);
  for (let o = 0; o < rows; o++) for (let i = 0; i < cols; i++) kernel[i * rows + o] = values[o * cols + i]!;
  return [kernel, rows];
}

function scaled(values: Float32Array, factor: number): Float32Array {
  return factor === 1 ? values : values.map((v) => v * factor);
}

/** Gemm as PyTorch writes nn.Linear: Y = alpha·A·B' + beta·C, B' = Bᵀ when transB. */
const gemm: OpImporter = (context, node) => {
  const owner = nodeLabel(node);
  const input = context.tensor(node, 0);
  if (input.sampleShape.length !== 1) throw new FormatError(`${owner}: expected a matrix input [batch, features], received rank ${input.rank}`);
  if (intAttribute(node, 'transA', 0) !== 0) throw new FormatError(`${owner}: transA=1 would transpose the batch into the features; expected 0`);
  const [kernel, units] = kernelOf(context.constant(node, 1), input.sampleShape[0]!, intAttribute(node, 'transB', 0) !== 0, owner);
  const c = context.constant(node, 2, true);
  const bias = c ? scaled(biasValues(c, units, owner), floatAttribute(node, 'beta', 1)) : null;
  dense(context, input, scaled(kernel, floatAttribute(node, 'alpha', 1)), units, bias, node.output[0]!);
};

/** MatMul by a constant [in, units] matrix, with the Add of a constant bias after it when that Add alone reads it. */
const matMul: OpImporter = (context, node) => {
  const owner = nodeLabel(node);
  const input = context.tensor(node, 0);
  const features = input.sampleShape[input.sampleShape.length - 1];
  if (features === undefined) throw new FormatError(`${owner}: expected an input with a feature axis, received rank 1`);
  const [kernel, units] = kernelOf(context.constant(node, 1), features, false, owner);
  let output = node.output[0]!;
  let bias: Float32Array | null = null;
  const add = context.soleReader(output);
  if (add?.opType === 'Add' && add.input.length === 2) {
    const other = context.values.get(add.input[add.input[0] === output ? 1 : 0]!);
    if (other && isConstant(other)) {
      bias = biasValues(other, units, nodeLabel(add));
      output = add.output[0]!;
      context.fused.add(add);
    }
  }
  dense(context, input, kernel, units, bias, output);
};

function activation(name: Exclude<ActivationName, 'linear'>): OpImporter {
  return (context, node) => {
    const input = context.tensor(node, 0);
    if (name === 'softmax' && !normalisesLastAxis(node, input)) throw new FormatError(`${nodeLabel(node)}: softmax over axis ${intAttribute(node, 'axis', -1)} of a rank-${input.rank} input; only the last axis is supported`);
    define(context, node.output[0]!, new Activation(name, { name: context.layerName(node.output[0]!, 'activation') }), input);
  };
}

const flatten: OpImporter = (context, node) => {
  const input = context.tensor(node, 0);
  const axis = intAttribute(node, 'axis', 1);
  if ((axis < 0 ? axis + input.rank : axis) !== 1) throw new FormatError(`${nodeLabel(node)}: axis ${axis} would not keep the batch axis apart; expected 1`);
  define(context, node.output[0]!, new Flatten({ name: context.layerName(node.output[0]!, 'flatten') }), input);
};

/** Reshape by a constant shape whose first entry keeps the batch (0: copy it, -1: infer it). */
const reshape: OpImporter = (context, node) => {
  const owner = nodeLabel(node);
  const input = context.tensor(node, 0);
  const shape = context.constant(node, 1);
  if (!(shape.values instanceof BigInt64Array) || shape.dims.length !== 1) throw new FormatError(`${owner}: its shape "${shape.name}" must be a 1-D INT64 tensor`);
  const entries = Array.from(shape.values, (v, i) => int64(v, `${owner}: shape[${i}]`));
  const allowZero = intAttribute(node, 'allowzero', 0) !== 0;
  const [batch, ...rest] = entries;
  if (batch === undefined || !((batch === 0 && !allowZero) || batch === -1) || (batch === -1 && rest.includes(-1))) {
    throw new FormatError(`${owner}: shape ${JSON.stringify(entries)} must keep the batch axis: its first entry 0 (or -1 with no other -1)`);
  }
  // ONNX's 0 copies the input's dimension at that position (unless allowzero).
  const target = rest.map((d, i) => {
    if (d === 0 && !allowZero) {
      const copied = input.sampleShape[i];
      if (copied === undefined) throw new FormatError(`${owner}: shape[${i + 1}] is 0 (copy the input's dimension) but the input has rank ${input.rank}`);
      return copied;
    }
    return d;
  });
  if (target.length === 0 || target.some((d) => d === 0 || d < -1)) throw new FormatError(`${owner}: shape ${JSON.stringify(entries)} is not a reshape Axon can do (each sample needs positive dimensions, at most one -1)`);
  define(context, node.output[0]!, new Reshape({ targetShape: target, name: context.layerName(node.output[0]!, 'reshape') }), input);
};

const concat: OpImporter = (context, node) => {
  const inputs = context.tensors(node);
  const rank = inputs[0]!.rank;
  const raw = intAttribute(node, 'axis', Number.NaN);
  if (Number.isNaN(raw)) throw new FormatError(`${nodeLabel(node)}: the axis attribute is required`);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 1 || axis >= rank) throw new FormatError(`${nodeLabel(node)}: axis ${raw} of rank-${rank} inputs; expected a sample axis (1 to ${rank - 1})`);
  if (inputs.length === 1) context.values.set(node.output[0]!, inputs[0]!);
  else define(context, node.output[0]!, new Concatenate({ axis, name: context.layerName(node.output[0]!, 'concatenate') }), inputs);
};

type MergeClass = typeof Add | typeof Subtract | typeof Multiply | typeof Average | typeof Maximum;

/** The elementwise ops of inputs of one shape; ONNX's broadcasting of other shapes is not read. */
function merge(Class: MergeClass, fallback: string): OpImporter {
  return (context, node) => {
    const owner = nodeLabel(node);
    node.input.forEach((name, i) => {
      const value = context.values.get(name);
      if (value && isConstant(value)) throw new FormatError(`${owner}: input ${i} ("${name}") is a constant; a constant operand is read only as the bias added after a MatMul`);
    });
    const inputs = context.tensors(node);
    const first = inputs[0]!.sampleShape;
    inputs.forEach((t, i) => {
      if (t.sampleShape.length !== first.length || t.sampleShape.some((d, j) => d !== first[j])) {
        throw new FormatError(`${owner}: inputs of shapes [N, ${first.join(', ')}] and [N, ${t.sampleShape.join(', ')}] (input ${i}); broadcasting between shapes is not supported`);
      }
    });
    // Sum, Mean and Max of one input are that input.
    if (inputs.length === 1) context.values.set(node.output[0]!, inputs[0]!);
    else define(context, node.output[0]!, new Class({ name: context.layerName(node.output[0]!, fallback) }), inputs);
  };
}

/** Identity names the same value again: no layer. */
const identity: OpImporter = (context, node) => {
  context.values.set(node.output[0]!, context.value(node, 0));
};

/** Dropout at inference passes its input on; it becomes a Keras Dropout of its ratio, for training on. */
const dropout: OpImporter = (context, node) => {
  const owner = nodeLabel(node);
  const input = context.tensor(node, 0);
  if (node.input[2]) throw new FormatError(`${owner}: a training_mode input is not supported; export the model in inference mode`);
  const ratio = context.constant(node, 1, true);
  const rate = ratio ? floatValues(ratio, owner)[0] ?? 0.5 : 0.5;
  if (node.output[1] && context.isRead(node.output[1])) throw new FormatError(`${owner}: its mask output "${node.output[1]}" is read; only the data output is supported`);
  if (!(rate >= 0 && rate < 1)) throw new FormatError(`${owner}: ratio ${rate}; expected a number in [0, 1)`);
  define(context, node.output[0]!, new Dropout(rate, { name: context.layerName(node.output[0]!, 'dropout') }), input);
};

/**
 * ONNX's BatchNormalization in inference mode (channels on axis 1): a Keras BatchNormalization on
 * sample axis 1, its scale, bias, mean and variance from the initializers.
 */
const batchNormalization: OpImporter = (context, node) => {
  const owner = nodeLabel(node);
  const input = context.tensor(node, 0);
  if (intAttribute(node, 'training_mode', 0) !== 0 || node.output.length > 1 && node.output.slice(1).some((o) => o && context.isRead(o))) {
    throw new FormatError(`${owner}: training mode (running statistics as outputs) is not supported; export the model in inference mode`);
  }
  const channels = input.sampleShape[0];
  const values = [1, 2, 3, 4].map((i) => {
    const c = context.constant(node, i);
    const v = floatValues(c!, owner);
    if (v.length !== channels) throw new FormatError(`${owner}: input ${i} ("${node.input[i]}") holds ${v.length} values for ${channels} channels`);
    return v;
  });
  const layer = new BatchNormalization({
    axis: 1, epsilon: floatAttribute(node, 'epsilon', 1e-5), momentum: floatAttribute(node, 'momentum', 0.9),
    name: context.layerName(node.output[0]!, 'batch_normalization'),
  });
  define(context, node.output[0]!, layer, input);
  context.weights.push({ layer, values });
};

/** Constant nodes (PyTorch writes a Reshape's shape as one): their value tensor, like an initializer. */
const constant: OpImporter = (context, node) => {
  const value = tensorAttribute(node, 'value');
  if (!value?.t) throw new FormatError(`${nodeLabel(node)}: only the value attribute (a tensor) is supported`);
  const decoded = decodeTensor(value.t, `${nodeLabel(node)}: value`);
  context.values.set(node.output[0]!, { ...decoded, name: node.output[0]! });
};

/** The ops importOnnx reads, by ONNX op type. */
export const OP_IMPORTERS: Readonly<Record<string, OpImporter>> = {
  Gemm: gemm,
  MatMul: matMul,
  Relu: activation('relu'),
  Sigmoid: activation('sigmoid'),
  Tanh: activation('tanh'),
  Softmax: activation('softmax'),
  Flatten: flatten,
  Reshape: reshape,
  Concat: concat,
  Add: merge(Add, 'add'),
  Sum: merge(Add, 'add'),
  Sub: merge(Subtract, 'subtract'),
  Mul: merge(Multiply, 'multiply'),
  Mean: merge(Average, 'average'),
  Max: merge(Maximum, 'maximum'),
  Identity: identity,
  Dropout: dropout,
  Constant: constant,
  BatchNormalization: batchNormalization,
};


