import { StateError } from '../../errors.js';
import { CTL, WORKER_SOURCE, workerOps } from './thread-worker.js';
import type { WorkerOp } from './thread-worker.js';
import { isNode, nodeImport } from '../../runtime.js';
import type { ThreadedCoreExports } from './boundary.generated.js';
import { WasmHeap } from './heap.js';

/** One job for a worker: an export of the threaded core and its arguments. */
export interface WorkerJob {
  op: WorkerOp;
  args: readonly number[];
}

/** A worker as both runtimes expose it: Node's worker_threads.Worker or a browser Worker. */
interface AnyWorker {
  terminate(): unknown;
}

/** Exports of the threaded core that the pool uses (assembly/threads.ts). */
export type ThreadedExports = Pick<ThreadedCoreExports, 'gemmBlockScratchBytes'>;

export interface ThreadSupport {
  ok: boolean;
  /** Why threads are unavailable, in words. */
  reason?: string;
}

/** Can this runtime run the threaded core at all (before looking at the module bytes)? */
export function threadSupport(): ThreadSupport {
  if (typeof SharedArrayBuffer !== 'function') {
    return { ok: false, reason: 'SharedArrayBuffer is not available (a browser page needs cross-origin isolation: COOP same-origin + COEP require-corp)' };
  }
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  if (!isNode() && g.crossOriginIsolated === false) return { ok: false, reason: 'the page is not cross-origin isolated (COOP/COEP headers), so Wasm memory cannot be shared' };
  if (!isNode() && typeof g.Worker !== 'function') return { ok: false, reason: 'this runtime has no Worker' };
  if (typeof Atomics !== 'object' || typeof Atomics.wait !== 'function') return { ok: false, reason: 'Atomics.wait is not available' };
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return { ok: false, reason: 'this engine cannot create shared WebAssembly.Memory' };
  }
  return { ok: true };
}

/**
 * A fixed set of worker threads, each holding its own instance of the threaded core on the shared
 * memory. The main thread posts each worker one job (a block of C of a product, or a range of an
 * optimizer update: Atomics.store + notify on the worker's control block), runs its own share,
 * then waits for the workers' completion counters. Workers spin briefly before blocking in
 * Atomics.wait, so back-to-back jobs in a training step do not pay a futex wake-up each.
 */
export class ThreadPool {
  private readonly ctl: Int32Array[];
  private readonly args: Float64Array[];
  private seq = 0;
  private readonly mainCanBlock: boolean;
  private closed = false;

  private constructor(
    private readonly workers: AnyWorker[],
    heap: WasmHeap,
    ctlPtrs: number[],
    /** Packing space of the main thread's own block. */
    readonly mainScratch: number,
    /** What the workers can run, by index (workerOps of the module they instantiated). */
    private readonly ops: readonly WorkerOp[],
  ) {
    // Shared memory never detaches its buffer when it grows, so these views stay valid.
    this.ctl = ctlPtrs.map((p) => heap.i32(p, CTL.ints));
    this.args = ctlPtrs.map((p) => heap.f64(p, CTL.ints / 2));
    let canBlock = true;
    try {
      Atomics.wait(this.ctl[0] ?? new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    } catch {
      canBlock = false; // a browser's main thread: spin instead
    }
    this.mainCanBlock = canBlock;
  }

  /** Number of worker threads (the main thread computes a block too). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts `count` workers on `memory`. `heap` (the main instance's) reserves packing space and
   * control blocks, on the main thread only, before any worker runs.
   */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number, core: ThreadedExports, heap: WasmHeap): Promise<ThreadPool> {
    const scratchBytes = core.gemmBlockScratchBytes();
    const what = 'threads: reserving packing space';
    const mainScratch = heap.alloc(scratchBytes, what);
    const ctlPtrs: number[] = [];
    const scratches: number[] = [];
    for (let i = 0; i < count; i++) {
      ctlPtrs.push(heap.alloc(WasmHeap.f32Bytes(CTL.ints), what));
      scratches.push(heap.alloc(scratchBytes, what));
    }
    for (const p of ctlPtrs) heap.i32(p, CTL.ints).fill(0);
    const ops = workerOps(module);
    const workers: (AnyWorker | undefined)[] = new Array<AnyWorker | undefined>(count);
    try {
      await Promise.all(ctlPtrs.map(async (ctl, i) => {
        workers[i] = await startWorker({ module, memory, ctl, scratch: scratches[i]!, spin: 20000, ops });
      }));
    } catch (error) {
      for (const w of workers) if (w) void w.terminate();
      throw error;
    }
    return new ThreadPool(workers as AnyWorker[], heap, ctlPtrs, mainScratch, ops);
  }

