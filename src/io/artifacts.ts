import type { KerasModelJSON } from '../models/topology.js';

/** One weight in model.json's manifest (tfjs' WeightsManifestEntry). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64' | string;
  /** tfjs marks optimizer weights `group: 'optimizer'`. */
  group?: string;
  quantization?: unknown;
}

/** model.json's `weightsManifest`: groups of weights stored in the files listed in `paths`. */
export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** tfjs' TrainingConfig: how the model was compiled (written with includeOptimizer). */
export interface TrainingConfig {
  loss: string | string[] | Record<string, string>;
  metrics?: string[] | Record<string, string[]>;
  weighted_metrics?: string[] | Record<string, string[]>;
  loss_weights?: number[] | Record<string, number>;
  optimizer_config: { class_name: string; config: Record<string, unknown> };
}

/**
 * tfjs' ModelArtifacts: what a handler saves or loads. Weight data is every weight's float32 values
 * back to back, little-endian, in `weightSpecs` order.
 */
export interface ModelArtifacts {
  modelTopology: KerasModelJSON | Record<string, unknown>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs?: WeightSpec[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  trainingConfig?: TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
}

/** The model.json file itself (tfjs' ModelJSON). */
export interface ModelJSON {
  modelTopology: ModelArtifacts['modelTopology'];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: WeightsManifestGroup[];
  trainingConfig?: TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
}

/** tfjs' IOHandler shape: `tf.io.withSaveHandler` / `tf.io.fromMemory` objects work as they are. */
export interface IOHandler {
  save?(artifacts: ModelArtifacts): Promise<SaveResult>;
  load?(): Promise<ModelArtifacts>;
}

export interface SaveResult {
  modelArtifactsInfo: { dateSaved: Date; modelTopologyType: 'JSON'; modelTopologyBytes: number; weightSpecsBytes: number; weightDataBytes: number };
  responses?: unknown[];
}

/** The name of the single weights file Axon writes, as tfjs names its first shard. */
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export function saveResult(artifacts: ModelArtifacts): SaveResult {
  const data = artifacts.weightData;
  const bytes = data === undefined ? 0 : Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
      weightDataBytes: bytes,
    },
  };
}

/** model.json's content for artifacts whose weights sit in `paths`. */
export function modelJSON(artifacts: ModelArtifacts, paths: string[]): ModelJSON {
  const json: ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'axon-nn',
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return json;
}

/** One ArrayBuffer of the weight data, whichever form it came in. */
export function concatWeightData(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
