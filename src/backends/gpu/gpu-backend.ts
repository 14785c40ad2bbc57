// The GPU backend: every Backend kernel as gpu.js kernels over GPU-resident buffers. Weights,
// gradients, optimizer state and a batch's activations live on the GPU between steps (gpu.js
// `pipeline: true` with immutable outputs: each kernel returns a fresh texture or storage buffer that
// replaces the buffer's previous one); the batch goes up, and only per-row losses and metrics (and
// predictions or weights when asked) come back.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { StateError, ValueError } from '../../errors.js';
import type { ActivationName, Backend, BatchNormBackward, BatchNormForward, BlockCopy, ChannelLayout, DeviceBuffer, ElementKind, ElementwiseOp, LossKind, MatMulSpec, MetricKind, UpdateRule } from '../backend.js';
import { Reclaimer } from '../reclaim.js';
import { checkOptions } from '../../options.js';
import type { UrlLike } from '../../platform-types.js';
import type { KernelDef, KernelQueue } from './kernels/types.js';
import { lossDescriptor } from '../loss-registry.js';
import * as L from './kernels/losses.js';
import * as E from './kernels/elementwise.js';
import * as M from './kernels/matmul.js';
import * as R from './kernels/reductions.js';
import * as O from './kernels/optimizers.js';
import * as G from './kernels/graph.js';
import * as N from './kernels/normalization.js';
import { ACTIVATION_CODES, ELEMENTWISE_CODES } from '../backend.js';
import { AUTO_MODES, firstLine, loadGpuJs, probeMode } from './loader.js';
import type { GpuMode } from './loader.js';

export type { GpuMode } from './loader.js';

export interface GpuBackendOptions {
  /** Name under which the backend registers (default 'gpu'). */
  name?: string;
  /**
   * The gpu.js mode, or a list tried in order. Default: 'webgpu', then 'webgl2', 'webgl',
   * 'headlessgl'. 'cpu' runs the same kernels as JavaScript through gpu.js' cpu mode: it exists
   * ONLY so that tests can check every kernel without a GPU, is slow, and is never chosen
   * automatically.
   */
  mode?: GpuMode | readonly GpuMode[];
  /** 'wasm': when no GPU mode is available, run on the Wasm backend instead of throwing. */
  fallback?: 'wasm' | 'none';
  /** The gpu.js module to use (default: `globalThis.GPU` from its browser build, else import('gpu.js')). */
  gpujs?: unknown;
  /**
   * Node only: run the kernels in a worker thread and block on Atomics.wait for the values that come
   * back, which gives WebGPU (asynchronous readback) the synchronous Backend interface that
   * Sequential needs. Default: true for 'webgpu' in Node, false otherwise (true forces it for any
   * mode, which is how the tests exercise it in 'cpu' mode).
   */
  worker?: boolean;
  /** URL of the built worker module; default `./gpu-worker.js` beside this module (dist). */
  workerUrl?: string | UrlLike;
}

export interface GpuBackendInfo {
  /** Registered name of the backend. */
  name: string;
  /** The gpu.js mode running the kernels, 'wasm-fallback' when the fallback is active, null before ready(). */
  mode: GpuMode | 'wasm-fallback' | null;
  /** Why each mode tried before the active one was skipped. */
  skipped: Record<string, string>;
  /**
   * Whether synchronous reads (read, loss, metric) are unavailable: WebGPU on the
   * calling thread (browsers). Use readAsync/lossAsync/metricAsync there.
   */
  asyncReadback: boolean;
  /** 'worker' when the kernels run in a Node worker thread (see GpuBackendOptions.worker). */
  thread: 'main' | 'worker';
  /** Adapter description where WebGPU exposes one. */
  adapter?: string;
}

class GpuBuffer implements DeviceBuffer {
  /** The texture lives in a cell of its own, which the reclaimer can hold without holding the buffer. */
  readonly cell: { handle: any } = { handle: null };
  freed = false;
  constructor(
    readonly size: number,
    readonly kind: ElementKind,
  ) {}

  get handle(): any {
    return this.cell.handle;
  }

  set handle(next: any) {
    this.cell.handle = next;
  }
}

