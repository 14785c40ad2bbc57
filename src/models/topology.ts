import type { Layer, LayerConfig } from '../layers/layer.js';
import { InputLayer } from '../layers/input.js';
import type { LayerNode, SymbolicTensor } from '../layers/symbolic.js';
import type { Graph } from './graph.js';

/** The version written into model.json, as tfjs writes its own. */
export const AXON_VERSION = '0.1.0';

/** A layer as Keras JSON holds it: class_name and config (snake_case). */
export interface KerasLayerJSON {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: [string, number, number, Record<string, never>][][];
}

/** Keras' model JSON (`model.to_json()`, model.json's `modelTopology`). */
export interface KerasModelJSON {
  class_name: 'Sequential' | 'Model' | 'Functional';
  config: {
    name: string;
    layers: KerasLayerJSON[];
    input_layers?: [string, number, number][];
    output_layers?: [string, number, number][];
  };
  keras_version: string;
  backend: string;
}

function layerJSON(config: LayerConfig): KerasLayerJSON {
  return { class_name: config.className, config: config.config };
}

/**
 * A Sequential's topology as tfjs writes it: its layers' configs in order, the first carrying the
 * batch input shape (taken from the built graph when the layer did not declare one).
 */
export function sequentialJSON(name: string, layers: readonly Layer[], inputShape: readonly number[] | null): KerasModelJSON {
  const configs = layers.map((l) => layerJSON(l.getConfig()));
  const first = configs[0];
  if (first && inputShape && !('batch_input_shape' in first.config)) first.config = { ...first.config, batch_input_shape: [null, ...inputShape] };
  return { class_name: 'Sequential', config: { name, layers: configs }, keras_version: `axon-nn ${AXON_VERSION}`, backend: 'tensor_flow.js' };
}

/**
 * A functional model's topology in Keras' (and tfjs') format: each layer with the calls that feed
 * it, `[layer name, node index, tensor index, kwargs]`, node indices counted within this model.
 */
export function functionalJSON(name: string, graph: Graph): KerasModelJSON {
  const nodesOf = (layer: Layer): LayerNode[] => layer.nodes.filter((n) => graph.nodes.includes(n));
  const ref = (t: SymbolicTensor): [string, number, number] => [t.sourceLayer.name, nodesOf(t.sourceLayer).indexOf(t.node), 0];
  const layers = graph.layers.map((layer): KerasLayerJSON => {
    const { className, config } = layer.getConfig();
    const inbound = layer instanceof InputLayer ? [] : nodesOf(layer).map((node) => node.inputs.map((t) => [...ref(t), {}] as [string, number, number, Record<string, never>]));
    return { name: layer.name, class_name: className, config, inbound_nodes: inbound };
  });
  return {
    class_name: 'Model',
    config: { name, layers, input_layers: graph.inputs.map(ref), output_layers: graph.outputs.map(ref) },
    keras_version: `axon-nn ${AXON_VERSION}`,
    backend: 'tensor_flow.js',
  };
}
