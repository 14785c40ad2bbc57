// The gpu.js runtime: one gpu.js instance in one mode, its compiled kernels, and the device buffers
// they read and write. Buffers stay on the GPU between steps (gpu.js `pipeline: true` with immutable
// outputs: each kernel returns a fresh texture or storage buffer that replaces the buffer's previous
// one); uploads go up, and only what is read comes back. Past its own upload and copy kernels it
// knows nothing of what kernels compute: gpujs-backend.ts maps the Backend's methods onto them.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { StateError, ValueError } from '../../errors.js';
import type { DeviceBuffer, ElementKind } from '../backend.js';
import { LiveBuffers, gatherRows } from './buffers.js';
import type { KernelDef, KernelQueue } from './kernels/types.js';
import { copyPrefix, splice, upload } from './kernels/elementwise.js';
import type { GpuMode } from './loader.js';

export class GpuBuffer implements DeviceBuffer {
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

/** A handle's values on every mode: WebGPU's toArray resolves later, the others' at once. */
async function valuesAsync(handle: any): Promise<Float32Array> {
  return flatten(typeof handle.toArray === 'function' ? await handle.toArray() : handle);
}

function sumFirst(values: Float32Array, count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += values[i]!;
  return total;
}

const USED_AFTER_FREE = 'GPU backend: buffer used after it was freed (was the model disposed?)';

export class GpuRuntime {
  private gpu: any;
  private readonly kernels = new Map<KernelDef, any>();
  /** The gpu.js argument type of a kernel's result, which 'Array' arguments are declared as. */
  private handleType = 'Array';
  /** GL modes: the prototype of a flat (1D) output texture. */
  private flatTexture: object | null = null;
  /** Stands in for an absent (null) buffer argument. */
  private placeholder: GpuBuffer | null = null;
  private readonly live = new LiveBuffers<{ handle: any }>((cell) => this.release(cell.handle));
  /** Adapter description where WebGPU exposes one. */
  adapter: string | undefined;
  /** The loss plans' access to the kernels (one object, so that a step allocates none). */
  readonly queue: KernelQueue = {
    run: (def, shape, ...args) => this.run(def, shape, ...args),
    release: (handle) => this.release(handle),
  };

  private constructor(
    private readonly gpujs: any,
    readonly mode: GpuMode,
  ) {
    this.gpu = new gpujs.GPU({ mode });
  }

  /**
   * A runtime on `mode`, its kernels' argument types found; on WebGPU, whose kernels build
   * asynchronously, `warmUp` is built now so that every later dispatch is synchronous.
   */
  static async start(gpujs: any, mode: GpuMode, warmUp: readonly KernelDef[]): Promise<GpuRuntime> {
    const runtime = new GpuRuntime(gpujs, mode);
    try {
      await runtime.prepare(warmUp);
    } catch (error) {
      runtime.destroy();
      throw error;
    }
    return runtime;
  }

  private async prepare(warmUp: readonly KernelDef[]): Promise<void> {
    if (this.mode === 'webgpu') {
      // gpu.js submits synchronously once a kernel is built, so building them all now keeps the
      // synchronous API usable.
      const probe = await this.kernel(upload)(new Float32Array([0]));
      this.handleType = this.gpujs.utils.getVariableType(probe, false);
      probe.delete?.();
      this.kernels.delete(upload);
      await this.build(warmUp);
      try {
        const ctx = await this.gpujs.WebGPUContext?.acquire?.();
        const info = ctx?.adapter?.info;
        if (info) this.adapter = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
      } catch {
        // informational only
      }
    } else {
      const probe = this.kernel(upload)(new Float32Array([0]));
      this.handleType = this.gpujs.utils.getVariableType(probe, false);
      if (this.mode !== 'cpu') this.flatTexture = Object.getPrototypeOf(probe);
      this.release(probe);
    }
    this.placeholder = this.alloc(1);
  }

