import { StateError, ValueError } from '../../errors.js';
import { ACTIVATION_CODES, ELEMENTWISE_CODES } from '../backend.js';
import { lossDescriptor } from '../loss-registry.js';
import type { ActivationName, Backend, BatchNormBackward, BatchNormForward, BlockCopy, ChannelLayout, DeviceBuffer, ElementwiseOp, ElementKind, LossKind, MatMulSpec, MetricKind, UpdateRule } from '../backend.js';
import { instantiateCore, instantiateCoreNow, instantiateThreadedCore } from './loader.js';
import type { CoreExports, ThreadedCore, WasmSource } from './loader.js';
import { ThreadPool, threadSupport } from './threads.js';
import { Reclaimer } from '../reclaim.js';
import { WasmHeap } from './heap.js';
import { GEMM_MR, GEMM_NR } from './boundary.generated.js';
import { checkOptions } from '../../options.js';
import { isNode, nodeImport, warn } from '../../runtime.js';

/** How many threads the Wasm backend computes with (see `WasmBackend.setThreads`). */
export interface ThreadOptions {
  /**
   * Threads for GEMM, the main thread included: 1 (the default: the single-threaded core), a
   * number ≥ 2, or 'auto' (one per core). More than 1 loads build/axon.threads.wasm on shared
   * memory and starts `threads - 1` workers.
   */
  threads?: number | 'auto';
  /** Throw instead of falling back to one thread (with a warning) where threads are unavailable. */
  strictThreads?: boolean;
  /** Where the threaded core comes from (default: build/axon.threads.wasm next to the package). */
  threadsSource?: WasmSource;
}

/** What the backend runs on, once loaded. */
export interface ThreadInfo {
  /** Threads asked for (1 unless setThreads / the constructor asked for more). */
  requested: number;
  /** Threads GEMM runs on now (1 = single-threaded). */
  active: number;
  /** Which core is loaded: build/axon.wasm ('single') or build/axon.threads.wasm ('threads'); null before ready(). */
  core: 'single' | 'threads' | null;
  /** Why fewer threads than requested run, when that is the case. */
  fallbackReason?: string;
}

/**
 * Products below this many multiply-adds run on one thread. A hand-off costs about 1 µs, but a split
 * also leaves each thread's share of C (a gradient) in its own core's cache for whatever reads it
 * next. Measured on the 784→10 step at batch 32 (products of 250,880 multiply-adds) on 2 threads:
 * at 2^17 the split GEMMs saved 11 µs and the optimizer update and the next rows lost more, 0.89× of
 * one thread; at 2^18 the step runs as on one thread (0.97–0.98×, the shared-memory copy of the rows).
 */
const MIN_PARALLEL_MACS = 1 << 18;
/**
 * Single rows (one-sample predict) of fewer multiply-adds than this run on one thread. Measured with
 * bench/predict-one.mjs on 784→300→100→10, 2 threads: splitting the 300×100 layer (30k) too saves
 * about 1 µs a call; a row streams each weight once, at 0.07–0.08 ns per multiply-add.
 */
const MIN_PARALLEL_GEMV_MACS = 1 << 14;
/**
 * Below this many multiply-adds each, a Dense layer's dW and dx run one after the other rather than
 * on two threads at once (a hand-off costs about 0.6 µs). Pairing measured 0.7–1.8% faster steps than
 * splitting each product, for 784→100→10 and 784→300→100→10 at batch 32 and 256 on 2 threads
 * (fastest of 21 alternating samples, two runs).
 */
const MIN_PAIRED_MACS = 1 << 14;
/** Columns of gemm()'s single-row path per pass (4 f32x4 accumulators): the unit a row is split in. */
const GEMV_COLUMNS = 16;
/** Optimizer updates of fewer parameters than this run on one thread (measured: bench/threads.mjs). */
const MIN_PARALLEL_ELEMENTS = 1 << 14;

