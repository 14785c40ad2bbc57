import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { FormatError, ShapeError, UsageError } from '../errors.js';
import { parseNpy, type NpyArray } from '../data/npy.js';
import { parseNpz } from '../data/npz.js';
import { npyToTensor } from '../data/npy-tensor.js';
import { Tensor } from '../tensor.js';
import { numericColumn, parseCsv } from './csv.js';

/**
 * A data file's features, [n, features] float32 unscaled, and (when a target was named) its labels
 * as text, so that class names from a CSV and class numbers from an array go through one encoder.
 */
export interface FileData {
  x: Tensor<'float32'>;
  labels: string[] | null;
  /** Feature column names (CSV), else null. */
  features: string[] | null;
  /** The features were uint8 (pixels): they are divided by 255 rather than standardized. */
  pixels: boolean;
}

export type FileKind = 'csv' | 'npy' | 'npz';

export function fileKind(path: string): FileKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.npy' || ext === '.npz') return ext.slice(1) as FileKind;
  throw new UsageError(`${path}: expected a .csv, .npy or .npz file (or a dataset name), received a ${ext === '' ? 'file without an extension' : `${ext} file`}`);
}

function flatten(t: Tensor, where: string): Tensor<'float32'> {
  if (t.rank < 1) throw new ShapeError(`${where}: expected an array of rows, received a scalar`);
  const rows = t.shape[0]!;
  const width = t.rank === 1 ? 1 : t.size / Math.max(rows, 1);
  return new Tensor(Float32Array.from(t.data), [rows, width]);
}

function labelsOf(array: NpyArray, rows: number, where: string): string[] {
  const t = npyToTensor(array, where);
  if (t.shape[0] !== rows || t.size !== rows) throw new ShapeError(`${where}: expected one label per row ([${rows}] or [${rows}, 1]), received shape [${t.shape.join(', ')}]`);
  return Array.from(t.data, String);
}

/**
 * CSV: a header row, then numbers; `target` names the label column (its cells may be words), every
 * other column is a feature. With `features`, those columns are taken in that order instead (a
 * saved model's inputs) and others ignored.
 */
function fromCsv(text: string, path: string, target: string | undefined, features: string[] | null): FileData {
  const table = parseCsv(text, path);
  let targetIndex = -1;
  if (target !== undefined) {
    targetIndex = table.columns.indexOf(target);
    if (targetIndex < 0) throw new UsageError(`--target: ${path} has no column ${JSON.stringify(target)}; its columns are ${table.columns.join(', ')}`);
  }
  const names = features ?? table.columns.filter((_, c) => c !== targetIndex);
  const indices = names.map((name) => {
    const c = table.columns.indexOf(name);
    if (c < 0) throw new FormatError(`${path}: expected a column ${JSON.stringify(name)} (the model was trained on ${names.join(', ')}), received columns ${table.columns.join(', ')}`);
    return c;
  });
  const n = table.rows.length;
  const x = new Float32Array(n * names.length);
  indices.forEach((c, j) => numericColumn(table, c, path).forEach((v, r) => (x[r * names.length + j] = v)));
  const labels = targetIndex < 0 ? null : table.rows.map((row) => row[targetIndex]!.trim());
  return { x: new Tensor(x, [n, names.length]), labels, features: names, pixels: false };
}

/** NPY: one 2-D array of numbers; `target` is the label column's index (negative counts from the end). */
function fromNpy(bytes: Uint8Array, path: string, target: string | undefined): FileData {
  const array = npyToTensor(parseNpy(bytes, path), path);
  if (target === undefined) return { x: flatten(array, path), labels: null, features: null, pixels: array.dtype === 'uint8' };
  if (array.rank !== 2) throw new ShapeError(`${path}: expected a 2-D [rows, columns] array when --target names a column, received shape [${array.shape.join(', ')}]`);
  const [n, width] = array.shape as [number, number];
  const column = Number(target);
  if (!Number.isInteger(column) || column < -width || column >= width) throw new UsageError(`--target: for a .npy file, expected a column index in [${-width}, ${width}), received ${JSON.stringify(target)}`);
  const at = column < 0 ? width + column : column;
  const x = new Float32Array(n * (width - 1));
  const labels: string[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0, j = 0; c < width; c++) {
      const value = array.data[r * width + c]!;
      if (c === at) labels.push(String(value));
      else x[r * (width - 1) + j++] = value;
    }
  }
  return { x: new Tensor(x, [n, width - 1]), labels, features: null, pixels: false };
}

/** NPZ: the features in an array `x` (or the archive's only other array), the labels in the array `target` names. */
async function fromNpz(bytes: Uint8Array, path: string, target: string | undefined): Promise<FileData> {
  const arrays = await parseNpz(bytes, path);
  if (target !== undefined && !(target in arrays)) throw new UsageError(`--target: ${path} has no array ${JSON.stringify(target)}; it holds ${Object.keys(arrays).join(', ')}`);
  const others = Object.keys(arrays).filter((name) => name !== target);
  const featureName = 'x' in arrays && target !== 'x' ? 'x' : others.length === 1 ? others[0]! : undefined;
  if (featureName === undefined) throw new FormatError(`${path}: expected the features in an array named "x" (or one array besides the target), received ${Object.keys(arrays).join(', ')}`);
  const features = npyToTensor(arrays[featureName]!, `${path}:${featureName}`);
  const x = flatten(features, `${path}:${featureName}`);
  const labels = target === undefined ? null : labelsOf(arrays[target]!, x.shape[0]!, `${path}:${target}`);
  return { x, labels, features: null, pixels: features.dtype === 'uint8' };
}

/** Reads a CSV, NPY or NPZ file; `features` picks a saved model's CSV columns. */
export async function readDataFile(path: string, target: string | undefined, features: string[] | null = null): Promise<FileData> {
  const kind = fileKind(path);
  const bytes = new Uint8Array(await readFile(path));
  if (kind === 'csv') return fromCsv(new TextDecoder().decode(bytes), path, target, features);
  if (kind === 'npy') return fromNpy(bytes, path, target);
  return fromNpz(bytes, path, target);
}
