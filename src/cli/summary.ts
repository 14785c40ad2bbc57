import type { Command, Invocation } from './command.js';
import { loadSaved } from './saved-model.js';

async function run({ positionals }: Invocation): Promise<void> {
  const { model } = await loadSaved(positionals[0]!);
  model.summary(undefined, (line) => process.stdout.write(`${line}\n`));
}

export const summary: Command = {
  name: 'summary',
  summary: 'the Keras summary table of a saved model (Axon, TensorFlow.js or converted Keras)',
  positionals: { min: 1, max: 1, names: 'a saved model folder or model.json' },
  options: {},
  help: `Usage: axon summary MODEL_DIR|MODEL_JSON

Loads a model in TensorFlow.js' layers-model format (saved by axon, by model.save, by TensorFlow.js
or by tensorflowjs_converter from Keras) and prints Keras' summary: layers, output shapes and
parameter counts.

Examples:
  axon summary models/iris
  axon summary web_model/model.json
`,
  run,
};