/**
 * [lo, hi) ranges of `extent` items cut into `parts` shares of whole `unit`s (the last may end on a
 * partial unit), as equal as whole units allow; empty shares are dropped.
 */
function shares(extent: number, unit: number, parts: number): [number, number][] {
  const units = Math.ceil(extent / unit);
  const out: [number, number][] = [];
  for (let p = 0, t0 = 0; p < parts; p++) {
    const t1 = Math.round(((p + 1) * units) / parts);
    const lo = t0 * unit, hi = Math.min(t1 * unit, extent);
    t0 = t1;
    if (hi > lo) out.push([lo, hi]);
  }
  return out;
}

/**
 * gemmBlock's arguments for rows [lo, hi) of C (byRows) or its columns [lo, hi): offset pointers
 * into A or B, C and the bias, the rest as gemm() takes them.
 */
function gemmBlockArgs(spec: MatMulSpec, byRows: boolean, lo: number, hi: number): number[] {
  const { m, n, k } = spec;
  const transA = spec.transA ?? false, transB = spec.transB ?? false;
  const lda = transA ? m : k, ldb = transB ? k : n;
  const a = ptr(spec.a), b = ptr(spec.b), c = ptr(spec.c), bias = ptr(spec.bias);
  const at = WasmHeap.f32Address;
  const acc = spec.accumulate ? 1 : 0, relu = spec.activation === 'relu' ? 1 : 0;
  return byRows
    ? [hi - lo, n, k, at(a, transA ? lo : lo * lda), lda, transA ? 1 : 0, b, ldb, transB ? 1 : 0, at(c, lo * n), n, acc, bias, relu]
    : [m, hi - lo, k, a, lda, transA ? 1 : 0, at(b, transB ? lo * ldb : lo), ldb, transB ? 1 : 0, at(c, lo), n, acc, bias ? at(bias, lo) : 0, relu];
}

function hardwareThreads(): number {
  const g = globalThis as { navigator?: { hardwareConcurrency?: number } };
  if (g.navigator?.hardwareConcurrency) return g.navigator.hardwareConcurrency;
  return 1;
}

/** A region of Wasm linear memory; `ptr` is a byte offset. */
class WasmBuffer implements DeviceBuffer {
  constructor(
    readonly ptr: number,
    readonly size: number,
    readonly kind: ElementKind,
  ) {}
  freed = false;
}

function ptr(buffer: DeviceBuffer | null | undefined): number {
  if (!buffer) return 0;
  const b = buffer as WasmBuffer;
  if (b.freed) throw new StateError('Wasm backend: buffer used after it was freed (was the model disposed?)');
  return b.ptr;
}

// The heap is captured per buffer: a finalizer that runs after a backend reload frees into the
// instance the address belongs to.
const reclaimer = new Reclaimer<{ heap: WasmHeap; ptr: number }>(({ heap, ptr: address }) => heap.free(address));

/** The default backend: every kernel is one call into the AssemblyScript core. */
export class WasmBackend implements Backend {
  readonly name = 'wasm';
  private core: CoreExports | null = null;
  /** The core's memory, allocator and views; set with `core`. */
  private wasmHeap: WasmHeap | null = null;
  private loading: Promise<void> | null = null;
  private source: WasmSource | undefined;
  private requestedThreads = 1;
  private strictThreads = false;
  private threadsSource: WasmSource | undefined;
  private pool: ThreadPool | null = null;
  private threaded: ThreadedCore | null = null;
  private activeWorkers = 0;
  private fallbackReason: string | undefined;
  private autoThreads = 0;
  /**
   * Products with fewer multiply-adds than this run on the calling thread alone (posting a block to
   * a worker costs microseconds). Tunable; 0 splits every product (the tests use it).
   */
  minParallelMacs = MIN_PARALLEL_MACS;
  /**
   * Single-row products (one-sample inference) with fewer multiply-adds than this run on the calling
   * thread alone. A row streams every weight once, so it pays off at a smaller size than a batch.
   * Tunable; 0 splits every row.
   */
  minParallelGemvMacs = MIN_PARALLEL_GEMV_MACS;
  /** matMulPair runs two products of fewer multiply-adds than this one after the other. Tunable; 0 pairs every pair. */
  minPairedMacs = MIN_PAIRED_MACS;
  /** Optimizer updates of fewer parameters than this run on the calling thread alone. Tunable; 0 splits every update. */
  minParallelElements = MIN_PARALLEL_ELEMENTS;

