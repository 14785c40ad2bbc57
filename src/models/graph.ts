import { ValueError, describe } from '../errors.js';
import type { Layer, Parameter, Shape } from '../layers/layer.js';
import { InputLayer } from '../layers/input.js';
import { SymbolicTensor } from '../layers/symbolic.js';
import type { LayerNode } from '../layers/symbolic.js';

/** A model's layer graph: its inputs and outputs, and every layer call between them in an order that runs. */
export interface Graph {
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Topologically ordered: every node after the nodes of its inputs (InputLayer nodes included). */
  readonly nodes: readonly LayerNode[];
  /** Each layer once, in the order of its first call (Keras' model.layers). */
  readonly layers: readonly Layer[];
}

function tensors(value: unknown, argument: string): SymbolicTensor[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new ValueError(`${argument}: expected at least one symbolic tensor, received an empty array`);
  list.forEach((t, i) => {
    if (!(t instanceof SymbolicTensor)) throw new ValueError(`${argument}: expected symbolic tensors (from Input() or layer.apply()), received ${describe(t)}${Array.isArray(value) ? ` at index ${i}` : ''}`);
  });
  return list as SymbolicTensor[];
}

/**
 * Keras' graph mapping: walks back from the outputs to the inputs, ordering the layer calls so that
 * each comes after those it reads. A path that ends at an Input not among `inputs` is an error
 * naming it (Keras' "graph disconnected").
 */
export function mapGraph(inputsValue: unknown, outputsValue: unknown, owner: string): Graph {
  const inputs = tensors(inputsValue, `${owner}(inputs)`);
  const outputs = tensors(outputsValue, `${owner}(outputs)`);
  inputs.forEach((t, i) => {
    if (!(t.sourceLayer instanceof InputLayer)) throw new ValueError(`${owner}(inputs): input ${i} (${t.name}) is the output of ${t.sourceLayer.describe()}; model inputs must come from Input()`);
    if (inputs.indexOf(t) !== i) throw new ValueError(`${owner}(inputs): ${t.name} is given twice`);
  });
  const nodes: LayerNode[] = [];
  const state = new Map<LayerNode, 'visiting' | 'done'>();
  const visit = (tensor: SymbolicTensor, from: Layer | null): void => {
    const node = tensor.node;
    const seen = state.get(node);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new ValueError(`${owner}: the graph has a cycle through ${node.layer.describe()}`);
    if (node.layer instanceof InputLayer && !inputs.includes(tensor)) {
      throw new ValueError(`${owner}: graph disconnected: ${from ? from.describe() : 'an output'} reads ${tensor.name}, which is not among the model's inputs (${inputs.map((t) => t.name).join(', ')})`);
    }
    state.set(node, 'visiting');
    for (const input of node.inputs) visit(input, node.layer);
    state.set(node, 'done');
    nodes.push(node);
  };
  for (const output of outputs) visit(output, null);
  // Inputs no output depends on still belong to the model, as in Keras.
  for (const input of inputs) if (!state.has(input.node)) nodes.unshift(input.node);

  const layers: Layer[] = [];
  for (const node of nodes) if (!layers.includes(node.layer)) layers.push(node.layer);
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name)) throw new ValueError(`${owner}: the name "${layer.name}" is used by two layers; all layer names in a model must be unique`);
    names.add(layer.name);
    const calls = nodes.filter((n) => n.layer === layer);
    if (calls.length > 1 && !layer.sharesWeights && layer.countParams(calls[0]!.inputs[0]?.sampleShape ?? [1]) > 0) {
      throw new ValueError(`${owner}: ${layer.describe()} is called ${calls.length} times; sharing its weights between calls is not supported yet`);
    }
  }
  return { inputs, outputs, nodes, layers };
}

/** Every parameter of the graph's layers once, in layer order: getWeights' order, and the order the optimizer steps. */
export function parametersOf(graph: Graph): Parameter[] {
  return graph.layers.flatMap((l) => [...l.weights]);
}

/** The per-sample shapes of a node's inputs. */
export function inputShapes(node: LayerNode): Shape[] {
  return node.inputs.map((t) => t.sampleShape);
}
