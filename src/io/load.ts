import { FormatError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { loadBackend } from '../backends/index.js';
import { Random, withRandom } from '../random.js';
import type { Model } from '../models/model.js';
import { concatWeightData } from './artifacts.js';
import { resolveHandler } from './handlers.js';
import type { LoadOptions, LoadSource } from './handlers.js';
import { modelFromTopology } from './read-topology.js';
import { assignWeights, decodeWeights } from './weights.js';

export interface LoadModelOptions extends LoadOptions {
  /** The backend the model runs on (default: the current one). */
  backend?: string;
}

/**
 * Keras' load_model / tfjs' loadLayersModel: a model saved by Axon, TensorFlow.js or Keras (through
 * tensorflowjs_converter) from a URL (file://, http(s)://, indexeddb://, localstorage://), a tfjs
 * IOHandler, or the artifacts themselves (`{ modelTopology, weightSpecs, weightData }`, the form a
 * Worker has from KV or R2). Everything is checked before the model is returned: the topology, every
 * weight's name, shape, dtype and values, the bytes against the manifest; a model saved with its
 * optimizer comes back compiled, its optimizer state restored.
 */
export async function loadModel(source: LoadSource, options: LoadModelOptions = {}): Promise<Model> {
  checkOptions(options, ['fetchFunc', 'requestInit', 'backend'], 'loadModel');
  const where = typeof source === 'string' ? source : 'loadModel(source)';
  const handler = resolveHandler(source, 'loadModel(source)', options);
  if (!handler.load) throw new ValueError('loadModel(source): the handler has no load()');
  const artifacts = await handler.load();
  if (artifacts.modelTopology === null || artifacts.modelTopology === undefined) {
    throw new FormatError(`${where}: holds weights only (saved by saveWeights); build the model and call model.loadWeights()`);
  }
  const stored = decodeWeights(artifacts.weightSpecs ?? [], concatWeightData(artifacts.weightData), where);
  const model = modelFromTopology(artifacts.modelTopology, `${where} modelTopology`, options.backend);
  try {
    const backend = await loadBackend(options.backend);
    await backend.ready();
    // The initial weights are drawn from a generator of their own and then overwritten: loading
    // does not move the user's seeded stream.
    if (!withRandom(new Random(0), () => model.buildNow())) throw new FormatError(`${where}: the topology does not give the input shape (no batch_input_shape on the first layer)`);
    assignWeights(model.layers.filter((l) => l.weights.length > 0), stored, where);
    const optimizerState = new Map(stored.filter((w) => w.group === 'optimizer').map((w) => [w.name, w.values]));
    if (artifacts.trainingConfig) model.restoreTraining(artifacts.trainingConfig, optimizerState, where);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/** Keras' model_from_json: the model a topology describes (Keras JSON, or model.json's text), with fresh weights. */
export function modelFromJSON(json: string | object, options: { backend?: string } = {}): Model {
  checkOptions(options, ['backend'], 'modelFromJSON');
  let parsed: unknown = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new FormatError(`modelFromJSON(json): not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const topology = parsed !== null && typeof parsed === 'object' && 'modelTopology' in parsed ? (parsed as { modelTopology: unknown }).modelTopology : parsed;
  return modelFromTopology(topology, 'modelFromJSON(json)', options.backend);
}
