// The GPU backend users hold. It exists before a mode is known (registerGpuBackend hands it out at
// once), so ready() picks one (mode.ts) and every Backend call is forwarded to the backend picked:
// gpu.js kernels on this thread (gpujs-backend.ts), a Node worker thread (worker-protocol.ts), or the
// Wasm fallback. Weights, gradients, optimizer state and a batch's activations stay on the GPU
// between steps; only per-row losses and metrics (and predictions or weights when asked) come back.
import { StateError } from '../../errors.js';
import type { ActivationName, Backend, BatchNormBackward, BatchNormForward, BlockCopy, ChannelLayout, DeviceBuffer, ElementKind, ElementwiseOp, LossKind, MatMulSpec, MetricKind, UpdateRule } from '../backend.js';
import { checkOptions } from '../../options.js';
import type { UrlLike } from '../../platform-types.js';
import type { GpuMode } from './loader.js';
import { selectBackend } from './mode.js';
import type { SelectedBackend } from './mode.js';

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

export class GpuBackend implements Backend {
  readonly name: string;
  private readonly options: GpuBackendOptions;
  private selected: SelectedBackend | null = null;
  private loading: Promise<void> | null = null;
  private readonly skipped: Record<string, string> = {};

  constructor(options: GpuBackendOptions = {}) {
    checkOptions(options, ['name', 'mode', 'fallback', 'gpujs', 'worker', 'workerUrl'], 'GpuBackend');
    this.options = options;
    this.name = options.name ?? 'gpu';
  }

  get isReady(): boolean {
    return this.selected !== null;
  }

  /** WebGPU on this thread: values come back only through readAsync/lossAsync/metricAsync. */
  get asyncReadback(): boolean {
    return this.selected?.thread === 'main' && this.selected.mode === 'webgpu';
  }

  /** Which gpu.js mode is active (see GpuBackendInfo). */
  getBackendInfo(): GpuBackendInfo {
    const adapter = this.selected?.adapter;
    return {
      name: this.name,
      mode: this.selected?.mode ?? null,
      skipped: { ...this.skipped },
      asyncReadback: this.asyncReadback,
      thread: this.selected?.thread ?? 'main',
      ...(adapter ? { adapter } : {}),
    };
  }

  ready(): Promise<void> {
    if (!this.loading) {
      this.loading = selectBackend(this.name, this.options, this.skipped).then(
        (selected) => {
          this.selected = selected;
        },
        (error: unknown) => {
          this.loading = null;
          throw error;
        },
      );
    }
    return this.loading;
  }

  /** The backend ready() picked. */
  private get active(): SelectedBackend {
    if (!this.selected) throw new StateError('GPU backend: not ready; await ready() (or setBackend) first');
    return this.selected;
  }

  alloc(size: number, kind?: ElementKind): DeviceBuffer {
    return this.active.backend.alloc(size, kind);
  }

  /** A no-op once destroyed: the memory went with the backend. */
  free(buffer: DeviceBuffer): void {
    this.selected?.backend.free(buffer);
  }

  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset?: number): void {
    this.active.backend.write(buffer, data, offset);
  }

  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void {
    this.active.backend.writeRows(buffer, source, indices, start, count, rowLength);
  }

  read(buffer: DeviceBuffer, length?: number, offset?: number): Float32Array {
    return this.active.backend.read(buffer, length, offset);
  }

  /** Reads a buffer back on every mode, WebGPU included. */
  async readAsync(buffer: DeviceBuffer, length?: number, offset?: number): Promise<Float32Array> {
    return this.active.readback.readAsync(buffer, length, offset);
  }

  copy(source: DeviceBuffer, target: DeviceBuffer, length: number): void {
    this.active.backend.copy(source, target, length);
  }

  matMul(spec: MatMulSpec): void {
    this.active.backend.matMul(spec);
  }

  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void {
    this.active.backend.activation(name, x, rows, cols);
  }

  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void {
    this.active.backend.activationGrad(name, y, d, rows, cols);
  }

  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void {
    this.active.backend.columnSums(x, rows, cols, out);
  }

  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): number {
    return this.active.backend.loss(kind, pred, target, rows, cols, grad, activation, scale, weights);
  }

  /** `loss` for every mode, WebGPU included: the gradient is dispatched at once, the sum awaited. */
  async lossAsync(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): Promise<number> {
    return this.active.readback.lossAsync(kind, pred, target, rows, cols, grad, activation, scale, weights);
  }

  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): number {
    return this.active.backend.metric(kind, pred, target, rows, cols, weights);
  }

  /** `metric` for every mode, WebGPU included. */
  async metricAsync(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): Promise<number> {
    return this.active.readback.metricAsync(kind, pred, target, rows, cols, weights);
  }

  elementwise(op: ElementwiseOp, a: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, n: number, alpha: number, accumulate: boolean): void {
    this.active.backend.elementwise(op, a, b, out, n, alpha, accumulate);
  }

  copyBlock(spec: BlockCopy): void {
    this.active.backend.copyBlock(spec);
  }

  maximumGrad(dy: DeviceBuffer, x: DeviceBuffer, y: DeviceBuffer, taken: DeviceBuffer, dx: DeviceBuffer | null, n: number, accumulate: boolean): void {
    this.active.backend.maximumGrad(dy, x, y, taken, dx, n, accumulate);
  }

  l1l2Penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): number {
    return this.active.backend.l1l2Penalty(x, grad, n, l1, l2, gradScale);
  }

  /** `l1l2Penalty` for every mode, WebGPU included. */
  async l1l2PenaltyAsync(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): Promise<number> {
    return this.active.readback.l1l2PenaltyAsync(x, grad, n, l1, l2, gradScale);
  }

  channelMoments(x: DeviceBuffer, layout: ChannelLayout, mean: DeviceBuffer, variance: DeviceBuffer): void {
    this.active.backend.channelMoments(x, layout, mean, variance);
  }

  batchNormForward(spec: BatchNormForward): void {
    this.active.backend.batchNormForward(spec);
  }

  batchNormBackward(spec: BatchNormBackward): void {
    this.active.backend.batchNormBackward(spec);
  }

  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void {
    this.active.backend.update(rule, param, grad, slots);
  }

  /** Bytes of GPU memory held by live buffers (4 per element); 0 before ready() and once destroyed. */
  memoryBytes(): number {
    return this.selected?.backend.memoryBytes() ?? 0;
  }

  /** Waits for queued GPU work (WebGPU, or the worker's queue); a no-op on synchronous modes. */
  async flush(): Promise<void> {
    await this.selected?.flush();
  }

  /** Releases every kernel and the gpu.js instance (or the worker); the backend must be made ready again to be used. */
  destroy(): void {
    this.selected?.destroy();
    this.selected = null;
    this.loading = null;
  }
}