  /** Runs `jobs[i]` on worker i and `own` on the calling thread, then waits for every worker. */
  run(jobs: readonly WorkerJob[], own: () => void): void {
    if (this.closed) throw new StateError('threads: the thread pool was terminated');
    const seq = (this.seq = (this.seq + 1) | 0 || 1);
    for (let w = 0; w < jobs.length; w++) {
      const I = this.ctl[w]!;
      const F = this.args[w]!;
      const { op, args } = jobs[w]!;
      if (args.length > CTL.maxArgs) throw new StateError(`threads: ${op} takes ${args.length} arguments, the control block holds ${CTL.maxArgs}`);
      const index = this.ops.indexOf(op);
      if (index < 0) throw new StateError(`threads: the threaded core exports no ${op}; the workers run ${this.ops.join(', ')}`);
      for (let j = 0; j < args.length; j++) F[CTL.argsF64 + j] = args[j]!;
      I[CTL.op] = index;
      I[CTL.argc] = args.length;
      Atomics.store(I, CTL.seq, seq);
      Atomics.notify(I, CTL.seq);
    }
    let failure: unknown = null;
    try {
      own();
    } catch (error) {
      failure = error;
    }
    for (let w = 0; w < jobs.length; w++) this.waitFor(this.ctl[w]!, seq);
    if (failure) throw failure;
    for (let w = 0; w < jobs.length; w++) {
      if (Atomics.exchange(this.ctl[w]!, CTL.error, 0)) throw new StateError('threads: the Wasm core aborted in a worker thread');
    }
  }

  private waitFor(I: Int32Array, seq: number): void {
    let done = Atomics.load(I, CTL.done);
    for (let i = 0; done !== seq && i < 200000; i++) done = Atomics.load(I, CTL.done);
    const deadline = Date.now() + 60_000;
    while (done !== seq) {
      if (this.mainCanBlock) Atomics.wait(I, CTL.done, done, 50);
      done = Atomics.load(I, CTL.done);
      if (done !== seq && Date.now() > deadline) {
        this.closed = true;
        throw new StateError('threads: a worker thread did not answer within 60 s (it may have been terminated); falling back is not possible on this backend');
      }
    }
  }

  /** Stops the workers (they leave their loop), then terminates them. */
  async terminate(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const seq = (this.seq + 1) | 0 || 1;
    for (const I of this.ctl) {
      I[CTL.op] = -1;
      Atomics.store(I, CTL.seq, seq);
      Atomics.notify(I, CTL.seq);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctl: number;
  scratch: number;
  spin: number;
  ops: readonly WorkerOp[];
}

/** How long a worker may take to instantiate its core and say so; then the pool gives up (and the backend falls back to one thread). */
export const WORKER_START_TIMEOUT_MS = 15_000;

/** Settles with `started`, or rejects once the start timeout passes (the worker is then terminated). */
export function startedWithin(worker: AnyWorker, started: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void worker.terminate();
      reject(new StateError(`threads: a worker did not start within ${WORKER_START_TIMEOUT_MS / 1000} s`));
    }, WORKER_START_TIMEOUT_MS);
  });
  return Promise.race([started, timeout]).finally(() => clearTimeout(timer));
}

async function startWorker(data: WorkerData): Promise<AnyWorker> {
  if (isNode()) {
    const { Worker } = await nodeImport('node:worker_threads');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    // Blocked in Atomics.wait, a worker must never keep the process alive.
    worker.unref();
    await startedWithin(worker, new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(new StateError(`threads: a worker failed to start: ${error.message}`));
      worker.once('error', onError);
      worker.once('message', () => {
        worker.off('error', onError);
        resolve();
      });
    }));
    return worker;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  try {
    await startedWithin(worker, new Promise<void>((resolve, reject) => {
      worker.onerror = (event) => reject(new StateError(`threads: a worker failed to start: ${event.message}`));
      worker.onmessage = () => resolve();
      worker.postMessage(data);
    }));
  } finally {
    URL.revokeObjectURL(url);
  }
  return worker;
}
