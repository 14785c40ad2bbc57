import { resolve, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { Sequential } from '../models/sequential.js';
import { Dense } from '../layers/dense.js';
import { resolveActivation } from '../layers/activation-names.js';
import { getOptimizer } from '../optimizers/index.js';
import { resolveLoss } from '../losses.js';
import { setRandomSeed } from '../random.js';
import { CSVLogger } from '../callbacks/csv-logger.js';
import { plotHistory, savePlot } from '../plot/index.js';
import { EarlyStopping } from '../callbacks/early-stopping.js';
import type { Callback } from '../callbacks/callback.js';
import type { Command, Invocation } from './command.js';
import { DATASET_NAMES } from './named-datasets.js';
import { trainingData, type Source } from './prepare.js';
import { writePreprocessing, type Task } from './preprocessing.js';
import { InterruptCallback } from './interrupt.js';
import { RUNTIME_HELP, RUNTIME_OPTIONS, applyRuntimeFlags, checkedFlag } from './runtime-flags.js';
import { choiceFlag, integerFlag, integerListFlag, numberFlag, stringFlag } from './values.js';
import { printEvaluation } from './evaluation.js';

/** A dataset name, or a data file with its target. */
export function sourceOf(input: string, target: string | undefined): Source {
  if (DATASET_NAMES.includes(input)) return { dataset: input };
  return { file: input, target };
}

/** The model: the hidden Dense layers, then the output Keras' recipes use for the task. */
function buildModel(inputs: number, hidden: number[], activation: string, task: Task, classes: number): Sequential {
  const layers = hidden.map((units, i) => new Dense(units, { activation: activation as 'relu', ...(i === 0 ? { inputShape: [inputs] } : {}) }));
  // Two classes: one sigmoid unit and binary cross-entropy, as Keras' IMDB example; more: softmax.
  const units = task === 'regression' || classes === 2 ? 1 : classes;
  const output = task === 'regression' ? 'linear' : classes === 2 ? 'sigmoid' : 'softmax';
  layers.push(new Dense(units, { activation: output, ...(hidden.length === 0 ? { inputShape: [inputs] } : {}) }));
  return new Sequential(layers);
}

function defaultLoss(task: Task, classes: number): string {
  if (task === 'regression') return 'mse';
  return classes === 2 ? 'binary_crossentropy' : 'sparse_categorical_crossentropy';
}

async function run({ values, positionals }: Invocation): Promise<number> {
  const target = stringFlag(values.target);
  const source = sourceOf(positionals[0]!, target);
  if (source.dataset !== undefined && target !== undefined) throw new UsageError(`--target: ${source.dataset} is a named dataset with its own labels; --target is for data files`);
  if (source.file !== undefined && target === undefined) throw new UsageError(`--target: required with a data file (${source.file}); name the label column (CSV), column index (NPY) or array (NPZ). Known datasets: ${DATASET_NAMES.join(', ')}`);
  const hidden = integerListFlag(stringFlag(values.layers), 'layers', [100]);
  const activation = checkedFlag('activation', () => resolveActivation(stringFlag(values.activation) ?? 'relu', 'activation'));
  const optimizer = checkedFlag('optimizer', () => getOptimizer(stringFlag(values.optimizer) ?? 'adam'));
  optimizer.learningRate = numberFlag(stringFlag(values['learning-rate']), 'learning-rate', optimizer.learningRate, { min: 0, minOpen: true });
  const lossFlag = stringFlag(values.loss);
  if (lossFlag !== undefined) checkedFlag('loss', () => resolveLoss(lossFlag));
  const epochs = integerFlag(stringFlag(values.epochs), 'epochs', 5);
  const batchSize = integerFlag(stringFlag(values['batch-size']), 'batch-size', 32);
  const validationSplit = numberFlag(stringFlag(values['validation-split']), 'validation-split', 0, { min: 0, max: 1 });
  const testSize = numberFlag(stringFlag(values['test-size']), 'test-size', 0.2, { min: 0, max: 1, minOpen: true });
  const seed = integerFlag(stringFlag(values.seed), 'seed', Math.floor(Math.random() * 2 ** 31), 0);
  const patience = values['early-stopping'] === undefined ? undefined : integerFlag(stringFlag(values['early-stopping']), 'early-stopping', 0, 0);
  const task = choiceFlag<Task>(stringFlag(values.task), 'task', ['classification', 'regression']);
  const saveDir = stringFlag(values.save);
  await applyRuntimeFlags(values);

  const data = await trainingData(source, { task, seed, testSize });
  const prep = data.preprocessing;
  const classes = prep.classes?.length ?? 0;
  setRandomSeed(seed);
  const model = buildModel(data.train.x.shape[1]!, hidden, activation, prep.task, classes);
  const metrics = prep.task === 'regression' ? ['mae'] : ['accuracy'];
  model.compile({ optimizer, loss: (lossFlag ?? defaultLoss(prep.task, classes)) as 'mse', metrics: metrics as ['mae'] });

  const interrupt = new InterruptCallback().install();
  const callbacks: Callback[] = [interrupt];
  if (patience !== undefined) callbacks.push(new EarlyStopping({ monitor: validationSplit > 0 ? 'val_loss' : 'loss', patience, restoreBestWeights: true }));
  if (saveDir !== undefined) {
    await mkdir(resolve(saveDir), { recursive: true });
    callbacks.push(new CSVLogger(join(resolve(saveDir), 'history.csv')));
  }
  try {
    const history = await model.fit(data.train.x, data.train.y, { epochs, batchSize, validationSplit, callbacks, verbose: 1 });
    if (saveDir !== undefined) {
      await writePreprocessing(resolve(saveDir), prep);
      await model.save(pathToFileURL(resolve(saveDir)).href, { includeOptimizer: true });
      if (history.epoch.length > 0) await savePlot(plotHistory(history, { title: `axon train ${source}` }), join(resolve(saveDir), 'history.svg'));
      process.stdout.write(`Saved the model to ${resolve(saveDir)} (model.json, weights, preprocessing.json, history.csv, history.svg)\n`);
    }
  } finally {
    interrupt.uninstall();
  }
  await printEvaluation(model, data.test, `${data.test.x.shape[0]} held-out test rows`);
  return interrupt.interrupted ? 130 : 0;
}

export const train: Command = {
  name: 'train',
  summary: 'train a dense network on a dataset or a CSV/NPY/NPZ file',
  positionals: { min: 1, max: 1, names: 'a dataset name or a data file' },
  options: {
    target: { type: 'string' },
    task: { type: 'string' },
    layers: { type: 'string' },
    activation: { type: 'string' },
    optimizer: { type: 'string' },
    'learning-rate': { type: 'string' },
    loss: { type: 'string' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    'validation-split': { type: 'string' },
    'test-size': { type: 'string' },
    seed: { type: 'string' },
    'early-stopping': { type: 'string' },
    save: { type: 'string' },
    ...RUNTIME_OPTIONS,
  },
  help: `Usage: axon train DATASET|FILE [options]

Trains a Sequential model of Dense layers and prints Keras' progress, then the loss and metrics on
held-out test rows (the dataset's test split; for tables and files, --test-size of the rows).

DATASET is one of ${DATASET_NAMES.join(', ')}.
FILE is a .csv (header row; --target names the label column, all other columns are features),
a .npy (one 2-D array of numbers; --target is the label column's index, -1 = last) or a .npz
(features in an array named x, or the one array besides the target; --target names the labels).

Defaults follow Keras' recipes: classification (word labels, or up to 20 distinct integers) gets a
softmax output, sparse categorical cross-entropy and accuracy (two classes: a sigmoid unit and
binary cross-entropy); regression a linear output, mse and mae. Images (uint8) are flattened and
divided by 255; table features are standardized (StandardScaler, fitted on the training rows).

Options:
  --target COLUMN        label column (CSV), column index (NPY) or array name (NPZ)
  --task classification|regression   override the task guessed from the labels
  --layers 300,100       hidden Dense widths (default 100; '' for none)
  --activation NAME      hidden activation: relu, tanh, sigmoid, linear (default relu)
  --optimizer NAME       sgd, rmsprop, adam, adamw, adagrad, nadam, adamax (default adam)
  --learning-rate LR     the optimizer's learning rate (default: its Keras default)
  --loss NAME            a Keras loss name (default: by task, as above)
  --epochs N             default 5
  --batch-size N         default 32
  --validation-split F   fraction of training rows held out for val_ metrics (default 0)
  --test-size F          fraction of a table's rows held out for the final test (default 0.2)
  --seed N               seeds the weights, shuffling and split (default: random, recorded)
  --early-stopping P     stop after P epochs without improvement (val_loss, else loss)
  --save DIR             write model.json, the weights, preprocessing.json, history.csv and history.svg
${RUNTIME_HELP}

Ctrl-C stops after the current batch and still saves; a second Ctrl-C quits at once.

Examples:
  axon train iris --epochs 50 --save models/iris
  axon train fashion-mnist --layers 300,100 --epochs 5 --validation-split 0.1 --save models/fmnist
  axon train houses.csv --target price --layers 64,64 --early-stopping 5 --validation-split 0.2
  axon train samples.npz --target y --threads auto
`,
  run,
};
