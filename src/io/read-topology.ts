import { FormatError, describe } from '../errors.js';
import { layerFromConfig } from '../layers/registry.js';
import { InputLayer } from '../layers/input.js';
import type { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';

type Json = Record<string, unknown>;

function object(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FormatError(`${where}: expected an object, received ${describe(value)}`);
  return value as Json;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new FormatError(`${where}: expected an array, received ${describe(value)}`);
  return value;
}

/** A Sequential from its Keras JSON: `config.layers` (tfjs, Keras 2.2+) or `config` as the list (older Keras). */
function sequentialFrom(config: unknown, where: string, backend: string | undefined): Sequential {
  const list = Array.isArray(config) ? config : array(object(config, `${where}.config`)['layers'], `${where}.config.layers`);
  const name = Array.isArray(config) ? undefined : (object(config, `${where}.config`)['name'] as string | undefined);
  const layers = list.map((entry, i) => {
    const e = object(entry, `${where}.config.layers[${i}]`);
    return layerFromConfig(e['class_name'], e['config'], `${where}.config.layers[${i}] (${String(e['class_name'])})`);
  });
  return new Sequential(layers, { ...(typeof name === 'string' ? { name } : {}), ...(backend ? { backend } : {}) });
}

/** [layer name, node index, tensor index] as Keras writes a tensor reference. */
function reference(value: unknown, where: string): [string, number, number] {
  const ref = array(value, where);
  if (typeof ref[0] !== 'string' || !Number.isInteger(ref[1]) || !Number.isInteger(ref[2])) throw new FormatError(`${where}: expected [layer name, node index, tensor index], received ${describe(value)}`);
  if (ref[2] !== 0) throw new FormatError(`${where}: tensor index ${String(ref[2])}: Axon layers have one output`);
  return [ref[0], ref[1] as number, 0];
}

/**
 * A functional model from Keras JSON: the layers are made from their configs, then called on their
 * inbound tensors in an order where each call's inputs exist (Keras' `reconstruct_from_config`), so
 * any topological order in the file works; a reference to a missing layer or node is an error.
 */
function functionalFrom(config: unknown, where: string, backend: string | undefined): Model {
  const c = object(config, `${where}.config`);
  const entries = array(c['layers'], `${where}.config.layers`).map((entry, i) => object(entry, `${where}.config.layers[${i}]`));
  const layers = new Map<string, Layer>();
  const pending: { layer: Layer; node: number; inputs: [string, number, number][]; where: string }[] = [];
  entries.forEach((e, i) => {
    const at = `${where}.config.layers[${i}] (${String(e['name'] ?? e['class_name'])})`;
    const layer = layerFromConfig(e['class_name'], e['config'], at);
    if (layers.has(layer.name)) throw new FormatError(`${at}: a second layer named "${layer.name}"`);
    layers.set(layer.name, layer);
    array(e['inbound_nodes'] ?? [], `${at}.inbound_nodes`).forEach((node, n) => {
      if (!Array.isArray(node)) throw new FormatError(`${at}.inbound_nodes[${n}]: expected a list of [layer, node, tensor, kwargs] (Keras 2 / tfjs format), received ${describe(node)}`);
      pending.push({ layer, node: n, inputs: node.map((ref, k) => reference(ref, `${at}.inbound_nodes[${n}][${k}]`)), where: `${at}.inbound_nodes[${n}]` });
    });
  });
  const outputs = new Map<string, SymbolicTensor>();
  const key = (name: string, node: number): string => `${name}#${node}`;
  for (const layer of layers.values()) if (layer instanceof InputLayer) outputs.set(key(layer.name, 0), layer.output);
  while (pending.length) {
    const ready = pending.findIndex((p) => p.inputs.every(([name, node]) => outputs.has(key(name, node))));
    if (ready < 0) {
      const stuck = pending[0]!;
      const missing = stuck.inputs.find(([name, node]) => !outputs.has(key(name, node)))!;
      throw new FormatError(`${stuck.where}: reads node ${missing[1]} of layer "${missing[0]}", which ${layers.has(missing[0]) ? 'is never computed (a cycle or a missing node)' : 'does not exist'}`);
    }
    const { layer, node, inputs } = pending.splice(ready, 1)[0]!;
    const tensors = inputs.map(([name, n]) => outputs.get(key(name, n))!);
    outputs.set(key(layer.name, node), layer.apply(layer.takesManyInputs ? tensors : tensors[0]!));
  }
  const refs = (name: string): SymbolicTensor[] => array(c[name], `${where}.config.${name}`).map((ref, i) => {
    const [layer, node] = reference(ref, `${where}.config.${name}[${i}]`);
    const t = outputs.get(key(layer, node));
    if (!t) throw new FormatError(`${where}.config.${name}[${i}]: no node ${node} of layer "${layer}"`);
    return t;
  });
  const name = c['name'];
  return new Model({ inputs: refs('input_layers'), outputs: refs('output_layers'), ...(typeof name === 'string' ? { name } : {}), ...(backend ? { backend } : {}) });
}

/** Keras' model_from_json: a Sequential or functional model (no weights) from its topology. */
export function modelFromTopology(topology: unknown, where: string, backend?: string): Model {
  const json = object(topology, where);
  // model.json nests Keras' JSON under model_config in some converter versions.
  const model = json['model_config'] !== undefined ? object(json['model_config'], `${where}.model_config`) : json;
  const className = model['class_name'];
  if (className === 'Sequential') return sequentialFrom(model['config'], where, backend);
  if (className === 'Model' || className === 'Functional') return functionalFrom(model['config'], where, backend);
  throw new FormatError(`${where}: expected a Sequential, Model or Functional topology, received class_name ${describe(className)}`);
}
