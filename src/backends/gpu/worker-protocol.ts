// Node only: a synchronous Backend over a worker thread. WebGPU reads back asynchronously, but the
// Backend interface (and so Sequential) reads losses synchronously; in Node the main thread may block
// on Atomics.wait, so the GPU backend runs in a worker and the main thread forwards every call to it,
// waiting only where a value comes back (loss, metric, read). Everything else is
// posted without waiting, in order.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { StateError, ValueError } from '../../errors.js';
import type { ActivationName, Backend, BatchNormBackward, BatchNormForward, BlockCopy, ChannelLayout, DeviceBuffer, ElementKind, ElementwiseOp, LossKind, MatMulSpec, MetricKind, UpdateRule } from '../backend.js';
import { LiveBuffers, gatherRows } from './buffers.js';

/** Shared memory layout: control Int32Array [state, errorLength], scalar Float64Array [value], error bytes. */
export const ERROR_BYTES = 4096;

class ProxyBuffer implements DeviceBuffer {
  freed = false;
  constructor(
    readonly id: number,
    readonly size: number,
    readonly kind: ElementKind,
  ) {}
}

function encode(value: unknown): unknown {
  if (value instanceof ProxyBuffer) {
    if (value.freed) throw new StateError('GPU backend: buffer used after it was freed (was the model disposed?)');
    return { $buf: value.id };
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(encode);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = encode(v);
  return out;
}

export interface WorkerStart {
  /** URL of the built worker module (dist/backends/gpu/gpu-worker.js). */
  url: URL;
  /** Options for the GpuBackend inside the worker (a single mode). */
  options: Record<string, unknown>;
  /** Milliseconds a blocking call may wait before it fails. */
  timeoutMs?: number;
}

export class WorkerProxyBackend implements Backend {
  readonly name: string;
  readonly isReady = true;
  private nextId = 1;
  private readonly live = new LiveBuffers<number>((id) => this.worker.postMessage({ op: 'free', args: [{ $buf: id }] }));
  private readonly control: Int32Array;
  private readonly scalar: Float64Array;
  private readonly errorBytes: Uint8Array;

  private constructor(
    name: string,
    private readonly worker: any,
    shared: { control: SharedArrayBuffer; scalar: SharedArrayBuffer; error: SharedArrayBuffer },
    private readonly timeoutMs: number,
    readonly info: Record<string, unknown>,
  ) {
    this.name = name;
    this.control = new Int32Array(shared.control);
    this.scalar = new Float64Array(shared.scalar);
    this.errorBytes = new Uint8Array(shared.error);
  }

  /** Starts the worker and its backend; rejects with the worker's reason when it cannot start. */
  static async start(name: string, start: WorkerStart): Promise<WorkerProxyBackend> {
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as any;
    const shared = { control: new SharedArrayBuffer(8), scalar: new SharedArrayBuffer(8), error: new SharedArrayBuffer(ERROR_BYTES) };
    const worker = new Worker(start.url, { workerData: { options: start.options, ...shared } });
    const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const onError = (error: unknown) => reject(error);
      worker.once('error', onError);
      worker.once('message', (message: any) => {
        worker.off('error', onError);
        if (message?.error) reject(new Error(message.error));
        else resolve(message.info);
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    worker.unref();
    return new WorkerProxyBackend(name, worker, shared, start.timeoutMs ?? 600_000, info);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  private post(op: string, args: unknown[]): void {
    this.worker.postMessage({ op, args: args.map(encode) });
  }

  /** Posts a call and blocks until the worker has answered it. */
  private call(op: string, args: unknown[], extra: Record<string, unknown> = {}): number {
    Atomics.store(this.control, 0, 0);
    this.worker.postMessage({ op, args: args.map(encode), sync: true, ...extra });
    const state = Atomics.wait(this.control, 0, 0, this.timeoutMs);
    if (state === 'timed-out') throw new StateError(`GPU backend: the GPU worker did not answer ${op} within ${this.timeoutMs} ms`);
    const errorLength = Atomics.load(this.control, 1);
    if (errorLength > 0) {
      const message = new TextDecoder().decode(this.errorBytes.slice(0, errorLength));
      Atomics.store(this.control, 1, 0);
      throw new StateError(`GPU backend (worker): ${message}`);
    }
    return this.scalar[0]!;
  }

  alloc(size: number, kind: ElementKind = 'f32'): DeviceBuffer {
    const buffer = new ProxyBuffer(this.nextId++, size, kind);
    this.worker.postMessage({ op: 'alloc', id: buffer.id, args: [size, kind] });
    this.live.add(buffer, buffer.id);
    return buffer;
  }

  free(buffer: DeviceBuffer): void {
    const b = buffer as ProxyBuffer;
    if (b.freed) return;
    this.live.remove(b);
    this.post('free', [b]);
    b.freed = true;
  }

  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset = 0): void {
    if (offset + data.length > buffer.size) throw new ValueError(`GPU backend: writing ${data.length} elements at ${offset} overflows a buffer of ${buffer.size}`);
    this.post('write', [buffer, data.slice(), offset]);
  }

  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void {
    const batch = gatherRows(buffer, source, indices, start, count, rowLength);
    this.worker.postMessage({ op: 'write', args: [encode(buffer), batch, 0] }, [batch.buffer]);
  }

  read(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    const out = new SharedArrayBuffer(Math.max(1, length) * 4);
    this.call('read', [buffer, length, offset], { out });
    return new Float32Array(out, 0, length).slice();
  }

  copy(source: DeviceBuffer, target: DeviceBuffer, length: number): void {
    this.post('copy', [source, target, length]);
  }

  matMul(spec: MatMulSpec): void {
    this.post('matMul', [spec]);
  }

  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void {
    this.post('activation', [name, x, rows, cols]);
  }

  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void {
    this.post('activationGrad', [name, y, d, rows, cols]);
  }

  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void {
    this.post('columnSums', [x, rows, cols, out]);
  }

  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): number {
    return this.call('loss', [kind, pred, target, rows, cols, grad, activation, scale, weights ?? null]);
  }

  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): number {
    return this.call('metric', [kind, pred, target, rows, cols, weights ?? null]);
  }

  elementwise(op: ElementwiseOp, a: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, n: number, alpha: number, accumulate: boolean): void {
    this.post('elementwise', [op, a, b, out, n, alpha, accumulate]);
  }

  copyBlock(spec: BlockCopy): void {
    this.post('copyBlock', [spec]);
  }

  maximumGrad(dy: DeviceBuffer, x: DeviceBuffer, y: DeviceBuffer, taken: DeviceBuffer, dx: DeviceBuffer | null, n: number, accumulate: boolean): void {
    this.post('maximumGrad', [dy, x, y, taken, dx, n, accumulate]);
  }

  l1l2Penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): number {
    return this.call('l1l2Penalty', [x, grad, n, l1, l2, gradScale]);
  }

  channelMoments(x: DeviceBuffer, layout: ChannelLayout, mean: DeviceBuffer, variance: DeviceBuffer): void {
    this.post('channelMoments', [x, layout, mean, variance]);
  }

  batchNormForward(spec: BatchNormForward): void {
    this.post('batchNormForward', [spec]);
  }

  batchNormBackward(spec: BatchNormBackward): void {
    this.post('batchNormBackward', [spec]);
  }

  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void {
    this.post('update', [rule, param, grad, slots]);
  }

  memoryBytes(): number {
    return this.live.bytes;
  }

  /** Waits until the worker has run everything posted so far. */
  sync(): void {
    this.call('sync', []);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
