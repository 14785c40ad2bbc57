import { FormatError, UsageError } from '../errors.js';
import { trainTestSplit } from '../data/preprocessing/train-test-split.js';
import { Tensor } from '../tensor.js';
import { readDataFile } from './data-files.js';
import { NAMED_DATASETS, type Examples, type Splits } from './named-datasets.js';
import { applyScaling, fitScaling, type Preprocessing, type Task } from './preprocessing.js';

/** Where the data comes from: a dataset name, or a file and its target. */
export interface Source {
  dataset?: string | undefined;
  file?: string | undefined;
  target?: string | undefined;
}

/** Integer-valued targets with at most this many distinct values are taken for classes, as a person reading the column would. */
const MAX_AUTO_CLASSES = 20;

function isNumber(label: string): boolean {
  return label !== '' && Number.isFinite(Number(label));
}

function chooseTask(labels: string[], forced: Task | undefined): Task {
  if (forced) return forced;
  if (!labels.every(isNumber)) return 'classification';
  const distinct = new Set(labels);
  return labels.every((l) => Number.isInteger(Number(l))) && distinct.size <= MAX_AUTO_CLASSES ? 'classification' : 'regression';
}

/** Class names in a stable order: numerically when all are numbers (2 before 10), else as text. */
function classesOf(labels: string[]): string[] {
  const distinct = [...new Set(labels)];
  return distinct.every(isNumber) ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

function encodeLabels(labels: string[], task: Task, classes: string[] | null, where: string): Tensor {
  if (task === 'regression') {
    return new Tensor(Float32Array.from(labels, (label, r) => {
      if (!isNumber(label)) throw new FormatError(`${where}: expected a number as the regression target in row ${r + 1}, received ${JSON.stringify(label)}`);
      return Number(label);
    }), [labels.length]);
  }
  // A model without a record of its classes (not trained by axon) takes class numbers as they are.
  const index = new Map((classes ?? []).map((name, i) => [name, i]));
  return new Tensor(Int32Array.from(labels, (label, r) => {
    const found = classes ? index.get(label) : Number(label);
    if (found === undefined || !Number.isInteger(found) || found < 0) {
      throw new FormatError(`${where}: row ${r + 1} has the label ${JSON.stringify(label)}, which is not one of the model's classes (${(classes ?? ['integers from 0']).join(', ')})`);
    }
    return found;
  }), [labels.length]);
}

/** A file's rows as a dataset: a seeded split holds out `testSize` of them (stratified for classes). */
async function fileSplits(file: string, target: string, task: Task | undefined, seed: number, testSize: number): Promise<Splits> {
  const data = await readDataFile(file, target);
  const labels = data.labels!;
  const chosen = chooseTask(labels, task);
  const classes = chosen === 'classification' ? classesOf(labels) : null;
  const y = encodeLabels(labels, chosen, classes, file);
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  // Stratifying needs two rows of every class; a rarer class falls back to a plain shuffled split.
  const stratify = chosen === 'classification' && [...counts.values()].every((c) => c >= 2) ? { stratify: y } : {};
  const [xTrain, xTest, yTrain, yTest] = trainTestSplit(data.x, y, { testSize, randomState: seed, ...stratify });
  return {
    train: { x: xTrain, y: yTrain }, test: { x: xTest, y: yTest }, task: chosen, classes,
    features: data.features, scaling: data.pixels ? 'pixels' : 'table', vocabulary: null,
  };
}

export interface Prepared {
  train: Examples;
  test: Examples;
  preprocessing: Preprocessing;
}

/** The training and test rows, scaled with statistics of the training rows, and the record of that scaling. */
export async function trainingData(source: Source, options: { task?: Task | undefined; seed: number; testSize: number }): Promise<Prepared> {
  let splits: Splits;
  if (source.dataset !== undefined) {
    const named = NAMED_DATASETS[source.dataset];
    if (!named) throw new UsageError(`axon: unknown dataset ${JSON.stringify(source.dataset)}; expected one of ${Object.keys(NAMED_DATASETS).join(', ')}, or a .csv, .npy or .npz file`);
    splits = await named.load(options);
  } else {
    if (source.target === undefined) throw new UsageError(`--target: required with a data file (${source.file}); name the label column (CSV), column index (NPY) or array (NPZ)`);
    splits = await fileSplits(source.file!, source.target, options.task, options.seed, options.testSize);
  }
  const preprocessing: Preprocessing = {
    format: 'axon-preprocessing', version: 1, dataset: source.dataset ?? null, task: splits.task,
    features: splits.features, target: source.target ?? null, classes: splits.classes,
    rescale: null, standardize: null, vocabulary: splits.vocabulary, seed: options.seed, testSize: options.testSize,
  };
  if (splits.scaling !== 'multi-hot') fitScaling(preprocessing, splits.train.x, splits.scaling === 'pixels');
  const scale = (e: Examples, part: string): Examples => ({ x: applyScaling(preprocessing, e.x, part), y: e.y });
  return { train: scale(splits.train, 'training data'), test: scale(splits.test, 'test data'), preprocessing };
}

/**
 * Rows to evaluate a saved model on: a named dataset's test split (the same rows `axon train` held
 * out, from the recorded seed), or a whole file; scaled as recorded at training.
 */
export async function evaluationData(source: Source, prep: Preprocessing | null): Promise<Examples> {
  if (source.dataset !== undefined) {
    const named = NAMED_DATASETS[source.dataset];
    if (!named) throw new UsageError(`--dataset: unknown dataset ${JSON.stringify(source.dataset)}; expected one of ${Object.keys(NAMED_DATASETS).join(', ')}`);
    const splits = await named.load({ seed: prep?.seed ?? 42, testSize: prep?.testSize ?? 0.2 });
    return { x: applyScaling(prep, splits.test.x, source.dataset), y: splits.test.y };
  }
  const target = source.target ?? (prep?.dataset === null ? prep.target ?? undefined : undefined);
  if (target === undefined) throw new UsageError(`--target: required with a data file (${source.file}); name the label column (CSV), column index (NPY) or array (NPZ)`);
  const data = await readDataFile(source.file!, target, prep?.features ?? null);
  const task = prep?.task ?? 'classification';
  return { x: applyScaling(prep, data.x, source.file!), y: encodeLabels(data.labels!, task, prep?.classes ?? null, source.file!) };
}

/** Rows to predict from: a file's feature columns (a CSV's by the saved names), scaled as recorded. */
export async function predictionInput(file: string, prep: Preprocessing | null): Promise<Tensor<'float32'>> {
  const data = await readDataFile(file, undefined, prep?.features ?? null);
  return applyScaling(prep, data.x, file);
}
