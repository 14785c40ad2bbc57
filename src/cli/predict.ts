import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { encodeNpy } from '../data/npy.js';
import type { Tensor } from '../tensor.js';
import type { Command, Invocation } from './command.js';
import { formatCsv } from './csv.js';
import { fileKind } from './data-files.js';
import { predictionInput } from './prepare.js';
import type { Preprocessing } from './preprocessing.js';
import { loadSaved } from './saved-model.js';
import { RUNTIME_HELP, RUNTIME_OPTIONS, applyRuntimeFlags } from './runtime-flags.js';
import { choiceFlag, stringFlag } from './values.js';

/** Class indices: the argmax of each row, or for a single sigmoid unit whether it exceeds 0.5. */
function classIndices(outputs: Tensor<'float32'>): Int32Array {
  const [n, width] = [outputs.shape[0]!, outputs.shape[1] ?? 1];
  if (width === 1) return Int32Array.from(outputs.data, (p) => (p > 0.5 ? 1 : 0));
  return outputs.argMax(-1).data;
}

/** CSV column names: the classes' names for probabilities, the target's name for a regression. */
function outputColumns(prep: Preprocessing | null, width: number): string[] {
  const classes = prep?.task === 'classification' ? prep.classes : null;
  if (classes && width === classes.length) return [...classes];
  if (classes && width === 1) return [classes[1] ?? 'probability'];
  if (width === 1) return [prep?.target ?? 'prediction'];
  return Array.from({ length: width }, (_, i) => `output_${i}`);
}

function toCsv(outputs: Tensor<'float32'>, prep: Preprocessing | null, asClasses: boolean): string {
  const width = outputs.shape[1] ?? 1;
  if (asClasses) {
    const names = prep?.classes;
    return formatCsv(['class'], Array.from(classIndices(outputs), (i) => [names?.[i] ?? i]));
  }
  const rows = Array.from({ length: outputs.shape[0]! }, (_, r) => Array.from(outputs.data.subarray(r * width, (r + 1) * width)));
  return formatCsv(outputColumns(prep, width), rows);
}

async function run({ values, positionals }: Invocation): Promise<void> {
  const output = stringFlag(values.output);
  const format = choiceFlag(stringFlag(values.format), 'format', ['csv', 'npy'] as const, output !== undefined && extname(output).toLowerCase() === '.npy' ? 'npy' : 'csv');
  const asClasses = values.classes === true;
  fileKind(positionals[1]!);
  await applyRuntimeFlags(values);
  const { model, preprocessing } = await loadSaved(positionals[0]!);
  const x = await predictionInput(positionals[1]!, preprocessing);
  const outputs = (await model.predict(x)) as Tensor<'float32'>;
  const bytes = format === 'npy'
    ? encodeNpy(asClasses ? classIndices(outputs) : outputs.data, asClasses ? [outputs.shape[0]!] : outputs.shape)
    : new TextEncoder().encode(toCsv(outputs, preprocessing, asClasses));
  if (output !== undefined) await writeFile(output, bytes);
  else await new Promise<void>((done, fail) => process.stdout.write(bytes, (error) => (error ? fail(error) : done())));
}

export const predict: Command = {
  name: 'predict',
  summary: 'predictions of a saved model for the rows of a CSV or NPY file',
  positionals: { min: 2, max: 2, names: 'a saved model folder and an input file' },
  options: { output: { type: 'string', short: 'o' }, format: { type: 'string' }, classes: { type: 'boolean' }, ...RUNTIME_OPTIONS },
  help: `Usage: axon predict MODEL_DIR INPUT [--classes] [--output FILE]

Runs a saved model on the rows of INPUT and writes its outputs: class probabilities (columns named
by class), regression values, or with --classes the predicted class of each row.

INPUT is a .csv with a header row (the columns the model was trained on are taken by name, others
such as the label are ignored) or a .npy array of rows; it is scaled as recorded in
MODEL_DIR/preprocessing.json.

Options:
  --classes              one class per row (argmax; a single sigmoid unit: > 0.5) instead of outputs
  -o, --output FILE      write to FILE instead of stdout; a .npy name writes NPY
  --format csv|npy       the output format (default: csv, or npy for an --output ending in .npy);
                         NPY holds float32 [rows, outputs], or int32 [rows] class indices
${RUNTIME_HELP}

Examples:
  axon predict models/iris flowers.csv --classes
  axon predict models/fmnist images.npy --output probabilities.npy
`,
  run,
};