/** gpu.js returns a 2D result as an array of rows: one flat Float32Array either way. */
function flatten(data: unknown): Float32Array {
  if (data instanceof Float32Array) return data;
  const rows = data as ArrayLike<number | ArrayLike<number>>;
  if (rows.length > 0 && typeof rows[0] !== 'number') {
    const width = (rows[0] as ArrayLike<number>).length;
    const out = new Float32Array(rows.length * width);
    for (let r = 0; r < rows.length; r++) out.set(rows[r] as ArrayLike<number>, r * width);
    return out;
  }
  return Float32Array.from(rows as ArrayLike<number>);
}

/** Error thrown by ready() when no GPU mode is available and no fallback was asked for. */
/** Every kernel of kernels/losses.ts (its other exports are the plans and their helpers). */
function lossKernels(): KernelDef[] {
  return Object.values(L).filter((v): v is KernelDef => typeof v === 'object' && v !== null && 'fn' in v);
}

export class GpuUnavailableError extends StateError {
  override name = 'GpuUnavailableError';
}

export class GpuBackend implements Backend {
  readonly name: string;
  private readonly options: GpuBackendOptions;
  private gpujs: any = null;
  private gpu: any = null;
  private mode: GpuMode | null = null;
  private delegate: Backend | null = null;
  private delegateKind: 'wasm-fallback' | 'worker' | null = null;
  private loading: Promise<void> | null = null;
  private readonly kernels = new Map<KernelDef, any>();
  private handleType = 'Array';
  /** GL modes: the prototype of a flat (1D) output texture. */
  private flatTexture: object | null = null;
  private dummy: GpuBuffer | null = null;
  private liveElements = 0;
  private readonly reclaimer = new Reclaimer<{ cell: { handle: any }; size: number }>(({ cell, size }) => {
    this.release(cell.handle);
    this.liveElements -= Math.max(1, size);
  });
  private readonly skipped: Record<string, string> = {};
  private adapterInfo: string | undefined;
  /** The loss plans' access to this backend's kernels (one object, so that a step allocates none). */
  private readonly queue: KernelQueue = {
    run: (def, shape, ...args) => this.run(def, shape, ...args),
    release: (handle) => this.release(handle),
  };

  constructor(options: GpuBackendOptions = {}) {
    checkOptions(options, ['name', 'mode', 'fallback', 'gpujs', 'worker', 'workerUrl'], 'GpuBackend');
    this.options = options;
    this.name = options.name ?? 'gpu';
  }

  get isReady(): boolean {
    return this.mode !== null || this.delegate !== null;
  }

  /** Node worker mode: waits until the worker has run every call made so far. */
  private get proxy(): { sync(): void; terminate(): Promise<void> } | null {
    return this.delegateKind === 'worker' ? (this.delegate as unknown as { sync(): void; terminate(): Promise<void> }) : null;
  }

  /** WebGPU on this thread: values come back only through readAsync/lossAsync/metricAsync. */
  get asyncReadback(): boolean {
    return this.mode === 'webgpu' && this.delegateKind !== 'worker';
  }

  /** Which gpu.js mode is active (see GpuBackendInfo). */
  getBackendInfo(): GpuBackendInfo {
    return {
      name: this.name,
      mode: this.delegateKind === 'wasm-fallback' ? 'wasm-fallback' : this.mode,
      skipped: { ...this.skipped },
      asyncReadback: this.asyncReadback,
      thread: this.delegateKind === 'worker' ? 'worker' : 'main',
      ...(this.adapterInfo ? { adapter: this.adapterInfo } : {}),
    };
  }