  constructor(options: ThreadOptions = {}) {
    checkOptions(options, ['threads', 'strictThreads', 'threadsSource'], 'WasmBackend');
    if (options.threads !== undefined || options.strictThreads !== undefined || options.threadsSource !== undefined) {
      this.setThreads(options.threads ?? 1, { strict: options.strictThreads, source: options.threadsSource });
    }
  }

  /**
   * Asks for GEMM on `threads` threads (the main thread included; 'auto' = one per core). Before the
   * core is loaded this chooses the threaded core (threads > 1) or the single-threaded one; results
   * are bit-identical either way (each thread computes whole tiles of C, never part of a sum).
   * Once the threaded core is loaded, the count can change between 1 and the number it started
   * with. Where threads cannot run (no SharedArrayBuffer, no cross-origin isolation, no threaded
   * build, or the single-threaded core already loaded) it falls back to one thread with a warning,
   * or throws a StateError when `strict`.
   */
  setThreads(threads: number | 'auto', options: { strict?: boolean | undefined; source?: WasmSource | undefined } = {}): void {
    const n = threads === 'auto' ? 0 : threads;
    if (!Number.isInteger(n) || n < 0 || n > 256) throw new ValueError(`setThreads(threads): expected an integer in [1, 256] or 'auto', received ${String(threads)}`);
    this.requestedThreads = n;
    if (options.strict !== undefined) this.strictThreads = options.strict;
    if (options.source !== undefined) {
      if (this.core) throw new StateError('setThreads(source): the Wasm core is already loaded; pass the source before ready()');
      this.threadsSource = options.source;
    }
    if (!this.core) return;
    const wanted = this.wantedThreads();
    if (this.pool) {
      const workers = Math.min(wanted - 1, this.pool.size);
      if (wanted - 1 > this.pool.size) this.fallback(`the thread pool was started with ${this.pool.size + 1} threads; it cannot grow after ready()`, workers + 1);
      this.activeWorkers = workers;
    } else if (wanted > 1) {
      this.fallback('the single-threaded core is already loaded; call setThreads() before ready() or the first fit/predict');
    }
  }

  private wantedThreads(): number {
    const n = this.requestedThreads === 0 ? this.autoThreads || hardwareThreads() : this.requestedThreads;
    return Math.max(1, n);
  }

  private fallback(reason: string, running = 1): void {
    this.fallbackReason = reason;
    if (this.strictThreads) throw new StateError(`threads: ${reason}`);
    const message = `axon: running on ${running} thread${running === 1 ? '' : 's'} instead of ${this.wantedThreads()}: ${reason}`;
    warn(message);
  }

  /** Threads asked for and running (see setThreads). */
  get threadInfo(): ThreadInfo {
    const info: ThreadInfo = {
      requested: this.wantedThreads(),
      active: this.pool ? this.activeWorkers + 1 : 1,
      core: this.core ? (this.threaded ? 'threads' : 'single') : null,
    };
    if (this.fallbackReason !== undefined && info.active < info.requested) info.fallbackReason = this.fallbackReason;
    return info;
  }

  /** Stops the worker threads (GEMM continues on one thread). Workers never keep Node alive anyway. */
  async terminateThreads(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    this.activeWorkers = 0;
    if (pool) await pool.terminate();
  }

  /**
   * Chooses where the module comes from before it is first loaded (see `ready(source)`). Once it is
   * loading or loaded, a source is ignored: a Worker calls `ready(wasm)` on every request, and
   * every call after the first must resolve.
   */
  setSource(source: WasmSource | undefined): void {
    if (this.loading) return;
    this.source = source;
  }

