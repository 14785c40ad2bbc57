import { StateError, describe } from '../../errors.js';
import type { UrlLike, WasmMemory, WasmModule } from '../../platform-types.js';
import { nodeImport } from '../../runtime.js';
import type { LossKernelName } from '../loss-registry.js';
import type { UpdateKernelName } from '../backend.js';
import type { CoreExports as GeneratedCoreExports, ThreadedCoreExports } from './boundary.generated.js';

/** An optimizer kernel export: pointers, the length and the scalars, all numbers to JavaScript. */
export type UpdateKernel = (...args: number[]) => void;

/** What each runtime can hand us: a compiled module (workerd), bytes, a URL, or nothing. */
export type WasmSource = WasmModule | ArrayBuffer | Uint8Array<ArrayBuffer> | UrlLike | string;

/**
 * A loss kernel of assembly/losses.ts: the sum over rows of the per-sample loss of predictions `p`
 * against targets `y`; where `grad` is not 0 it receives scale·∂loss/∂z, through the backward of
 * `activation` (an ACTIVATION_CODES value); where `weights` is not 0, row r's loss and gradient are
 * multiplied by its f32 sample weight.
 */
export type LossKernel = GeneratedCoreExports['meanSquaredError'];

/**
 * The Wasm core's exports (generated from assembly/index.ts), plus lookup by the names the
 * registries hold: a registered loss's kernel, an update rule's `<rule>Update`.
 */
export interface CoreExports extends GeneratedCoreExports, Record<LossKernelName, LossKernel> {
  /** Every optimizer kernel (assembly/optimizers.ts): w, g, the rule's slots, n, then its scalars. */
  [kernel: UpdateKernelName]: UpdateKernel;
}

