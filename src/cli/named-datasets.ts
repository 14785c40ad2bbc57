import { fashionMnist } from '../data/datasets/fashion-mnist.js';
import { mnist } from '../data/datasets/mnist.js';
import { iris } from '../data/datasets/iris.js';
import { californiaHousing, type TableDataset } from '../data/datasets/california-housing.js';
import { imdb } from '../data/datasets/imdb.js';
import { reuters } from '../data/datasets/reuters.js';
import type { DatasetFile } from '../data/files.js';
import type { SequenceSplits } from '../data/datasets/sequences.js';
import { trainTestSplit } from '../data/preprocessing/train-test-split.js';
import { vectorizeSequences } from '../data/preprocessing/vectorize-sequences.js';
import { Tensor } from '../tensor.js';
import type { Task } from './preprocessing.js';

/** Rows of features (flattened to [n, features], unscaled) and their labels. */
export interface Examples {
  x: Tensor<'float32'>;
  y: Tensor;
}

/** A dataset as the command trains on it: the split, the task and how its features are scaled. */
export interface Splits {
  train: Examples;
  test: Examples;
  task: Task;
  classes: string[] | null;
  features: string[] | null;
  /** 'pixels' are divided by 255, 'table' columns standardized, 'multi-hot' vectors left as they are. */
  scaling: 'pixels' | 'table' | 'multi-hot';
  vocabulary: number | null;
}

export interface SplitOptions {
  seed: number;
  testSize: number;
}

/** Keras' book recipe for the text datasets: the 10,000 most frequent words, multi-hot encoded. */
const VOCABULARY = 10000;

async function images(load: typeof mnist.loadData, classes: string[]): Promise<Splits> {
  const [[xTrain, yTrain], [xTest, yTest]] = await load();
  const flat = (x: Tensor<'uint8'>): Tensor<'float32'> => x.reshape(x.shape[0]!, -1).asType('float32') as Tensor<'float32'>;
  return { train: { x: flat(xTrain), y: yTrain }, test: { x: flat(xTest), y: yTest }, task: 'classification', classes, features: null, scaling: 'pixels', vocabulary: null };
}

/** scikit-learn's tables come whole: a seeded split (stratified for classes) holds out the test rows. */
async function table(dataset: TableDataset, task: Task, options: SplitOptions): Promise<Splits> {
  const split = { testSize: options.testSize, randomState: options.seed, ...(task === 'classification' ? { stratify: dataset.target } : {}) };
  const [xTrain, xTest, yTrain, yTest] = trainTestSplit(dataset.data, dataset.target, split);
  return {
    train: { x: xTrain, y: yTrain }, test: { x: xTest, y: yTest }, task,
    classes: task === 'classification' ? [...dataset.targetNames] : null,
    features: [...dataset.featureNames], scaling: 'table', vocabulary: null,
  };
}

async function sequences(load: Promise<SequenceSplits>, classes: string[]): Promise<Splits> {
  const [[xTrain, yTrain], [xTest, yTest]] = await load;
  return {
    train: { x: vectorizeSequences(xTrain, VOCABULARY), y: yTrain }, test: { x: vectorizeSequences(xTest, VOCABULARY), y: yTest },
    task: 'classification', classes, features: null, scaling: 'multi-hot', vocabulary: VOCABULARY,
  };
}

const numbered = (count: number): string[] => Array.from({ length: count }, (_, i) => String(i));

/** The datasets `axon` knows by name: what they are, their files, and how to load them for training. */
export const NAMED_DATASETS: Record<string, { description: string; files: readonly DatasetFile[]; load(options: SplitOptions): Promise<Splits> }> = {
  'fashion-mnist': {
    description: 'Zalando Fashion-MNIST: 60,000 + 10,000 28x28 grayscale images, 10 classes',
    files: fashionMnist.files,
    load: () => images((o) => fashionMnist.loadData(o), [...fashionMnist.classNames]),
  },
  mnist: {
    description: 'MNIST digits: 60,000 + 10,000 28x28 grayscale images, 10 classes',
    files: mnist.files,
    load: () => images((o) => mnist.loadData(o), numbered(10)),
  },
  iris: {
    description: 'Fisher\'s iris: 150 flowers, 4 features, 3 classes (ships with the package)',
    files: iris.files,
    load: async (options) => table(await iris.loadData(), 'classification', options),
  },
  'california-housing': {
    description: 'California housing: 20,640 districts, 8 features, median house value (regression)',
    files: californiaHousing.files,
    load: async (options) => table(await californiaHousing.loadData(), 'regression', options),
  },
  imdb: {
    description: 'IMDB reviews: 25,000 + 25,000 word sequences, positive/negative (10,000 words, multi-hot)',
    files: imdb.files,
    load: () => sequences(imdb.loadData({ numWords: VOCABULARY }), ['negative', 'positive']),
  },
  reuters: {
    description: 'Reuters newswires: 8,982 + 2,246 word sequences, 46 topics (10,000 words, multi-hot)',
    files: reuters.files,
    load: () => sequences(reuters.loadData({ numWords: VOCABULARY }), numbered(46)),
  },
};

export const DATASET_NAMES = Object.keys(NAMED_DATASETS);