  /** Runs every kernel once so WebGPU pipelines are compiled before the synchronous API is used. */
  private async build(defs: readonly KernelDef[]): Promise<void> {
    const up = this.kernel(upload);
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

  /** Releases every kernel and the gpu.js instance; kernels then fail as not ready. */
  destroy(): void {
    for (const k of this.kernels.values()) k.destroy?.();
    this.kernels.clear();
    try {
      this.gpu?.destroy?.();
    } catch {
      // ignore
    }
    this.gpu = null;
    this.placeholder = null;
    this.flatTexture = null;
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
  run(def: KernelDef, shape: number | [number, number], ...args: unknown[]): any {
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

  release(handle: any): void {
    if (handle && typeof handle.delete === 'function') handle.delete();
  }

  // ---- buffers -------------------------------------------------------------------------------

  /** The handle holding a buffer's values; a placeholder for an absent (null) buffer. */
  handle(buffer: DeviceBuffer | null | undefined): any {
    const b = (buffer ?? this.placeholder) as GpuBuffer;
    if (b.freed) throw new StateError(USED_AFTER_FREE);
    return b.handle;
  }

  /** Makes `handle` (holding `length` elements) the buffer's contents, keeping any tail beyond it. */
  assign(buffer: DeviceBuffer, handle: any, length: number): void {
    const b = buffer as GpuBuffer;
    if (b.freed) throw new StateError(USED_AFTER_FREE);
    let next = handle;
    if (length !== b.size) {
      next = this.run(copyPrefix, b.size, handle, b.handle, length);
      this.release(handle);
    }
    const old = b.handle;
    b.handle = next;
    this.release(old);
  }

  alloc(size: number, kind: ElementKind = 'f32'): GpuBuffer {
    const b = new GpuBuffer(size, kind);
    b.handle = this.run(upload, Math.max(1, size), new Float32Array(Math.max(1, size)));
    this.live.add(b, b.cell);
    return b;
  }

  free(buffer: DeviceBuffer): void {
    const b = buffer as GpuBuffer;
    if (b.freed) return;
    this.live.remove(b);
    this.release(b.handle);
    b.handle = null;
    b.freed = true;
  }

  /** Bytes of GPU memory held by live buffers (4 per element). */
  memoryBytes(): number {
    return this.live.bytes;
  }

  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset = 0): void {
    if (offset + data.length > buffer.size) {
      throw new ValueError(`GPU backend: writing ${data.length} elements at ${offset} overflows a buffer of ${buffer.size}`);
    }
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    if (offset === 0 && data.length === buffer.size) this.assign(buffer, this.run(upload, buffer.size, values), buffer.size);
    else this.assign(buffer, this.run(splice, buffer.size, this.handle(buffer), values, offset, data.length), buffer.size);
  }

  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void {
    this.write(buffer, gatherRows(buffer, source, indices, start, count, rowLength), 0);
  }

  // ---- readback ------------------------------------------------------------------------------

  private readHandle(handle: any, length: number, offset: number): Float32Array {
    if (this.mode === 'webgpu') {
      throw new StateError('GPU backend: synchronous reads are not available in WebGPU mode (readback is asynchronous); use readAsync()');
    }
    return flatten(typeof handle.toArray === 'function' ? handle.toArray() : handle).slice(offset, offset + length);
  }

  read(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    return this.readHandle(this.handle(buffer), length, offset);
  }

  /** Reads a buffer back on every mode, WebGPU included. */
  async readAsync(buffer: DeviceBuffer, length = buffer.size, offset = 0): Promise<Float32Array> {
    return (await valuesAsync(this.handle(buffer))).slice(offset, offset + length);
  }

  /** The sum of a handle's first `rows` values, which it releases. */
  sumRows(handle: any, rows: number): number {
    const values = this.readHandle(handle, rows, 0);
    this.release(handle);
    return sumFirst(values, rows);
  }

  /** `sumRows` on every mode, WebGPU included. */
  async sumRowsAsync(handle: any, rows: number): Promise<number> {
    const values = await valuesAsync(handle);
    this.release(handle);
    return sumFirst(values, rows);
  }

  /** Waits for queued GPU work (WebGPU); a no-op on synchronous modes. */
  async flush(): Promise<void> {
    if (this.mode === 'webgpu' && this.placeholder) await this.readAsync(this.placeholder, 1);
  }
}
