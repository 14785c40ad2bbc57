// Models that leave the process: TensorFlow.js' layers-model format (Keras JSON + float32 weights).
export { loadModel, modelFromJSON } from './load.js';
export type { LoadModelOptions } from './load.js';
export type { LoadOptions, LoadSource, SaveDestination } from './handlers.js';
export type { IOHandler, ModelArtifacts, ModelJSON, SaveResult, TrainingConfig, WeightSpec, WeightsManifestGroup } from './artifacts.js';
