// The public API of axon-nn: explicit named exports only.
export { Tensor, tensor } from './tensor.js';
export type { DType, TypedArray, NestedArray, TensorLike } from './tensor.js';
export { AxonError, ShapeError, ValueError, StateError, FormatError } from './errors.js';
export { setRandomSeed, Random } from './random.js';

export { ready, setBackend, getBackend, loadBackend, getBackendInfo, registerBackend, setThreads, getThreadInfo } from './backends/index.js';
export type { SetBackendOptions, BackendInfo, ReadyOptions } from './backends/index.js';
export type { ThreadOptions, ThreadInfo } from './backends/wasm/wasm-backend.js';
export { createGpuBackend, registerGpuBackend, GpuBackend, GpuUnavailableError } from './backends/gpu/index.js';
export type { GpuBackendOptions, GpuBackendInfo, GpuMode } from './backends/gpu/index.js';
export type { Backend, DeviceBuffer, ActivationName, LossKind, MetricKind, UpdateRule, UpdateKernelName, MatMulSpec, ElementwiseOp, BlockCopy, ChannelLayout, BatchNormForward, BatchNormBackward } from './backends/backend.js';
export type { WasmSource } from './backends/wasm/loader.js';

export { Layer, Parameter, clearSession } from './layers/layer.js';
export type { LayerArgs, LayerCall, LayerConfig, Shape } from './layers/layer.js';
export { Dense } from './layers/dense.js';
export type { DenseArgs } from './layers/dense.js';
export { Flatten, Reshape } from './layers/reshaping.js';
export type { ReshapeArgs } from './layers/reshaping.js';
export { InputLayer, Input } from './layers/input.js';
export type { InputArgs } from './layers/input.js';
export { SymbolicTensor } from './layers/symbolic.js';
export { Dropout } from './layers/dropout.js';
export type { DropoutArgs } from './layers/dropout.js';
export { Concatenate, concatenate } from './layers/concatenate.js';
export type { ConcatenateArgs } from './layers/concatenate.js';
export { BatchNormalization } from './layers/batch-normalization.js';
export type { BatchNormalizationArgs } from './layers/batch-normalization.js';
export { Merge, Add, Subtract, Multiply, Average, Maximum, add, subtract, multiply, average, maximum } from './layers/merge.js';
export { regularizers, L1L2 } from './regularizers.js';
export type { Regularizer, RegularizerLike } from './regularizers.js';
export { Activation } from './layers/activation.js';
export { LAYER_CLASSES, getLayerClass } from './layers/registry.js';
export type { InitializerName, Initializer } from './initializers.js';

export {
  Optimizer, SGD, RMSprop, Adam, Adagrad, AdamW, Nadam, Adamax, getOptimizer,
  LearningRateSchedule, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay,
} from './optimizers/index.js';
export type { DecayArgs, PolynomialDecayArgs, CosineDecayArgs } from './optimizers/index.js';
export type { OptimizerName } from './optimizers/index.js';
export type { SGDArgs } from './optimizers/sgd.js';
export type { RMSpropArgs } from './optimizers/rmsprop.js';
export type { AdamArgs } from './optimizers/adam.js';
export type { AdagradArgs } from './optimizers/adagrad.js';
export type { AdamWArgs } from './optimizers/adamw.js';
export type { NadamArgs } from './optimizers/nadam.js';
export type { AdamaxArgs } from './optimizers/adamax.js';
export type { LossName } from './losses.js';
export { losses, metrics } from './loss-functions.js';
export type { LossFunction } from './loss-functions.js';
export type { MetricName } from './metrics.js';

export { Model } from './models/model.js';
export type { ModelArgs, PerOutput, CompileArgs, FitArgs, EvaluateArgs, PredictArgs, SaveOptions } from './models/model.js';
export type { SampleWeight } from './models/sample-weights.js';
export type { KerasModelJSON, KerasLayerJSON } from './models/topology.js';
export { loadModel, modelFromJSON } from './io/index.js';
export type { LoadModelOptions, LoadOptions, LoadSource, SaveDestination, IOHandler, ModelArtifacts, ModelJSON, SaveResult, TrainingConfig, WeightSpec, WeightsManifestGroup } from './io/index.js';
export type { ModelTensors } from './models/model-data.js';
export { Sequential } from './models/sequential.js';
export type { SequentialArgs } from './models/sequential.js';
export { History } from './models/history.js';
export type { Logs } from './models/history.js';
export { Callback, EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, LambdaCallback, CSVLogger, ModelCheckpoint, TerminateOnNaN } from './callbacks/index.js';
export type { TrainingModel, TrainingParams, EarlyStoppingArgs, ReduceLROnPlateauArgs, ModelCheckpointArgs, Schedule, MonitorMode } from './callbacks/index.js';

export {
  fashionMnist, mnist, imdb, reuters, californiaHousing, iris,
  toCategorical, vectorizeSequences, padSequences, StandardScaler, trainTestSplit, KFold, StratifiedKFold, crossValidate,
  parseIdx, decodeIdx, parseNpy, parseNpz, npyToTensor, unpickle, parseTar, gunzip, isGzip, setMaxDecompressedBytes, loadDatasetFile, cacheDirectory,
  DownloadError, RandomState,
} from './data/index.js';
export type {
  ImageSplits, ImdbOptions, ReutersOptions, SequenceOptions, SequenceSplits, TableDataset, PadSequencesOptions,
  StandardScalerOptions, TrainTestSplitOptions, SplitSize, KFoldOptions, Fold, Splitter, Estimator, CrossValidateOptions,
  CrossValidateResult, Rows, NpyArray, NpyData, PickleValue, TarEntry, DatasetFile, FileOptions, SingleFileOptions, RandomSeed,
} from './data/index.js';

export { SGDClassifier, Perceptron, MLPClassifier, MLPRegressor, ConvergenceWarning, setEstimatorWasmSource } from './estimators/index.js';
export type {
  SGDClassifierOptions, PerceptronOptions, SGDClassifierLoss, Penalty, LearningRateSchedule as SGDLearningRateSchedule, ClassWeight, MLPOptions, MLPActivation, Targets,
} from './estimators/index.js';
