import { FormatError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { AttributeProto_AttributeType } from './proto/onnx_pb.js';
import type { AttributeProto, NodeProto } from './proto/onnx_pb.js';
import type { Constant } from './tensors.js';
import { int64 } from './tensors.js';

/** What a name in the graph stands for while it is read: a layer's output, or a constant. */
export type Value = SymbolicTensor | Constant;

export function isConstant(value: Value): value is Constant {
  return 'values' in value;
}

/** How errors name a node: 'importOnnx: Gemm node "/fc1/Gemm"'. */
export function nodeLabel(node: NodeProto): string {
  return `importOnnx: ${node.opType} node${node.name ? ` "${node.name}"` : ''}`;
}

/**
 * The state of one importOnnx call: what every name read so far stands for, which nodes read each
 * name (so that a MatMul can take the Add and the activation after it into one Dense), the nodes
 * already taken that way, the layer names in use and the weights to write once the model is built.
 */
export class ImportContext {
  readonly values = new Map<string, Value>();
  readonly fused = new Set<NodeProto>();
  readonly weights: { layer: Layer; values: Float32Array[] }[] = [];
  private readonly readers = new Map<string, NodeProto[]>();
  private readonly layerNames = new Set<string>();

  constructor(
    nodes: readonly NodeProto[],
    private readonly graphOutputs: ReadonlySet<string>,
  ) {
    for (const node of nodes) for (const input of node.input) if (input) this.readers.set(input, [...(this.readers.get(input) ?? []), node]);
  }

  /** The node that alone reads `name`, when no other node and no graph output does: the one a layer may absorb. */
  soleReader(name: string): NodeProto | null {
    const readers = this.readers.get(name) ?? [];
    return readers.length === 1 && !this.graphOutputs.has(name) ? readers[0]! : null;
  }

  /** Whether any node or graph output reads `name`. */
  isRead(name: string): boolean {
    return (this.readers.get(name)?.length ?? 0) > 0 || this.graphOutputs.has(name);
  }

  /** A layer name from the tensor it writes, made unique; ONNX names may be empty. */
  layerName(wanted: string, fallback: string): string {
    const base = wanted || fallback;
    let name = base;
    for (let i = 1; this.layerNames.has(name); i++) name = `${base}_${i}`;
    this.layerNames.add(name);
    return name;
  }

  /** What input `index` of `node` stands for; a missing or undefined name is an error naming it. */
  value(node: NodeProto, index: number): Value {
    const name = node.input[index];
    if (!name) throw new FormatError(`${nodeLabel(node)}: expected input ${index}, which is missing`);
    const value = this.values.get(name);
    if (!value) throw new FormatError(`${nodeLabel(node)}: reads "${name}", which no graph input, initializer or earlier node defines`);
    return value;
  }

  /** Input `index` of `node`, which must come from the model's inputs through layers. */
  tensor(node: NodeProto, index: number): SymbolicTensor {
    const value = this.value(node, index);
    if (isConstant(value)) throw new FormatError(`${nodeLabel(node)}: input ${index} ("${node.input[index]}") is a constant; Axon reads it only as a layer's weight`);
    return value;
  }

  /** Input `index` of `node`, which must be an initializer or a Constant node's value; null when absent and optional. */
  constant(node: NodeProto, index: number, optional: true): Constant | null;
  constant(node: NodeProto, index: number): Constant;
  constant(node: NodeProto, index: number, optional = false): Constant | null {
    if (optional && !node.input[index]) return null;
    const value = this.value(node, index);
    if (!isConstant(value)) throw new FormatError(`${nodeLabel(node)}: input ${index} ("${node.input[index]}") is computed from the model's inputs; expected a constant (an initializer)`);
    return value;
  }

  /** Every input of `node`, all from layers (the merges). */
  tensors(node: NodeProto): SymbolicTensor[] {
    return node.input.map((_, i) => this.tensor(node, i));
  }
}

function attribute(node: NodeProto, name: string, type: AttributeProto_AttributeType): AttributeProto | null {
  const found = node.attribute.find((a) => a.name === name);
  if (!found) return null;
  if (found.type !== type) throw new FormatError(`${nodeLabel(node)}: attribute ${name} has type ${AttributeProto_AttributeType[found.type] ?? found.type}; expected ${AttributeProto_AttributeType[type]}`);
  return found;
}

export function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const found = attribute(node, name, AttributeProto_AttributeType.INT);
  return found ? int64(found.i, `${nodeLabel(node)}: attribute ${name}`) : fallback;
}

export function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  return attribute(node, name, AttributeProto_AttributeType.FLOAT)?.f ?? fallback;
}

export function tensorAttribute(node: NodeProto, name: string): AttributeProto | null {
  return attribute(node, name, AttributeProto_AttributeType.TENSOR);
}
