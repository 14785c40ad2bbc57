// Keras' training callbacks, one file each.
export { Callback } from './callback.js';
export type { Logs, TrainingModel, TrainingParams } from './callback.js';
export { EarlyStopping } from './early-stopping.js';
export type { EarlyStoppingArgs } from './early-stopping.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauArgs } from './reduce-lr-on-plateau.js';
export { LearningRateScheduler } from './learning-rate-scheduler.js';
export type { Schedule } from './learning-rate-scheduler.js';
export { LambdaCallback } from './lambda-callback.js';
export { CSVLogger } from './csv-logger.js';
export { ModelCheckpoint, formatFilepath } from './model-checkpoint.js';
export type { ModelCheckpointArgs } from './model-checkpoint.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
export type { MonitorMode } from './monitor.js';
