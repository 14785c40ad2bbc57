import type { Model } from '../models/model.js';
import type { Examples } from './named-datasets.js';

/** Keras' evaluate line: the loss and each metric on the given rows. */
export async function printEvaluation(model: Model, rows: Examples, what: string): Promise<Record<string, number>> {
  const results = await model.evaluate(rows.x, rows.y, { returnDict: true });
  const line = Object.entries(results).map(([name, value]) => `${name}: ${value.toFixed(4)}`).join(' - ');
  process.stdout.write(`Evaluation on ${what}: ${line}\n`);
  return results;
}
