// Public API of the data module. Node-only modules are imported lazily inside functions, so this
// barrel is safe to bundle for browsers.
export { parseIdx, decodeIdx } from './idx.js';
export { parseNpy, encodeNpy, type NpyArray, type NpyData } from './npy.js';
export { parseNpz } from './npz.js';
export { npyToTensor } from './npy-tensor.js';
export { unpickle, type PickleValue, type PickleTuple, type PickledArray, type PickledDtype, type PickledGlobal } from './pickle.js';
export { parseTar, type TarEntry } from './tar.js';
export { gunzip, isGzip, setMaxDecompressedBytes } from './compression.js';
export { loadDatasetFile, locateDatasetFile, cacheDirectory, type DatasetFile, type FileOptions, type SingleFileOptions } from './files.js';
export { DownloadError } from './download.js';
export { RandomState, type RandomSeed } from './random-state.js';

export { fashionMnist, type ImageSplits } from './datasets/fashion-mnist.js';
export { mnist } from './datasets/mnist.js';
export { imdb, type ImdbOptions } from './datasets/imdb.js';
export { reuters, type ReutersOptions } from './datasets/reuters.js';
export type { SequenceOptions, SequenceSplits } from './datasets/sequences.js';
export { californiaHousing, type TableDataset } from './datasets/california-housing.js';
export { iris } from './datasets/iris.js';

export { toCategorical } from './preprocessing/to-categorical.js';
export { vectorizeSequences } from './preprocessing/vectorize-sequences.js';
export { padSequences, type PadSequencesOptions } from './preprocessing/pad-sequences.js';
export { StandardScaler, type StandardScalerOptions } from './preprocessing/standard-scaler.js';
export { trainTestSplit, type TrainTestSplitOptions } from './preprocessing/train-test-split.js';
export type { SplitSize } from './preprocessing/split-sizes.js';
export { KFold, StratifiedKFold, type KFoldOptions, type Fold, type Splitter } from './preprocessing/k-fold.js';
export { crossValidate, type Estimator, type CrossValidateOptions, type CrossValidateResult } from './preprocessing/cross-validate.js';
export type { Rows } from './preprocessing/rows.js';
