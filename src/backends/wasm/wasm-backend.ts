import { StateError, ValueError } from '../../errors.js';
import { ACTIVATION_CODES } from '../backend.js';
import type { ActivationName, Backend, DeviceBuffer, ElementKind, LossKind, MatMulSpec, MetricKind, UpdateRule } from '../backend.js';
import { instantiateCore } from './loader.js';
import type { CoreExports, WasmSource } from './loader.js';

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

/** The default backend: every kernel is one call into the AssemblyScript core. */
export class WasmBackend implements Backend {
  readonly name = 'wasm';
  private core: CoreExports | null = null;
  private loading: Promise<void> | null = null;
  private source: WasmSource | undefined;

  /** Chooses where the module comes from before it is first loaded (see `ready(source)`). */
  setSource(source: WasmSource | undefined): void {
    if (this.core && source !== undefined) throw new StateError('ready(source): the Wasm core is already loaded; pass the source on the first call');
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
      this.loading = instantiateCore(this.source).then(
        (core) => {
          this.core = core;
        },
        (error: unknown) => {
          this.loading = null;
          throw error;
        },
      );
    }
    return this.loading;
  }

  private get c(): CoreExports {
    if (!this.core) throw new StateError('Wasm backend: the core is not loaded yet; await ready() first');
    return this.core;
  }

  // Views are re-derived on every access because memory growth detaches the old ArrayBuffer.
  private f32(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    return new Float32Array(this.c.memory.buffer, ptr(buffer) + offset * 4, length);
  }

  private i32(buffer: DeviceBuffer, length = buffer.size, offset = 0): Int32Array {
    return new Int32Array(this.c.memory.buffer, ptr(buffer) + offset * 4, length);
  }

  alloc(size: number, kind: ElementKind = 'f32'): DeviceBuffer {
    const p = this.c.alloc(Math.max(1, size) * 4);
    if (!p) throw new StateError(`Wasm backend: out of memory allocating ${size} elements`);
    const buffer = new WasmBuffer(p, size, kind);
    this.f32(buffer).fill(0);
    return buffer;
  }

  free(buffer: DeviceBuffer): void {
    const b = buffer as WasmBuffer;
    if (b.freed) return;
    this.c.free(b.ptr);
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

  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void {
    this.c.applyActivation(ACTIVATION_CODES[name], ptr(x), rows, cols);
  }

  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void {
    this.c.activationBackward(ACTIVATION_CODES[name], ptr(y), ptr(d), rows, cols);
  }

  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void {
    this.c.columnSums(ptr(x), rows, cols, ptr(out));
  }

  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number): number {
    const args = [ptr(pred), ptr(target), rows, cols, ptr(grad), ACTIVATION_CODES[activation], scale] as const;
    switch (kind) {
      case 'sparse_categorical_crossentropy':
        return this.c.sparseCategoricalCrossentropy(...args);
      case 'categorical_crossentropy':
        return this.c.categoricalCrossentropy(...args);
      case 'binary_crossentropy':
        return this.c.binaryCrossentropy(...args);
      case 'mean_squared_error':
        return this.c.meanSquaredError(...args);
      case 'mean_absolute_error':
        return this.c.meanAbsoluteError(...args);
    }
  }

  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number): number {
    switch (kind) {
      case 'sparse_categorical_accuracy':
        return this.c.sparseCategoricalAccuracy(ptr(pred), ptr(target), rows, cols);
      case 'categorical_accuracy':
        return this.c.categoricalAccuracy(ptr(pred), ptr(target), rows, cols);
      case 'binary_accuracy':
        return this.c.binaryAccuracy(ptr(pred), ptr(target), rows, cols);
      default:
        return this.loss(kind, pred, target, rows, cols, null, 'linear', 1);
    }
  }

  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void {
    const w = ptr(param);
    const g = ptr(grad);
    const n = param.size;
    switch (rule.kind) {
      case 'sgd':
        return this.c.sgdUpdate(w, g, n, rule.learningRate);
      case 'momentum':
        return this.c.momentumUpdate(w, g, ptr(slots[0]), n, rule.learningRate, rule.momentum, rule.nesterov ? 1 : 0);
      case 'rmsprop':
        return this.c.rmspropUpdate(w, g, ptr(slots[0]), ptr(slots[1]), ptr(slots[2]), n, rule.learningRate, rule.rho, rule.momentum, rule.epsilon, rule.centered ? 1 : 0);
      case 'adam':
        return this.c.adamUpdate(w, g, ptr(slots[0]), ptr(slots[1]), n, rule.learningRate, rule.beta1, rule.beta2, rule.epsilon, rule.c1, rule.c2);
      case 'adagrad':
        return this.c.adagradUpdate(w, g, ptr(slots[0]), n, rule.learningRate, rule.epsilon);
    }
  }

  firstNonFinite(x: DeviceBuffer, n: number): number {
    return this.c.firstNonFinite(ptr(x), n);
  }

  memoryBytes(): number {
    return this.c.memoryBytes();
  }
}