  /** Where the module comes from, so other instances of the core (the estimators') load the same. */
  get wasmSource(): WasmSource | undefined {
    return this.source;
  }

  get isReady(): boolean {
    return this.core !== null;
  }

  ready(): Promise<void> {
    if (!this.loading) {
      this.loading = (this.requestedThreads !== 1 ? this.loadThreaded() : instantiateCore(this.source)).then(
        (core) => {
          this.core = core;
          this.wasmHeap = new WasmHeap(core);
        },
        (error: unknown) => {
          this.loading = null;
          throw error;
        },
      );
    }
    return this.loading;
  }

  /**
   * Loads the single-threaded core without an await where the runtime allows it (Node, Deno, Bun);
   * false where it must be awaited (a browser fetching the module, or threads, whose workers start
   * asynchronously) or is already loading.
   */
  readyNow(): boolean {
    if (this.core) return true;
    if (this.loading || this.requestedThreads !== 1) return false;
    const core = instantiateCoreNow(this.source);
    if (!core) return false;
    this.core = core;
    this.wasmHeap = new WasmHeap(core);
    this.loading = Promise.resolve();
    return true;
  }

  /** Loads the threaded core and starts its workers, or falls back to the single-threaded core. */
  private async loadThreaded(): Promise<CoreExports> {
    if (this.requestedThreads === 0 && !this.autoThreads && isNode()) {
      const os = await nodeImport('node:os');
      this.autoThreads = os.availableParallelism();
    }
    const wanted = this.wantedThreads();
    if (wanted <= 1) return instantiateCore(this.source);
    const support = threadSupport();
    let reason = support.reason;
    if (support.ok) {
      if (this.source !== undefined && this.threadsSource === undefined && typeof this.source !== 'string' && !(this.source instanceof URL)) {
        reason = 'ready(source) was given the single-threaded module; pass the threaded one too (setThreads(n, { source }))';
      } else {
        let threaded: ThreadedCore | null = null;
        try {
          threaded = await instantiateThreadedCore(this.threadsSource);
          const { core, module, memory } = threaded;
          // Workers instantiate first; then the main instance runs the start function (the
          // allocator and module globals live in the main instance only).
          core._initialize();
          this.pool = await ThreadPool.start(module, memory, wanted - 1, core, new WasmHeap(core));
          this.threaded = threaded;
          this.activeWorkers = wanted - 1;
          return core;
        } catch (error) {
          reason = `the threaded core could not start (${error instanceof Error ? error.message : String(error)})`;
        }
      }
    }
    this.fallback(reason ?? 'threads are unavailable');
    return instantiateCore(this.source);
  }

  private get c(): CoreExports {
    if (!this.core) throw new StateError('Wasm backend: the core is not loaded yet; await ready() first');
    return this.core;
  }

  private get heap(): WasmHeap {
    if (!this.wasmHeap) throw new StateError('Wasm backend: the core is not loaded yet; await ready() first');
    return this.wasmHeap;
  }

  private f32(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    return this.heap.f32(ptr(buffer), length, offset);
  }

  private i32(buffer: DeviceBuffer, length = buffer.size, offset = 0): Int32Array {
    return this.heap.i32(ptr(buffer), length, offset);
  }

  alloc(size: number, kind: ElementKind = 'f32'): DeviceBuffer {
    const heap = this.heap;
    const p = heap.alloc(WasmHeap.f32Bytes(Math.max(1, size)), `Wasm backend: allocating ${size} elements`);
    const buffer = new WasmBuffer(p, size, kind);
    this.f32(buffer).fill(0);
    reclaimer.track(buffer, { heap, ptr: p });
    return buffer;
  }

