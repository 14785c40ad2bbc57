import { ValueError, describe } from '../errors.js';
import type { Backend } from './backend.js';
import { WasmBackend } from './wasm/wasm-backend.js';
import type { WasmSource } from './wasm/loader.js';

export const wasmBackend = new WasmBackend();

const registry = new Map<string, () => Backend>([['wasm', () => wasmBackend]]);
let current: Backend = wasmBackend;

/** Makes a backend selectable by name (the GPU backend registers itself this way). */
export function registerBackend(name: string, factory: () => Backend): void {
  registry.set(name, factory);
}

export function getBackend(name?: string): Backend {
  if (name === undefined) return current;
  const factory = registry.get(name);
  if (!factory) throw new ValueError(`backend: unknown backend ${describe(name)}; expected one of ${[...registry.keys()].join(', ')}`);
  return factory();
}

/** Chooses the backend new models use; `'wasm'` is the default. */
export async function setBackend(name: string): Promise<Backend> {
  const backend = getBackend(name);
  await backend.ready();
  current = backend;
  return backend;
}

/**
 * Loads the Wasm core once per process. Optional: the first fit/evaluate/predict calls it. Pass a
 * source where the runtime cannot read the package's own file: a compiled `WebAssembly.Module`
 * (Cloudflare workerd), the bytes, or a URL.
 */
export async function ready(source?: WasmSource): Promise<void> {
  if (source !== undefined) wasmBackend.setSource(source);
  await wasmBackend.ready();
}
