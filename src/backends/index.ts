import { StateError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Backend } from './backend.js';
import { WasmBackend } from './wasm/wasm-backend.js';
import type { ThreadInfo, ThreadOptions } from './wasm/wasm-backend.js';
import type { WasmSource } from './wasm/loader.js';

export const wasmBackend = new WasmBackend();

const registry = new Map<string, () => Backend>([['wasm', () => wasmBackend]]);
let current: Backend = wasmBackend;

// Backends whose code loads on first use. The specifier is a variable so that bundlers leave the
// GPU backend out of an app that never imports 'axon-nn/gpu' (which registers it); unbundled, in
// Node, Deno, Bun or a browser loading dist/ as is, the import below finds it on its own.
const GPU_MODULE = './gpu/index.js';
const onDemand = new Map<string, () => Promise<void>>([
  ['gpu', async () => {
    let gpu: typeof import('./gpu/index.js');
    try {
      gpu = (await import(/* @vite-ignore */ /* webpackIgnore: true */ GPU_MODULE)) as typeof import('./gpu/index.js');
    } catch (error) {
      throw new StateError(`backend: the "gpu" backend is not in this build (${error instanceof Error ? error.message : String(error)}); import 'axon-nn/gpu' once before setBackend('gpu')`);
    }
    if (!registry.has('gpu')) gpu.registerGpuBackend({ name: 'gpu' });
  }],
]);

/** The backend registered as `name` (the current one without a name), loading its code first where it loads on demand. */
export async function loadBackend(name?: string): Promise<Backend> {
  if (name !== undefined && !registry.has(name)) await onDemand.get(name)?.();
  return getBackend(name);
}

/** Makes a backend selectable by name (the GPU backend registers itself this way). */
export function registerBackend(name: string, factory: () => Backend): void {
  registry.set(name, factory);
}

export function getBackend(name?: string): Backend {
  if (name === undefined) return current;
  const factory = registry.get(name);
  if (!factory && onDemand.has(name)) {
    throw new StateError(`backend: the ${JSON.stringify(name)} backend loads on first use; await setBackend(${JSON.stringify(name)}) or loadBackend(${JSON.stringify(name)}) before getBackend()`);
  }
  if (!factory) throw new ValueError(`backend: unknown backend ${describe(name)}; expected one of ${[...new Set([...registry.keys(), ...onDemand.keys()])].join(', ')}`);
  return factory();
}

export interface SetBackendOptions {
  /** A backend to use instead when `name` cannot start (e.g. 'wasm' where no GPU mode exists). */
  fallback?: string;
}

/**
 * Chooses the backend new models use; `'wasm'` is the default. A backend that cannot start throws,
 * unless a fallback is named explicitly: nothing falls back silently.
 */
export async function setBackend(name: string, options: SetBackendOptions = {}): Promise<Backend> {
  checkOptions(options, ['fallback'], 'setBackend');
  const backend = await loadBackend(name);
  try {
    await backend.ready();
  } catch (error) {
    if (!options.fallback || options.fallback === name) throw error;
    return setBackend(options.fallback);
  }
  current = backend;
  return backend;
}

export interface BackendInfo {
  name: string;
  [detail: string]: unknown;
}

/** Which backend new models use, and for the GPU backend which gpu.js mode is active. */
export function getBackendInfo(): BackendInfo {
  const details = current.getBackendInfo?.() ?? {};
  return { ...details, name: current.name };
}

export interface ReadyOptions extends ThreadOptions {
  source?: WasmSource;
}

function isReadyOptions(value: unknown): value is ReadyOptions {
  return typeof value === 'object' && value !== null && !(value instanceof WebAssembly.Module)
    && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value) && !(value instanceof URL);
}

/**
 * Loads the Wasm core once per process. Optional: the first fit/evaluate/predict calls it. Pass a
 * source where the runtime cannot read the package's own file: a compiled `WebAssembly.Module`
 * (Cloudflare workerd), the bytes, or a URL; or `{ source, threads }` to run GEMM on several threads
 * (results stay bit-identical; without SharedArrayBuffer it falls back to one thread with a warning,
 * or throws when `strictThreads` is set).
 */
export async function ready(source?: WasmSource | ReadyOptions): Promise<void> {
  if (isReadyOptions(source)) {
    checkOptions(source, ['source', 'threads', 'strictThreads', 'threadsSource'], 'ready');
    if (source.source !== undefined) wasmBackend.setSource(source.source);
    if (source.threads !== undefined || source.strictThreads !== undefined || source.threadsSource !== undefined) {
      wasmBackend.setThreads(source.threads ?? 1, { strict: source.strictThreads, source: source.threadsSource });
    }
  } else if (source !== undefined) {
    wasmBackend.setSource(source);
  }
  await wasmBackend.ready();
}

/** Threads for the Wasm core's GEMM: before loading it chooses the threaded core, after it resizes the pool. */
export function setThreads(threads: number | 'auto', options?: { strict?: boolean; source?: WasmSource }): void {
  checkOptions(options, ['strict', 'source'], 'setThreads');
  wasmBackend.setThreads(threads, options);
}

export function getThreadInfo(): ThreadInfo {
  return wasmBackend.threadInfo;
}
