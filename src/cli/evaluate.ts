import { UsageError } from '../errors.js';
import type { Command, Invocation } from './command.js';
import { DATASET_NAMES } from './named-datasets.js';
import { evaluationData } from './prepare.js';
import { printEvaluation } from './evaluation.js';
import { loadSaved } from './saved-model.js';
import { RUNTIME_HELP, RUNTIME_OPTIONS, applyRuntimeFlags } from './runtime-flags.js';
import { stringFlag } from './values.js';

async function run({ values, positionals }: Invocation): Promise<void> {
  const dataset = stringFlag(values.dataset);
  const file = positionals[1];
  if ((dataset === undefined) === (file === undefined)) throw new UsageError('axon evaluate: expected the data as --dataset NAME or as a FILE argument (one of the two)');
  if (dataset !== undefined && !DATASET_NAMES.includes(dataset)) throw new UsageError(`--dataset: unknown dataset ${JSON.stringify(dataset)}; expected one of ${DATASET_NAMES.join(', ')}`);
  await applyRuntimeFlags(values);
  const { model, preprocessing } = await loadSaved(positionals[0]!);
  const rows = await evaluationData({ dataset, file, target: stringFlag(values.target) }, preprocessing);
  await printEvaluation(model, rows, `${rows.x.shape[0]} rows of ${dataset === undefined ? file : `${dataset} (its test split)`}`);
}

export const evaluate: Command = {
  name: 'evaluate',
  summary: 'the loss and metrics of a saved model on a dataset\'s test split or a file',
  positionals: { min: 1, max: 2, names: 'a saved model folder (and a data file, unless --dataset)' },
  options: { dataset: { type: 'string' }, target: { type: 'string' }, ...RUNTIME_OPTIONS },
  help: `Usage: axon evaluate MODEL_DIR --dataset NAME
       axon evaluate MODEL_DIR FILE --target COLUMN

Loads a saved model and prints its loss and metrics. With --dataset, on that dataset's test split
(for iris and california-housing, the rows \`axon train\` held out, from the seed it recorded); with
a FILE, on all its rows, scaled and labelled as recorded in MODEL_DIR/preprocessing.json. The
model must have been saved with its training configuration (axon train does this).

Options:
  --dataset NAME         ${DATASET_NAMES.join(', ')}
  --target COLUMN        label column (CSV), column index (NPY) or array (NPZ); default: the
                         one the model was trained on
${RUNTIME_HELP}

Examples:
  axon evaluate models/iris --dataset iris
  axon evaluate models/houses houses-2024.csv --target price
`,
  run,
};