  ready(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().catch((error: unknown) => {
        this.loading = null;
        throw error;
      });
    }
    return this.loading;
  }

  private async load(): Promise<void> {
    const requested = this.options.mode;
    const modes: readonly GpuMode[] = requested === undefined ? AUTO_MODES : typeof requested === 'string' ? [requested] : requested;
    for (const key of Object.keys(this.skipped)) delete this.skipped[key];
    let GPUjs: any = null;
    try {
      GPUjs = await loadGpuJs(this.options.gpujs);
    } catch (error) {
      this.skipped['gpu.js'] = `the optional 'gpu.js' package did not load (${firstLine(error)})`;
    }
    const isNode = typeof process !== 'undefined' && !!(process as any).versions?.node && typeof (globalThis as any).window === 'undefined';
    for (const mode of modes) {
      if (!isNode || this.options.worker === false || (this.options.worker !== true && mode !== 'webgpu')) continue;
      // Node: this mode runs in a worker thread, which probes it itself.
      if (!modes.slice(0, modes.indexOf(mode)).every((m) => m in this.skipped)) break;
      try {
        const { WorkerProxyBackend } = await import('./worker-protocol.js');
        const url = this.options.workerUrl ? new URL(String(this.options.workerUrl)) : new URL('./gpu-worker.js', import.meta.url);
        const proxy = await WorkerProxyBackend.start(this.name, { url, options: { mode, name: this.name } });
        this.delegate = proxy;
        this.delegateKind = 'worker';
        this.mode = mode;
        if (proxy.info['adapter']) this.adapterInfo = String(proxy.info['adapter']);
        return;
      } catch (error) {
        this.skipped[mode] = `${firstLine(error)} (in a worker thread)`;
      }
    }
    if (GPUjs) {
      for (const mode of modes) {
        if (mode in this.skipped) continue;
        const reason = await probeMode(GPUjs.GPU, mode);
        if (reason) {
          this.skipped[mode] = reason;
          continue;
        }
        try {
          await this.start(GPUjs, mode);
          return;
        } catch (error) {
          this.skipped[mode] = `failed to start (${firstLine(error)})`;
          this.reset();
        }
      }
    }
    const why = Object.entries(this.skipped).map(([m, r]) => `${m}: ${r}`).join('; ');
    if (this.options.fallback === 'wasm') {
      const { getBackend } = await import('../index.js');
      const wasm = getBackend('wasm');
      await wasm.ready();
      this.delegate = wasm;
      this.delegateKind = 'wasm-fallback';
      return;
    }
    throw new GpuUnavailableError(
      `GPU backend: no GPU mode is available (${why || 'nothing tried'}). ` +
        "Use the 'wasm' backend, or create the GPU backend with { fallback: 'wasm' } to run on Wasm when no GPU is found.",
    );
  }

  private reset(): void {
    for (const k of this.kernels.values()) k.destroy?.();
    this.kernels.clear();
    try {
      this.gpu?.destroy?.();
    } catch {
      // ignore
    }
    this.gpu = null;
    this.mode = null;
    this.dummy = null;
    this.flatTexture = null;
  }

  private async start(GPUjs: any, mode: GpuMode): Promise<void> {
    this.gpujs = GPUjs;
    this.gpu = new GPUjs.GPU({ mode });
    this.mode = mode;
    if (mode === 'webgpu') {
      // Kernels build asynchronously on WebGPU: build them all now on tiny inputs, so that every later
      // dispatch is synchronous (gpu.js submits synchronously once a kernel is built).
      const probe = await this.kernel(E.upload)(new Float32Array([0]));
      this.handleType = GPUjs.utils.getVariableType(probe, false);
      probe.delete?.();
      this.kernels.delete(E.upload);
      await this.warmUp();
      try {
        const ctx = await GPUjs.WebGPUContext?.acquire?.();
        const info = ctx?.adapter?.info;
        if (info) this.adapterInfo = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
      } catch {
        // informational only
      }
    } else {
      const probe = this.kernel(E.upload)(new Float32Array([0]));
      this.handleType = GPUjs.utils.getVariableType(probe, false);
      if (mode !== 'cpu') this.flatTexture = Object.getPrototypeOf(probe);
      this.release(probe);
    }
    this.dummy = this.alloc(1) as GpuBuffer;
    // A tiny end-to-end check: a 2×3·3×2 product must come back right, or the mode is unusable.
    const a = this.alloc(6);
    const b = this.alloc(6);
    const c = this.alloc(4);
    this.write(a, new Float32Array([1, 2, 3, 4, 5, 6]));
    this.write(b, new Float32Array([1, 0, 0, 1, 1, 1]));
    this.matMul({ m: 2, n: 2, k: 3, a, b, c });
    const got = mode === 'webgpu' ? await this.readAsync(c) : this.read(c);
    for (const buf of [a, b, c]) this.free(buf);
    const want = [4, 5, 10, 11];
    if (!want.every((v, i) => Math.abs(got[i]! - v) < 1e-5)) throw new Error(`self-test product gave [${Array.from(got).join(', ')}]`);
  }

  /** Runs every kernel once so WebGPU pipelines are compiled before the synchronous API is used. */
  private async warmUp(): Promise<void> {
    const defs: KernelDef[] = [E.upload, E.splice, E.copyPrefix, E.activate, E.rowMax, E.rowExpSum, E.softmaxApply, E.activateGrad, E.rowDot, E.softmaxGrad,
      M.matMulNN, M.matMulTN, M.matMulNT, M.matMulTT, R.columnSums, R.sparseAccuracyRows, R.categoricalAccuracyRows, R.binaryAccuracyRows,
      ...lossKernels(),
      O.sgd, O.decay, O.decaySquare, O.momentumWeights, O.rmspropMoment, O.subtract, O.adamWeights, O.adagradWeights];
    const up = this.kernel(E.upload);
    up.setOutput([4]);
    const h = await up(new Float32Array(4));
    for (const def of defs) {
      const k = this.kernel(def);
      k.setOutput(def.grid === 'matrix' ? [1, 1] : [1]);
      const args = def.args.map((t) => (t === 'Array' ? h : t === 'Upload' ? new Float32Array(1) : t === 'Integer' ? 1 : 0.5));
      const out = await k(...args);
      out?.delete?.();
    }
    h.delete();
  }

  // ---- kernels -------------------------------------------------------------------------------

  private kernel(def: KernelDef): any {
    let k = this.kernels.get(def);
    if (!k) {
      if (!this.gpu) throw new StateError('GPU backend: not ready; await ready() (or setBackend) first');
      const types = def.args.map((t) => (t === 'Array' ? this.handleType : t === 'Upload' ? 'Array' : t));
      k = this.gpu.createKernel(def.fn, {
        output: [1],
        pipeline: true,
        immutable: true,
        dynamicOutput: true,
        dynamicArguments: true,
        precision: 'single',
        tactic: 'precision',
        loopMaxIterations: 1 << 20,
        argumentTypes: types,
        ...(def.helpers ? { functions: def.helpers } : {}),
      });
      this.kernels.set(def, k);
    }
    return k;
  }

  /**
   * Runs a kernel over `shape` (a flat size, or [rows, cols] for a 'matrix' kernel, whose grid is
   * [cols, rows]); returns its GPU-resident result synchronously.
   */
  private run(def: KernelDef, shape: number | [number, number], ...args: unknown[]): any {
    const k = this.kernel(def);
    const output = typeof shape === 'number' ? [Math.max(1, shape)] : [Math.max(1, shape[1]), Math.max(1, shape[0])];
    if ((def.grid === 'matrix') !== (output.length === 2)) throw new StateError('GPU backend: kernel grid mismatch');
    k.setOutput(output);
    const result = k(...args);
    if (this.mode === 'cpu') {
      // cpu mode returns rows of a 2D output as separate arrays: flatten them to one buffer.
      if (output.length === 2 && Array.isArray(result)) {
        const flat = new Float32Array(output[0]! * output[1]!);
        (result as Float32Array[]).forEach((row, r) => flat.set(row, r * output[0]!));
        return flat;
      }
      return result;
    }
    if (this.mode !== 'webgpu') {
      if (output.length === 2 && this.flatTexture) {
        // GL: a 2D kernel's texture holds its values in the same flat texel order as a 1D one, but
        // gpu.js types it differently and would refuse it where a flat buffer was declared: relabel.
        Object.setPrototypeOf(result, this.flatTexture);
        const size = output[0]! * output[1]!;
        result.output = [size];
        result.dimensions = [size, 1, 1];
      }
      return result;
    }
    // WebGPU: the dispatch was submitted synchronously; the Promise only wraps the buffer handle.
    const inner = k.kernel ?? k;
    if (!inner.built || !inner.outputBuffer) throw new StateError('GPU backend: a WebGPU kernel was not built before use');
    const handle = new this.gpujs.WebGPUBufferResult({ buffer: inner.outputBuffer, output, componentCount: 1, context: inner.context, kernel: inner });
    (result as Promise<any>).then((r) => r?.delete?.(), () => undefined);
    return handle;
  }

  private release(handle: any): void {
    if (handle && typeof handle.delete === 'function') handle.delete();
  }

  private h(buffer: DeviceBuffer | null | undefined): any {
    const b = (buffer ?? this.dummy) as GpuBuffer;
    if (b.freed) throw new StateError('GPU backend: buffer used after it was freed (was the model disposed?)');
    return b.handle;
  }

  /** Makes `handle` (holding `length` elements) the buffer's contents, keeping any tail beyond it. */
  private assign(buffer: DeviceBuffer, handle: any, length: number): void {
    const b = buffer as GpuBuffer;
    if (b.freed) throw new StateError('GPU backend: buffer used after it was freed (was the model disposed?)');
    let next = handle;
    if (length !== b.size) {
      next = this.run(E.copyPrefix, b.size, handle, b.handle, length);
      this.release(handle);
    }
    const old = b.handle;
    b.handle = next;
    this.release(old);
  }

  private toF32(data: Float32Array | Int32Array): Float32Array {
    return data instanceof Float32Array ? data : Float32Array.from(data);
  }

  private readHandle(handle: any, length: number, offset: number): Float32Array {
    if (this.mode === 'webgpu') {
      throw new StateError('GPU backend: synchronous reads are not available in WebGPU mode (readback is asynchronous); use readAsync()');
    }
    return flatten(typeof handle.toArray === 'function' ? handle.toArray() : handle).slice(offset, offset + length);
  }

  private sumRows(handle: any, rows: number): number {
    const values = this.readHandle(handle, rows, 0);
    this.release(handle);
    let total = 0;
    for (let i = 0; i < rows; i++) total += values[i]!;
    return total;
  }

  // ---- Backend --------------------------------------------------------------------------------

  alloc(size: number, kind: ElementKind = 'f32'): DeviceBuffer {
    if (this.delegate) return this.delegate.alloc(size, kind);
    const b = new GpuBuffer(size, kind);
    b.handle = this.run(E.upload, Math.max(1, size), new Float32Array(Math.max(1, size)));
    this.liveElements += Math.max(1, size);
    this.reclaimer.track(b, { cell: b.cell, size });
    return b;
  }

  free(buffer: DeviceBuffer): void {
    if (this.delegate) return this.delegate.free(buffer);
    const b = buffer as GpuBuffer;
    if (b.freed) return;
    this.reclaimer.untrack(b);
    this.release(b.handle);
    b.handle = null;
    b.freed = true;
    this.liveElements -= Math.max(1, b.size);
  }

  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset = 0): void {
    if (this.delegate) return this.delegate.write(buffer, data, offset);
    if (offset + data.length > buffer.size) {
      throw new ValueError(`GPU backend: writing ${data.length} elements at ${offset} overflows a buffer of ${buffer.size}`);
    }
    const values = this.toF32(data);
    if (offset === 0 && data.length === buffer.size) this.assign(buffer, this.run(E.upload, buffer.size, values), buffer.size);
    else this.assign(buffer, this.run(E.splice, buffer.size, this.h(buffer), values, offset, data.length), buffer.size);
  }

  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void {
    if (this.delegate) return this.delegate.writeRows(buffer, source, indices, start, count, rowLength);
    if (count * rowLength > buffer.size) throw new ValueError(`GPU backend: ${count} rows of ${rowLength} overflow a buffer of ${buffer.size}`);
    const batch = new Float32Array(count * rowLength);
    for (let r = 0; r < count; r++) {
      const row = indices[start + r]!;
      batch.set(source.subarray(row * rowLength, (row + 1) * rowLength), r * rowLength);
    }
    this.write(buffer, batch, 0);
  }

  read(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    if (this.delegate) return this.delegate.read(buffer, length, offset);
    return this.readHandle(this.h(buffer), length, offset);
  }

  /** Reads a buffer back on every mode, WebGPU included. */
  async readAsync(buffer: DeviceBuffer, length = buffer.size, offset = 0): Promise<Float32Array> {
    if (this.delegate) return this.delegate.read(buffer, length, offset);
    const handle = this.h(buffer);
    return flatten(typeof handle.toArray === 'function' ? await handle.toArray() : handle).slice(offset, offset + length);
  }

  copy(source: DeviceBuffer, target: DeviceBuffer, length: number): void {
    if (this.delegate) return this.delegate.copy(source, target, length);
    this.assign(target, this.run(E.copyPrefix, target.size, this.h(source), this.h(target), length), target.size);
  }

  matMul(spec: MatMulSpec): void {
    if (this.delegate) return this.delegate.matMul(spec);
    const { m, n, k } = spec;
    const transA = spec.transA ?? false;
    const transB = spec.transB ?? false;
    const def = transA ? (transB ? M.matMulTT : M.matMulTN) : transB ? M.matMulNT : M.matMulNN;
    const act = spec.activation ?? 'linear';
    const out = this.run(
      def, [m, n],
      this.h(spec.a), this.h(spec.b), spec.accumulate ? this.h(spec.c) : this.h(this.dummy), spec.bias ? this.h(spec.bias) : this.h(this.dummy),
      m, n, k, spec.accumulate ? 1 : 0, spec.bias ? 1 : 0, act === 'softmax' ? 0 : ACTIVATION_CODES[act],
    );
    if (act === 'softmax') this.assign(spec.c, this.softmax(out, m, n, true), m * n);
    else this.assign(spec.c, out, m * n);
  }

  private softmax(x: any, rows: number, cols: number, consume: boolean): any {
    const rmax = this.run(E.rowMax, rows, x, cols);
    const rsum = this.run(E.rowExpSum, rows, x, rmax, cols);
    const y = this.run(E.softmaxApply, [rows, cols], x, rmax, rsum, cols);
    this.release(rmax);
    this.release(rsum);
    if (consume) this.release(x);
    return y;
  }

  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void {
    if (this.delegate) return this.delegate.activation(name, x, rows, cols);
    if (name === 'linear') return;
    const out = name === 'softmax' ? this.softmax(this.h(x), rows, cols, false) : this.run(E.activate, rows * cols, this.h(x), ACTIVATION_CODES[name]);
    this.assign(x, out, rows * cols);
  }

  /** d·act'(z) for a handle `d`, which it consumes; returns the new handle. */
  private activationGradHandle(name: ActivationName, y: any, d: any, rows: number, cols: number): any {
    if (name === 'linear') return d;
    let out: any;
    if (name === 'softmax') {
      const dot = this.run(E.rowDot, rows, y, d, cols);
      out = this.run(E.softmaxGrad, [rows, cols], y, d, dot, cols);
      this.release(dot);
    } else {
      out = this.run(E.activateGrad, rows * cols, y, d, ACTIVATION_CODES[name]);
    }
    this.release(d);
    return out;
  }

  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void {
    if (this.delegate) return this.delegate.activationGrad(name, y, d, rows, cols);
    if (name === 'linear') return;
    let out: any;
    if (name === 'softmax') {
      const dot = this.run(E.rowDot, rows, this.h(y), this.h(d), cols);
      out = this.run(E.softmaxGrad, [rows, cols], this.h(y), this.h(d), dot, cols);
      this.release(dot);
    } else {
      out = this.run(E.activateGrad, rows * cols, this.h(y), this.h(d), ACTIVATION_CODES[name]);
    }
    this.assign(d, out, rows * cols);
  }

  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void {
    if (this.delegate) return this.delegate.columnSums(x, rows, cols, out);
    this.assign(out, this.run(R.columnSums, cols, this.h(x), rows, cols), cols);
  }

  /** Queues the loss kernels and the gradient; returns the handle of per-row losses. */
  private lossDispatch(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number): any {
    const p = this.h(pred);
    const { rows: perRow, grad: g } = lossDescriptor(kind).gpu(this.queue, p, this.h(target), rows, cols, grad ? scale : null);
    if (grad && g) this.assign(grad, this.activationGradHandle(activation, p, g, rows, cols), rows * cols);
    return perRow;
  }

  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number): number {
    if (this.delegate) return this.delegate.loss(kind, pred, target, rows, cols, grad, activation, scale);
    return this.sumRows(this.lossDispatch(kind, pred, target, rows, cols, grad, activation, scale), rows);
  }

  /** `loss` for every mode, WebGPU included: the gradient is dispatched at once, the sum awaited. */
  async lossAsync(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number): Promise<number> {
    if (this.delegate) return this.delegate.loss(kind, pred, target, rows, cols, grad, activation, scale);
    const perRow = this.lossDispatch(kind, pred, target, rows, cols, grad, activation, scale);
    const values = flatten(typeof perRow.toArray === 'function' ? await perRow.toArray() : perRow);
    this.release(perRow);
    let total = 0;
    for (let i = 0; i < rows; i++) total += values[i]!;
    return total;
  }

  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number): number {
    if (this.delegate) return this.delegate.metric(kind, pred, target, rows, cols);
    switch (kind) {
      case 'sparse_categorical_accuracy':
        return this.sumRows(this.run(R.sparseAccuracyRows, rows, this.h(pred), this.h(target), cols), rows);
      case 'categorical_accuracy':
        return this.sumRows(this.run(R.categoricalAccuracyRows, rows, this.h(pred), this.h(target), cols), rows);
      case 'binary_accuracy':
        return this.sumRows(this.run(R.binaryAccuracyRows, rows, this.h(pred), this.h(target), cols), rows);
      default:
        return this.loss(kind, pred, target, rows, cols, null, 'linear', 1);
    }
  }

  /** `metric` for every mode, WebGPU included. */
  async metricAsync(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number): Promise<number> {
    if (this.delegate) return this.delegate.metric(kind, pred, target, rows, cols);
    const defs: Partial<Record<MetricKind, KernelDef>> = {
      sparse_categorical_accuracy: R.sparseAccuracyRows,
      categorical_accuracy: R.categoricalAccuracyRows,
      binary_accuracy: R.binaryAccuracyRows,
    };
    const def = defs[kind];
    if (!def) return this.lossAsync(kind as LossKind, pred, target, rows, cols, null, 'linear', 1);
    const perRow = this.run(def, rows, this.h(pred), this.h(target), cols);
    const values = flatten(typeof perRow.toArray === 'function' ? await perRow.toArray() : perRow);
    this.release(perRow);
    let total = 0;
    for (let i = 0; i < rows; i++) total += values[i]!;
    return total;
  }

  elementwise(op: ElementwiseOp, a: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, n: number, alpha: number, accumulate: boolean): void {
    if (this.delegate) return this.delegate.elementwise(op, a, b, out, n, alpha, accumulate);
    this.assign(out, this.run(G.elementwise, out.size, this.h(a), this.h(b), this.h(out), n, ELEMENTWISE_CODES[op], alpha, accumulate ? 1 : 0), out.size);
  }

  copyBlock(s: BlockCopy): void {
    if (this.delegate) return this.delegate.copyBlock(s);
    const handle = this.run(G.copyBlock, s.dst.size, this.h(s.src), this.h(s.dst), s.srcStride, s.srcOffset, s.dstStride, s.dstOffset, s.rows, s.cols, s.accumulate ? 1 : 0);
    this.assign(s.dst, handle, s.dst.size);
  }

  maximumGrad(dy: DeviceBuffer, x: DeviceBuffer, y: DeviceBuffer, taken: DeviceBuffer, dx: DeviceBuffer | null, n: number, accumulate: boolean): void {
    if (this.delegate) return this.delegate.maximumGrad(dy, x, y, taken, dx, n, accumulate);
    if (dx) this.assign(dx, this.run(G.maximumGrad, dx.size, this.h(dy), this.h(x), this.h(y), this.h(taken), this.h(dx), n, accumulate ? 1 : 0), dx.size);
    this.assign(taken, this.run(G.maximumTaken, taken.size, this.h(x), this.h(y), this.h(taken), n), taken.size);
  }

  /** Queues the penalty's gradient (when wanted) and returns the handle of per-element terms. */
  private l1l2Dispatch(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): any {
    const terms = this.run(G.l1l2Terms, n, this.h(x), l1, l2);
    if (grad) this.assign(grad, this.run(G.l1l2Grad, grad.size, this.h(x), this.h(grad), n, l1, l2, gradScale), grad.size);
    return terms;
  }

  l1l2Penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): number {
    if (this.delegate) return this.delegate.l1l2Penalty(x, grad, n, l1, l2, gradScale);
    return this.sumRows(this.l1l2Dispatch(x, grad, n, l1, l2, gradScale), n);
  }

  async l1l2PenaltyAsync(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): Promise<number> {
    if (this.delegate) return this.delegate.l1l2Penalty(x, grad, n, l1, l2, gradScale);
    const terms = this.l1l2Dispatch(x, grad, n, l1, l2, gradScale);
    const values = flatten(typeof terms.toArray === 'function' ? await terms.toArray() : terms);
    this.release(terms);
    let total = 0;
    for (let i = 0; i < n; i++) total += values[i]!;
    return total;
  }

  channelMoments(x: DeviceBuffer, l: ChannelLayout, mean: DeviceBuffer, variance: DeviceBuffer): void {
    if (this.delegate) return this.delegate.channelMoments(x, l, mean, variance);
    const count = l.outer * l.inner;
    const means = this.run(N.channelSums, l.channels, this.h(x), this.h(null), this.h(null), this.h(null), l.outer, l.channels, l.inner, 0, count, 0);
    const variances = this.run(N.channelSums, l.channels, this.h(x), this.h(null), means, this.h(null), l.outer, l.channels, l.inner, 1, count, 0);
    this.assign(mean, means, l.channels);
    this.assign(variance, variances, l.channels);
  }

  batchNormForward(s: BatchNormForward): void {
    if (this.delegate) return this.delegate.batchNormForward(s);
    const n = s.outer * s.channels * s.inner;
    const y = this.run(N.batchNormForward, n, this.h(s.x), this.h(s.mean), this.h(s.variance), this.h(s.gamma), this.h(s.beta), s.channels, s.inner, s.epsilon, s.gamma ? 1 : 0, s.beta ? 1 : 0);
    this.assign(s.y, y, n);
  }

  batchNormBackward(s: BatchNormBackward): void {
    if (this.delegate) return this.delegate.batchNormBackward(s);
    const n = s.outer * s.channels * s.inner;
    const count = s.outer * s.inner;
    const stats = [this.h(s.mean), this.h(s.variance)];
    const sumDy = this.run(N.channelSums, s.channels, this.h(s.dy), this.h(null), this.h(null), this.h(null), s.outer, s.channels, s.inner, 0, 1, 0);
    const sumDyXhat = this.run(N.channelSums, s.channels, this.h(s.x), this.h(s.dy), stats[0], stats[1], s.outer, s.channels, s.inner, 2, 1, s.epsilon);
    if (s.dx) {
      const dx = this.run(N.batchNormGradInput, s.dx.size, this.h(s.dy), this.h(s.x), ...stats, this.h(s.gamma), sumDy, sumDyXhat, this.h(s.dx),
        n, s.channels, s.inner, count, s.epsilon, s.gamma ? 1 : 0, s.throughStats ? 1 : 0, s.accumulate ? 1 : 0);
      this.assign(s.dx, dx, s.dx.size);
    }
    if (s.dbeta) this.assign(s.dbeta, sumDy, s.channels);
    else this.release(sumDy);
    if (s.dgamma) this.assign(s.dgamma, sumDyXhat, s.channels);
    else this.release(sumDyXhat);
  }

  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void {
    if (this.delegate) return this.delegate.update(rule, param, grad, slots);
    const plan = O.UPDATE_PLANS[rule.kernel];
    if (!plan) throw new ValueError(`update(rule.kernel): the GPU backend has no gpu.js form of ${JSON.stringify(rule.kernel)} (kernels/optimizers.ts UPDATE_PLANS)`);
    const n = param.size;
    for (const { writes, kernel, args } of plan([param, grad, ...slots], rule.scalars)) {
      this.assign(writes, this.run(kernel, n, ...args.map((a) => (typeof a === 'number' ? a : this.h(a)))), n);
    }
  }

  /** Bytes of GPU memory held by live buffers (4 per element). */
  memoryBytes(): number {
    if (this.delegate) return this.delegate.memoryBytes();
    return this.liveElements * 4;
  }

  /** Waits for queued GPU work (WebGPU) ; a no-op on synchronous modes. */
  async flush(): Promise<void> {
    if (this.proxy) return this.proxy.sync();
    if (this.mode === 'webgpu' && this.dummy) await this.readAsync(this.dummy, 1);
  }

  /** Releases every kernel and the gpu.js instance; the backend must be made ready again to be used. */
  destroy(): void {
    void this.proxy?.terminate();
    this.reset();
    this.loading = null;
    this.delegate = null;
    this.delegateKind = null;
  }
}
