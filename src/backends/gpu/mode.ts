// Choosing where the GPU backend's kernels run: the modes asked for (AUTO_MODES by default) in
// order, each probed (loader.ts) and started with a self-test; in Node a mode may run in a worker
// thread instead (worker-protocol.ts); with fallback 'wasm', the Wasm backend when no mode is left.
// Whichever wins is a concrete Backend that GpuBackend forwards to.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { StateError } from '../../errors.js';
import type { Backend } from '../backend.js';
import type { GpuBackendOptions } from './gpu-backend.js';
import { GpuJsBackend, warmUpKernels } from './gpujs-backend.js';
import { AUTO_MODES, firstLine, loadGpuJs, probeMode } from './loader.js';
import type { GpuMode } from './loader.js';
import { GpuRuntime } from './runtime.js';

/** Error thrown by ready() when no GPU mode is available and no fallback was asked for. */
export class GpuUnavailableError extends StateError {
  override name = 'GpuUnavailableError';
}

/** The reads that resolve later (Backend's optional *Async methods), which GpuBackend always offers. */
export type AsyncReadback = Required<Pick<Backend, 'readAsync' | 'lossAsync' | 'metricAsync' | 'l1l2PenaltyAsync'>>;

/** The backend a selection settled on, with what GpuBackend needs of it beyond the Backend interface. */
export interface SelectedBackend {
  readonly backend: Backend;
  readonly readback: AsyncReadback;
  readonly mode: GpuMode | 'wasm-fallback';
  readonly thread: 'main' | 'worker';
  readonly adapter: string | undefined;
  /** Waits for the work queued so far. */
  flush(): Promise<void>;
  /** Releases the kernels and the gpu.js instance, or ends the worker. */
  destroy(): void;
}

/** The async reads of a backend that reads synchronously (the worker proxy, the Wasm fallback). */
function syncReadback(backend: Backend): AsyncReadback {
  return {
    readAsync: async (...args) => backend.read(...args),
    lossAsync: async (...args) => backend.loss(...args),
    metricAsync: async (...args) => backend.metric(...args),
    l1l2PenaltyAsync: async (...args) => backend.l1l2Penalty(...args),
  };
}

/**
 * The first mode of `options.mode` that starts, its backend named `name`; `skipped` (emptied first)
 * receives why each mode before it did not. Rejects with GpuUnavailableError when none starts and
 * no fallback was asked for.
 */
export async function selectBackend(name: string, options: GpuBackendOptions, skipped: Record<string, string>): Promise<SelectedBackend> {
  const requested = options.mode;
  const modes: readonly GpuMode[] = requested === undefined ? AUTO_MODES : typeof requested === 'string' ? [requested] : requested;
  for (const key of Object.keys(skipped)) delete skipped[key];
  let GPUjs: any = null;
  try {
    GPUjs = await loadGpuJs(options.gpujs);
  } catch (error) {
    skipped['gpu.js'] = `the optional 'gpu.js' package did not load (${firstLine(error)})`;
  }
  const inWorker = await startInWorker(name, options, modes, skipped);
  if (inWorker) return inWorker;
  if (GPUjs) {
    for (const mode of modes) {
      if (mode in skipped) continue;
      const reason = await probeMode(GPUjs.GPU, mode);
      if (reason) {
        skipped[mode] = reason;
        continue;
      }
      try {
        return await startOnThisThread(name, GPUjs, mode);
      } catch (error) {
        skipped[mode] = `failed to start (${firstLine(error)})`;
      }
    }
  }
  if (options.fallback === 'wasm') return wasmFallback();
  const why = Object.entries(skipped).map(([m, r]) => `${m}: ${r}`).join('; ');
  throw new GpuUnavailableError(
    `GPU backend: no GPU mode is available (${why || 'nothing tried'}). ` +
      "Use the 'wasm' backend, or create the GPU backend with { fallback: 'wasm' } to run on Wasm when no GPU is found.",
  );
}

/**
 * Node: the modes meant for a worker thread (WebGPU by default, every mode with worker: true), tried
 * there in order (the worker probes its mode) while every mode before them was skipped; null when
 * none started, their reasons then in `skipped`.
 */
async function startInWorker(name: string, options: GpuBackendOptions, modes: readonly GpuMode[], skipped: Record<string, string>): Promise<SelectedBackend | null> {
  const isNode = typeof process !== 'undefined' && !!(process as any).versions?.node && typeof (globalThis as any).window === 'undefined';
  for (const mode of modes) {
    if (!isNode || options.worker === false || (options.worker !== true && mode !== 'webgpu')) continue;
    if (!modes.slice(0, modes.indexOf(mode)).every((m) => m in skipped)) break;
    try {
      const { WorkerProxyBackend } = await import('./worker-protocol.js');
      const url = options.workerUrl ? new URL(String(options.workerUrl)) : new URL('./gpu-worker.js', import.meta.url);
      const proxy = await WorkerProxyBackend.start(name, { url, options: { mode, name } });
      return {
        backend: proxy,
        readback: syncReadback(proxy),
        mode,
        thread: 'worker',
        adapter: proxy.info['adapter'] ? String(proxy.info['adapter']) : undefined,
        flush: async () => proxy.sync(),
        destroy: () => void proxy.terminate(),
      };
    } catch (error) {
      skipped[mode] = `${firstLine(error)} (in a worker thread)`;
    }
  }
  return null;
}

async function startOnThisThread(name: string, GPUjs: any, mode: GpuMode): Promise<SelectedBackend> {
  const runtime = await GpuRuntime.start(GPUjs, mode, warmUpKernels());
  const backend = new GpuJsBackend(name, runtime);
  try {
    await checkProduct(backend);
  } catch (error) {
    runtime.destroy();
    throw error;
  }
  return {
    backend,
    readback: backend,
    mode,
    thread: 'main',
    adapter: runtime.adapter,
    flush: () => runtime.flush(),
    destroy: () => runtime.destroy(),
  };
}

/** A tiny end-to-end check: a 2×3·3×2 product must come back right, or the mode is unusable. */
async function checkProduct(backend: GpuJsBackend): Promise<void> {
  const a = backend.alloc(6);
  const b = backend.alloc(6);
  const c = backend.alloc(4);
  backend.write(a, new Float32Array([1, 2, 3, 4, 5, 6]));
  backend.write(b, new Float32Array([1, 0, 0, 1, 1, 1]));
  backend.matMul({ m: 2, n: 2, k: 3, a, b, c });
  const got = backend.asyncReadback ? await backend.readAsync(c) : backend.read(c);
  for (const buf of [a, b, c]) backend.free(buf);
  const want = [4, 5, 10, 11];
  if (!want.every((v, i) => Math.abs(got[i]! - v) < 1e-5)) throw new Error(`self-test product gave [${Array.from(got).join(', ')}]`);
}

async function wasmFallback(): Promise<SelectedBackend> {
  const { getBackend } = await import('../index.js');
  const wasm = getBackend('wasm');
  await wasm.ready();
  return {
    backend: wasm,
    readback: syncReadback(wasm),
    mode: 'wasm-fallback',
    thread: 'main',
    adapter: undefined,
    flush: async () => undefined,
    destroy: () => undefined,
  };
}
