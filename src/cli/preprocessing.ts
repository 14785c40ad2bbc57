import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError, ShapeError } from '../errors.js';
import { StandardScaler } from '../data/preprocessing/standard-scaler.js';
import { Tensor } from '../tensor.js';

export type Task = 'classification' | 'regression';

/**
 * What `axon train` did to the data before the model saw it, saved as preprocessing.json beside
 * model.json: evaluate and predict must feed the model the same scaling and the same class order,
 * and model.json has no place for either (Keras would hold them in a Normalization layer).
 */
export interface Preprocessing {
  format: 'axon-preprocessing';
  version: 1;
  /** The named dataset trained on, or null for a file. */
  dataset: string | null;
  task: Task;
  /** Feature column names in the model's input order (CSV files and table datasets), else null. */
  features: string[] | null;
  /** The target column (CSV), column index (NPY) or array name (NPZ) trained on, else null. */
  target: string | null;
  /** Class names by class index (classification). */
  classes: string[] | null;
  /** Features are divided by this (images: 255). */
  rescale: number | null;
  /** Features are standardized with these per-feature statistics (scikit-learn's StandardScaler). */
  standardize: { mean: number[]; scale: number[] } | null;
  /** Sequence datasets: the multi-hot width (`numWords`). */
  vocabulary: number | null;
  /** Seed and held-out fraction of the train/test split of a table, so evaluate finds the same test rows. */
  seed: number;
  testSize: number;
}

export const PREPROCESSING_FILE = 'preprocessing.json';

/** Fits the feature scaling on the training rows: rescaling for pixels, standardization for tables. */
export function fitScaling(prep: Preprocessing, x: Tensor<'float32'>, pixels: boolean): void {
  if (pixels) {
    prep.rescale = 255;
    return;
  }
  const scaler = new StandardScaler().fit(x);
  prep.standardize = { mean: Array.from(scaler.mean!), scale: Array.from(scaler.scale!) };
}

/** The features as the model was trained on them: [n, features] float32, scaled as recorded. */
export function applyScaling(prep: Preprocessing | null, x: Tensor<'float32'>, where: string): Tensor<'float32'> {
  if (!prep) return x;
  if (prep.rescale !== null) return x.div(prep.rescale);
  if (prep.standardize === null) return x;
  const { mean, scale } = prep.standardize;
  const width = x.shape[1]!;
  if (width !== mean.length) throw new ShapeError(`${where}: expected ${mean.length} features, as the model was trained on, received ${width}`);
  const out = new Float32Array(x.size);
  x.data.forEach((value, i) => (out[i] = (value - mean[i % width]!) / scale[i % width]!));
  return new Tensor(out, x.shape);
}

/** Written under a temporary name and renamed, like the model itself, so a reader never finds half a file. */
export async function writePreprocessing(dir: string, prep: Preprocessing): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, PREPROCESSING_FILE);
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(prep, null, 2)}\n`);
  await rename(temporary, path);
}

/** The saved record, or null for a model that `axon train` did not write (features then pass as they are). */
export async function readPreprocessing(dir: string): Promise<Preprocessing | null> {
  const path = join(dir, PREPROCESSING_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FormatError(`${path}: not JSON (${(error as Error).message})`);
  }
  const record = parsed as Partial<Preprocessing> | null;
  if (record?.format !== 'axon-preprocessing' || record.version !== 1) throw new FormatError(`${path}: expected an axon-preprocessing record of version 1`);
  return record as Preprocessing;
}
