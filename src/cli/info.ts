import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { AXON_VERSION } from '../models/topology.js';
import { defaultLocation, threadsLocation } from '../backends/wasm/loader.js';
import type { Command } from './command.js';

// The smallest modules that use each feature (as wasm-feature-detect has them): a runtime that
// validates one can run the code that needs it.
const SIMD_MODULE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
const RELAXED_SIMD_MODULE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11];
const THREADS_MODULE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11];

function supports(bytes: number[]): boolean {
  return WebAssembly.validate(new Uint8Array(bytes));
}

function runtimeName(): string {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.bun) return `Bun ${versions.bun}`;
  if (versions.deno) return `Deno ${versions.deno}`;
  return `Node.js ${process.version}`;
}

async function coreFile(url: URL): Promise<string> {
  const path = fileURLToPath(url);
  const size = await stat(path).then((s) => s.size, () => null);
  return size === null ? `${path} (missing)` : `${path} (${(size / 1024).toFixed(1)} KiB)`;
}

/** The GPU mode gpu.js finds here, or 'none' and why: each mode tried and the reason it was passed over. */
async function gpuModes(): Promise<string> {
  let gpu: typeof import('../backends/gpu/index.js');
  try {
    gpu = await import('../backends/gpu/index.js');
  } catch (error) {
    return `none (${(error as Error).message})`;
  }
  const backend = gpu.createGpuBackend({ name: 'gpu-probe' });
  try {
    await backend.ready();
    const info = backend.getBackendInfo();
    return `${String(info.mode)}${info.adapter ? ` (${JSON.stringify(info.adapter)})` : ''}`;
  } catch (error) {
    const skipped = Object.entries(backend.getBackendInfo().skipped ?? {}).map(([mode, why]) => `${mode}: ${String(why)}`);
    return `none (${skipped.length > 0 ? skipped.join('; ') : (error as Error).message})`;
  }
}

async function run(): Promise<void> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const threads = supports(THREADS_MODULE) && typeof SharedArrayBuffer === 'function';
  const lines: [string, string][] = [
    ['axon-nn', `${pkg.version} (model format writer ${AXON_VERSION})`],
    ['runtime', `${runtimeName()} on ${process.platform}-${process.arch}`],
    ['wasm simd', supports(SIMD_MODULE) ? 'yes' : 'no'],
    ['relaxed simd', supports(RELAXED_SIMD_MODULE) ? 'yes' : 'no'],
    ['wasm threads', threads ? `yes, ${availableParallelism()} available (axon train --threads N)` : 'no (needs SharedArrayBuffer and Wasm atomics)'],
    ['wasm core', await coreFile(defaultLocation())],
    ['threaded core', await coreFile(threadsLocation())],
    ['gpu', await gpuModes()],
  ];
  const width = Math.max(...lines.map(([name]) => name.length));
  for (const [name, value] of lines) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}

export const info: Command = {
  name: 'info',
  summary: 'runtime, Wasm features (SIMD, relaxed SIMD, threads), GPU modes and core files',
  positionals: { min: 0, max: 0, names: '' },
  options: {},
  help: `Usage: axon info

Prints the package version, the JavaScript runtime, whether WebAssembly SIMD, relaxed SIMD and
threads are supported here (checked with WebAssembly.validate on tiny modules), how many threads
are available, which gpu.js mode the GPU backend finds (or 'none' and why), and the Wasm core
files with their sizes.

Example:
  axon info
`,
  run,
};