  free(buffer: DeviceBuffer): void {
    const b = buffer as WasmBuffer;
    if (b.freed) return;
    reclaimer.untrack(b);
    this.heap.free(b.ptr);
    b.freed = true;
  }

  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset = 0): void {
    if (offset + data.length > buffer.size) {
      throw new ValueError(`Wasm backend: writing ${data.length} elements at ${offset} overflows a buffer of ${buffer.size}`);
    }
    (buffer.kind === 'i32' ? this.i32(buffer, data.length, offset) : this.f32(buffer, data.length, offset)).set(data);
  }

  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void {
    if (count * rowLength > buffer.size) throw new ValueError(`Wasm backend: ${count} rows of ${rowLength} overflow a buffer of ${buffer.size}`);
    const view = buffer.kind === 'i32' ? this.i32(buffer, count * rowLength) : this.f32(buffer, count * rowLength);
    if (rowLength === 1) {
      // Labels: element copies beat a subarray per row.
      for (let r = 0; r < count; r++) view[r] = source[indices[start + r]!]!;
      return;
    }
    for (let r = 0; r < count; r++) {
      const row = indices[start + r]!;
      view.set(source.subarray(row * rowLength, (row + 1) * rowLength), r * rowLength);
    }
  }

  read(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    return this.f32(buffer, length, offset).slice();
  }

  copy(source: DeviceBuffer, target: DeviceBuffer, length: number): void {
    this.f32(target, length).set(this.f32(source, length));
  }

  matMul(spec: MatMulSpec): void {
    const { m, n, k } = spec;
    if (this.activeWorkers > 0 && k > 0) {
      const single = m === 1 && !spec.transB;
      if (single ? n * k >= this.minParallelGemvMacs : m * n * k >= this.minParallelMacs) {
        if (single) this.parallelGemv(spec);
        else this.parallelMatMul(spec);
        return;
      }
    }
    this.matMulHere(spec);
  }

  /** The product on the calling thread alone. */
  private matMulHere(spec: MatMulSpec): void {
    const { m, n, k } = spec;
    const transA = spec.transA ?? false;
    const transB = spec.transB ?? false;
    this.c.gemm(
      m, n, k,
      ptr(spec.a), transA ? m : k, transA ? 1 : 0,
      ptr(spec.b), transB ? k : n, transB ? 1 : 0,
      ptr(spec.c), n,
      spec.accumulate ? 1 : 0, ptr(spec.bias), ACTIVATION_CODES[spec.activation ?? 'linear'],
    );
  }

  /**
   * dW and dx of a Dense layer: when each is too small to split, or there are only 2 threads, each
   * product runs whole on its own thread, the worker's through gemmBlock (gemm()'s packed path, so
   * the same bits). Otherwise, and for single rows (gemm()'s gemv path), one after the other.
   */
  matMulPair(first: MatMulSpec, second: MatMulSpec): void {
    const macs = (s: MatMulSpec): number => s.m * s.n * s.k;
    const pairable = (s: MatMulSpec): boolean => s.k > 0 && !(s.m === 1 && !s.transB) && macs(s) >= this.minPairedMacs;
    const big = Math.max(macs(first), macs(second)) >= this.minParallelMacs;
    if (this.activeWorkers === 0 || !pairable(first) || !pairable(second) || (big && this.activeWorkers > 1)) {
      this.matMul(first);
      this.matMul(second);
      return;
    }
    this.pool!.run([{ op: 'gemmBlock', args: gemmBlockArgs(first, true, 0, first.m) }], () => this.matMulHere(second));
    this.finishActivation(first);
  }

  /**
   * How many threads share a job of `work` units whose split pays from `threshold` units: each share
   * gets at least half the threshold, so the rule that decides between one thread and two also bounds
   * the shares on a many-core machine (a product just over the threshold goes to 2 of 16 threads,
   * not 16 shares of a few microseconds, each a hand-off, each packing the shared operand again).
   */
  private threadsFor(work: number, threshold: number): number {
    const threads = this.activeWorkers + 1;
    if (threshold <= 0) return threads;
    return Math.max(2, Math.min(threads, Math.floor(work / (threshold / 2))));
  }

  /** Runs `jobs[0]` on the calling thread and the others on the workers. */
  private runShares(op: 'gemmBlock' | 'gemvBlock', jobs: number[][]): void {
    const core = this.threaded!.core;
    const pool = this.pool!;
    const [own, ...rest] = jobs;
    pool.run(rest.map((args) => ({ op, args })), () => {
      if (op === 'gemmBlock') (core.gemmBlock as (...args: number[]) => void)(...own!, pool.mainScratch);
      else (core.gemvBlock as (...args: number[]) => void)(...own!);
    });
  }

  /** Softmax, sigmoid and tanh run as a pass over the finished rows of C (relu is in the kernels). */
  private finishActivation(spec: MatMulSpec): void {
    const act = ACTIVATION_CODES[spec.activation ?? 'linear'];
    if (act !== ACTIVATION_CODES.linear && act !== ACTIVATION_CODES.relu) this.c.applyActivation(act, ptr(spec.c), spec.m, spec.n);
  }

  /**
   * C split into blocks of whole micro-tiles (GEMM_MR rows or GEMM_NR columns), one per thread; each block is
   * gemmBlock() with offset pointers, which computes every element exactly as gemm() does.
   */
  private parallelMatMul(spec: MatMulSpec): void {
    const { m, n, k } = spec;
    const tilesM = Math.ceil(m / GEMM_MR), tilesN = Math.ceil(n / GEMM_NR);
    const byRows = tilesM >= tilesN;
    const parts = Math.min(this.threadsFor(m * n * k, this.minParallelMacs), byRows ? tilesM : tilesN);
    const blocks = shares(byRows ? m : n, byRows ? GEMM_MR : GEMM_NR, parts).map(([lo, hi]) => gemmBlockArgs(spec, byRows, lo, hi));
    this.runShares('gemmBlock', blocks);
    this.finishActivation(spec);
  }

  /**
   * A single row (gemm()'s gemv path) split into column blocks, whole multiples of GEMV_COLUMNS where
   * there are enough: each thread streams only its share of B (a layer's weights). A row is bound by
   * how fast one core reads the weights it uses once, so two cores read them in half the time. Each
   * column is the same sum whichever thread computes it.
   */
  private parallelGemv(spec: MatMulSpec): void {
    const { n, k } = spec;
    const a = ptr(spec.a), b = ptr(spec.b), c = ptr(spec.c), bias = ptr(spec.bias);
    const at = WasmHeap.f32Address;
    const relu = spec.activation === 'relu' ? 1 : 0;
    const acc = spec.accumulate ? 1 : 0;
    const unit = n >= 2 * GEMV_COLUMNS ? GEMV_COLUMNS : 4;
    const parts = Math.min(this.threadsFor(n * k, this.minParallelGemvMacs), Math.ceil(n / unit));
    // One row of op(A) is contiguous whether or not A is transposed (lda = m = 1 when it is): stride 1.
    const blocks = shares(n, unit, parts).map(([lo, hi]) => [hi - lo, k, a, 1, at(b, lo), n, at(c, lo), acc, bias ? at(bias, lo) : 0, relu]);
    this.runShares('gemvBlock', blocks);
    this.finishActivation(spec);
  }

  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void {
    this.c.applyActivation(ACTIVATION_CODES[name], ptr(x), rows, cols);
  }

  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void {
    this.c.activationBackward(ACTIVATION_CODES[name], ptr(y), ptr(d), rows, cols);
  }

  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void {
    this.c.columnSums(ptr(x), rows, cols, ptr(out));
  }

  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): number {
    const kernel = this.c[lossDescriptor(kind).wasm];
    return kernel(ptr(pred), ptr(target), rows, cols, ptr(grad), ACTIVATION_CODES[activation], scale, ptr(weights));
  }

  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): number {
    switch (kind) {
      case 'sparse_categorical_accuracy':
        return this.c.sparseCategoricalAccuracy(ptr(pred), ptr(target), rows, cols, ptr(weights));
      case 'categorical_accuracy':
        return this.c.categoricalAccuracy(ptr(pred), ptr(target), rows, cols, ptr(weights));
      case 'binary_accuracy':
        return this.c.binaryAccuracy(ptr(pred), ptr(target), rows, cols, ptr(weights));
      default:
        return this.loss(kind, pred, target, rows, cols, null, 'linear', 1, weights);
    }
  }

  elementwise(op: ElementwiseOp, a: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, n: number, alpha: number, accumulate: boolean): void {
    this.c.elementwise(ELEMENTWISE_CODES[op], ptr(a), ptr(b), ptr(out), n, alpha, accumulate ? 1 : 0);
  }

  copyBlock(s: BlockCopy): void {
    this.c.copyBlock(ptr(s.src), s.srcStride, s.srcOffset, ptr(s.dst), s.dstStride, s.dstOffset, s.rows, s.cols, s.accumulate ? 1 : 0);
  }

  maximumGrad(dy: DeviceBuffer, x: DeviceBuffer, y: DeviceBuffer, taken: DeviceBuffer, dx: DeviceBuffer | null, n: number, accumulate: boolean): void {
    this.c.maximumGrad(ptr(dy), ptr(x), ptr(y), ptr(taken), ptr(dx), n, accumulate ? 1 : 0);
  }

  l1l2Penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): number {
    return this.c.l1l2Penalty(ptr(x), ptr(grad), n, l1, l2, gradScale);
  }

  channelMoments(x: DeviceBuffer, l: ChannelLayout, mean: DeviceBuffer, variance: DeviceBuffer): void {
    this.c.channelMoments(ptr(x), l.outer, l.channels, l.inner, ptr(mean), ptr(variance));
  }

  batchNormForward(s: BatchNormForward): void {
    this.c.batchNormForward(ptr(s.x), ptr(s.y), s.outer, s.channels, s.inner, ptr(s.mean), ptr(s.variance), ptr(s.gamma), ptr(s.beta), s.epsilon);
  }

  batchNormBackward(s: BatchNormBackward): void {
    this.c.batchNormBackward(
      ptr(s.dy), ptr(s.x), s.outer, s.channels, s.inner, ptr(s.mean), ptr(s.variance), ptr(s.gamma), s.epsilon,
      ptr(s.dgamma), ptr(s.dbeta), ptr(s.dx), s.throughStats ? 1 : 0, s.accumulate ? 1 : 0,
    );
  }

  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void {
    const kernel = this.c[rule.kernel];
    if (typeof kernel !== 'function') throw new ValueError(`update(rule.kernel): the Wasm core exports no optimizer kernel ${JSON.stringify(rule.kernel)}`);
    // The export's arity says how many slots the rule takes: w, g, slots, n, then the scalars.
    const slotCount = kernel.length - 3 - rule.scalars.length;
    if (slotCount < 0 || slotCount > slots.length) {
      throw new ValueError(`update(${rule.kernel}): the kernel takes ${kernel.length} arguments; received ${rule.scalars.length} scalars and ${slots.length} slots`);
    }
    const pointers = [param, grad, ...slots.slice(0, slotCount)].map((b) => ptr(b));
    const n = param.size;
    const call = (offset: number, length: number): number[] => [...pointers.map((p) => WasmHeap.f32Address(p, offset)), length, ...rule.scalars];
    if (this.activeWorkers === 0 || n < this.minParallelElements) {
      kernel(...call(0, n));
      return;
    }
    // Elementwise, so each thread updates a range (whole f32x4 groups) exactly as one call would.
    const parts = Math.min(this.threadsFor(n, this.minParallelElements), Math.ceil(n / 4));
    const ranges = shares(n, 4, parts).map(([lo, hi]) => call(lo, hi - lo));
    const own = ranges.shift()!;
    this.pool!.run(ranges.map((args) => ({ op: rule.kernel, args })), () => kernel(...own));
  }

  memoryBytes(): number {
    return this.c.memoryBytes();
  }
}
