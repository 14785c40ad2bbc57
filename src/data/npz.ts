import { FormatError } from '../errors.js';
import { parseNpy, type NpyArray } from './npy.js';
import { listZip, readZipEntry } from './zip.js';

/**
 * Reads an .npz archive (numpy's `savez` or `savez_compressed`) into arrays keyed by name, without
 * the `.npy` suffix, like `np.load(path)` with `allow_pickle=True`.
 */
export async function parseNpz(bytes: Uint8Array, file = '<npz bytes>'): Promise<Record<string, NpyArray>> {
  const out: Record<string, NpyArray> = {};
  for (const entry of listZip(bytes, file)) {
    if (!entry.name.endsWith('.npy')) continue;
    const data = await readZipEntry(bytes, entry, file);
    out[entry.name.slice(0, -4)] = parseNpy(data, `${file}:${entry.name}`);
  }
  return out;
}

/** Picks one array out of a parsed .npz, with an error naming what the archive holds instead. */
export function npzArray(arrays: Record<string, NpyArray>, key: string, file: string): NpyArray {
  const found = arrays[key];
  if (!found) throw new FormatError(`${file}: expected an array named ${JSON.stringify(key)}, received only ${JSON.stringify(Object.keys(arrays))}`);
  return found;
}