function imports(memoryRef: { memory?: WebAssembly.Memory }): WebAssembly.Imports {
  return {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        void message;
        void file;
        throw new StateError(`Wasm core aborted at line ${line}, column ${column} (memory ${memoryRef.memory?.buffer.byteLength ?? 0} bytes)`);
      },
    },
  };
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const PASS_THE_MODULE = "pass the module to ready() instead (in a Cloudflare Worker: import wasm from 'axon-nn/axon.wasm'; await ready(wasm))";

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Refuses bytes that are not a Wasm module, naming where they came from (a dev server's HTML page, a 404 body). */
function checkMagic(bytes: Uint8Array, url: URL): void {
  if (WASM_MAGIC.every((b, i) => bytes[i] === b)) return;
  const text = new TextDecoder().decode(bytes.subarray(0, 40)).replace(/\s+/g, ' ');
  throw new StateError(`ready(source): ${url.href} is not a WebAssembly module: expected the magic bytes 00 61 73 6d, found ${hex(bytes.subarray(0, 4))} ("${text}"); serve build/axon.wasm at that URL (with vite, add 'axon-nn' to optimizeDeps.exclude) or pass its URL, bytes or module to ready()`);
}

async function bytesFrom(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer>;
  if (url.protocol === 'file:') {
    // Node, Deno and Bun read the package's own file; workerd has no node:fs to read it with.
    let readFile: (path: URL) => Promise<Uint8Array>;
    try {
      ({ readFile } = await nodeImport('node:fs/promises'));
    } catch {
      throw new StateError(`ready(source): this runtime cannot read ${url.href} (no node:fs); ${PASS_THE_MODULE}`);
    }
    bytes = new Uint8Array(await readFile(url));
  } else {
    const response = await fetch(url);
    if (!response.ok) throw new StateError(`ready(source): fetching ${url.href} failed with HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  }
  checkMagic(bytes, url);
  return bytes;
}

/** The URL `make` builds, or a StateError where this module has no usable URL to resolve against (workerd). */
function locate(make: () => URL, what: string): URL {
  try {
    return make();
  } catch {
    throw new StateError(`${what}: cannot locate the .wasm relative to this module (import.meta.url is ${describe(import.meta.url)}); ${PASS_THE_MODULE}`);
  }
}

/** build/axon.wasm, beside the package's own modules (also what `axon info` reports). */
export function defaultLocation(): UrlLike {
  // Same relative path from src/backends/wasm and dist/backends/wasm; bundlers rewrite this pattern.
  return new URL('../../../build/axon.wasm', import.meta.url);
}

/**
 * Where vite's dev server serves the package's own file when it has pre-bundled the package into
 * node_modules/.vite/deps (the relative path above then points at the site root): null elsewhere.
 */
function prebundledLocation(file: string): URL | null {
  const here = String(import.meta.url);
  return /\/node_modules\/\.vite\/deps(_[a-z]+)?\//.test(here) ? new URL(`../../axon-nn/build/${file}`, here) : null;
}

async function compileFrom(source: WasmSource | undefined, fallback: () => URL, what: string, file: string): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return WebAssembly.compile(source);
  if (source === undefined || typeof source === 'string' || source instanceof URL) {
    const url = locate(source === undefined ? fallback : () => new URL(source, import.meta.url), what);
    const second = source === undefined ? prebundledLocation(file) : null;
    try {
      return WebAssembly.compile(await bytesFrom(url));
    } catch (error) {
      if (second === null) throw error;
      return WebAssembly.compile(await bytesFrom(second).catch(() => Promise.reject(error)));
    }
  }
  throw new StateError(`${what}: expected a WebAssembly.Module, bytes or a URL, received ${describe(source)}`);
}

export async function instantiateCore(source?: WasmSource): Promise<CoreExports> {
  const memoryRef: { memory?: WebAssembly.Memory } = {};
  const module = await compileFrom(source, defaultLocation, 'ready(source)', 'axon.wasm');
  const instance = await WebAssembly.instantiate(module, imports(memoryRef));
  const core = instance.exports as unknown as CoreExports;
  memoryRef.memory = core.memory;
  return core;
}

/**
 * The bytes of a file: URL read without an await, where the runtime hands out node:fs synchronously
 * (`process.getBuiltinModule`: Node ≥ 20.16, Deno, Bun); null elsewhere (browsers, workerd).
 */
function readFileNow(url: URL): Uint8Array<ArrayBuffer> | null {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (url.protocol !== 'file:' || typeof getBuiltinModule !== 'function') return null;
  const fs = getBuiltinModule('node:fs') as { readFileSync(path: URL): Uint8Array } | undefined;
  if (!fs) return null;
  const bytes = new Uint8Array(fs.readFileSync(url));
  checkMagic(bytes, url);
  return bytes;
}

/**
 * instantiateCore without an await, where the module or its bytes can be had now (Node, Deno and
 * Bun read the package's file; a Module or bytes anywhere); null where they must be fetched, so that
 * a model can create its weights as soon as its input shape is known, as Keras does.
 */
export function instantiateCoreNow(source?: WasmSource): CoreExports | null {
  let module: WebAssembly.Module;
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else if (source instanceof ArrayBuffer || source instanceof Uint8Array) {
    module = new WebAssembly.Module(source);
  } else if (source === undefined || typeof source === 'string' || source instanceof URL) {
    let url: URL;
    try {
      url = source === undefined ? defaultLocation() : new URL(source, import.meta.url);
    } catch {
      return null;
    }
    const bytes = readFileNow(url);
    if (!bytes) return null;
    module = new WebAssembly.Module(bytes);
  } else {
    return null;
  }
  const memoryRef: { memory?: WebAssembly.Memory } = {};
  const core = new WebAssembly.Instance(module, imports(memoryRef)).exports as unknown as CoreExports;
  memoryRef.memory = core.memory;
  return core;
}

/** Maximum size of the threaded core's shared memory, in 64 KiB pages (asconfig.json "threads"). */
export const THREADS_MAXIMUM_PAGES = 65536;
const THREADS_INITIAL_PAGES = 16;

export function threadsLocation(): UrlLike {
  return new URL('../../../build/axon.threads.wasm', import.meta.url);
}

/** The threaded core (build/axon.threads.wasm): its exports, its module (for the workers) and its memory. */
export interface ThreadedCore {
  core: CoreExports & ThreadedCoreExports & {
    /** The start function, exported by asc's exportStart (asconfig.json "threads"), not declared in assembly/. */
    _initialize(): void;
  };
  module: WasmModule;
  memory: WasmMemory;
}

/**
 * Compiles and instantiates the threaded core on a new shared memory, without running its start
 * function: the caller runs `core._initialize()` once, on the main instance only. Throws (a
 * StateError) where the bytes cannot be found or the engine rejects them; the backend turns that
 * into a single-thread fallback.
 */
export async function instantiateThreadedCore(source?: WasmSource): Promise<ThreadedCore> {
  const module = await compileFrom(source, threadsLocation, 'threads: the threaded core', 'axon.threads.wasm');
  const memory = new WebAssembly.Memory({ initial: THREADS_INITIAL_PAGES, maximum: THREADS_MAXIMUM_PAGES, shared: true });
  const memoryRef: { memory?: WebAssembly.Memory } = { memory };
  const base = imports(memoryRef);
  const instance = await WebAssembly.instantiate(module, { env: { ...(base['env'] as Record<string, WebAssembly.ImportValue>), memory } });
  const core = instance.exports as unknown as ThreadedCore['core'];
  return { core, module, memory };
}
