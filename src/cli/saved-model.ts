import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadModel } from '../io/load.js';
import type { Model } from '../models/model.js';
import { readPreprocessing, type Preprocessing } from './preprocessing.js';

/** A saved model (its folder, or its model.json) and the preprocessing `axon train` recorded beside it, if any. */
export async function loadSaved(location: string): Promise<{ model: Model; preprocessing: Preprocessing | null }> {
  const path = resolve(location);
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  const json = isDir ? join(path, 'model.json') : path;
  const dir = isDir ? path : dirname(path);
  const model = await loadModel(pathToFileURL(json).href);
  return { model, preprocessing: await readPreprocessing(dir) };
}
