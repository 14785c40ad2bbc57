/**
 * The kernels a training step needs, and nothing else. Layers and models talk only to this
 * interface; the Wasm core implements it, and a GPU backend can implement it with the same
 * semantics. Buffers are opaque handles to backend-owned memory holding f32 or i32 elements.
 */
import type { LossKind } from './loss-registry.js';

import { ACTIVATION_CODES, ELEMENTWISE_CODES } from './wasm/boundary.generated.js';

// The codes are the Wasm core's (assembly/activations.ts Activation, assembly/elementwise.ts
// ElementwiseOp), generated into boundary.generated.ts; the GPU backend passes the same codes.
export { ACTIVATION_CODES, ELEMENTWISE_CODES };

export type ActivationName = keyof typeof ACTIVATION_CODES;

/** The graph layers' elementwise ops. */
export type ElementwiseOp = keyof typeof ELEMENTWISE_CODES;

/** dst[r·dstStride + dstOffset + c] (+)= src[r·srcStride + srcOffset + c], r < rows, c < cols. */
export interface BlockCopy {
  src: DeviceBuffer;
  srcStride: number;
  srcOffset: number;
  dst: DeviceBuffer;
  dstStride: number;
  dstOffset: number;
  rows: number;
  cols: number;
  accumulate: boolean;
}

/**
 * A tensor read as [outer, channels, inner] (row-major): BatchNormalization's statistics of channel
 * c reduce over its outer·inner elements. Keras' axis −1 is inner = 1.
 */
export interface ChannelLayout {
  outer: number;
  channels: number;
  inner: number;
}

/** y = gamma·(x − mean)/√(variance + epsilon) + beta per channel; gamma, beta null when absent (scale or center off). */
export interface BatchNormForward extends ChannelLayout {
  x: DeviceBuffer;
  y: DeviceBuffer;
  mean: DeviceBuffer;
  variance: DeviceBuffer;
  gamma: DeviceBuffer | null;
  beta: DeviceBuffer | null;
  epsilon: number;
}

/**
 * BatchNormForward's gradient given dy: dbeta = Σ dy and dgamma = Σ dy·x̂ per channel where given,
 * and dx (+)= gamma/√(variance + ε)·(dy − mean(dy) − x̂·mean(dy·x̂)) when mean and variance are the
 * batch's own (`throughStats`), else gamma/√(variance + ε)·dy (the moving statistics are constants).
 */
export interface BatchNormBackward extends Omit<BatchNormForward, 'y' | 'beta'> {
  dy: DeviceBuffer;
  dgamma: DeviceBuffer | null;
  dbeta: DeviceBuffer | null;
  dx: DeviceBuffer | null;
  throughStats: boolean;
  accumulate: boolean;
}

/** A registered loss's Keras name (src/backends/loss-registry.ts). */
export type { LossKind };

export type MetricKind = 'sparse_categorical_accuracy' | 'categorical_accuracy' | 'binary_accuracy' | LossKind;

export type ElementKind = 'f32' | 'i32';

export interface DeviceBuffer {
  readonly size: number;
  readonly kind: ElementKind;
}

/**
 * The name of an optimizer kernel: assembly/optimizers.ts exports each rule as `<rule>Update`, and
 * the backends find a kernel by that name (the Wasm core's export, the gpu.js table in
 * gpu/kernels/optimizers.ts), so a new rule needs no switch here.
 */
export type UpdateKernelName = `${string}Update`;

/**
 * One optimizer step as data: the kernel, called as kernel(w, g, ...slots, n, ...scalars) with the
 * slots update() is given, and its scalar hyper-parameters in the kernel's order (flags as 0/1).
 */
export interface UpdateRule {
  readonly kernel: UpdateKernelName;
  readonly scalars: readonly number[];
}

/** C[m×n] = op(A)·op(B) (+C) (+bias) then activation; A is [m×k] or [k×m] when transA, etc. */
export interface MatMulSpec {
  m: number;
  n: number;
  k: number;
  a: DeviceBuffer;
  transA?: boolean;
  b: DeviceBuffer;
  transB?: boolean;
  c: DeviceBuffer;
  accumulate?: boolean;
  bias?: DeviceBuffer | null;
  activation?: ActivationName;
}

export interface Backend {
  readonly name: string;
  /** Loads whatever the backend needs (the Wasm module, a GPU device); idempotent. */
  ready(): Promise<void>;
  readonly isReady: boolean;
  /** Loads without an await where the runtime allows (the Wasm core in Node, Deno, Bun); false where `ready()` must be awaited. */
  readyNow?(): boolean;

  /** Details for getBackendInfo() (the GPU backend's mode and device), where there are any. */
  getBackendInfo?(): object;

  alloc(size: number, kind?: ElementKind): DeviceBuffer;
  free(buffer: DeviceBuffer): void;
  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset?: number): void;
  /** Copies rows `indices[start..start+count)` of `source` (rows of rowLength) into the buffer. */
  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void;
  read(buffer: DeviceBuffer, length?: number, offset?: number): Float32Array;
  copy(source: DeviceBuffer, target: DeviceBuffer, length: number): void;

  matMul(spec: MatMulSpec): void;
  /**
   * Two products neither of which reads what the other writes (a Dense layer's dW = xᵀ·dy and
   * dx = dy·Wᵀ): a backend with threads may compute them at once, each whole on its own thread.
   * Without it, the caller runs them one after the other; the results are the same either way.
   */
  matMulPair?(first: MatMulSpec, second: MatMulSpec): void;
  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void;
  /** d ← d·act'(z), given y = act(z): the activation's backward, in place on d. */
  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void;
  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void;
  /**
   * Sum over rows of the per-sample loss. When `grad` is given it receives scale·∂loss/∂z, with the
   * output activation's backward already applied (the fused softmax/sigmoid cross-entropy path).
   * `weights` (one f32 per row; absent or null: all 1) are Keras' sample weights: the sum is
   * Σ w_r·loss_r and gradient row r is scaled by w_r.
   */
  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): number;
  /** Sum over rows of the per-sample metric, each row times its weight where `weights` is given. */
  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): number;
  /**
   * out[i] = (accumulate ? out[i] : 0) + alpha·op(a[i], b[i]) for i < n ('copy' ignores b); out
   * may be a or b. The merges, Dropout and gradient accumulation are made of it.
   */
  elementwise(op: ElementwiseOp, a: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, n: number, alpha: number, accumulate: boolean): void;
  /** A block of rows×cols elements between two row-major buffers (Concatenate). */
  copyBlock(spec: BlockCopy): void;
  /**
   * Maximum's gradient for one input: dx (+)= dy where x = y and `taken` (zeroed before the first
   * input) is 0, which it then sets: ties go to the earlier input, as in TensorFlow.
   */
  maximumGrad(dy: DeviceBuffer, x: DeviceBuffer, y: DeviceBuffer, taken: DeviceBuffer, dx: DeviceBuffer | null, n: number, accumulate: boolean): void;
  /** Σ l1·|x| + l2·x² over n elements; adds gradScale·(l1·sign(x) + 2·l2·x) to grad when given. */
  l1l2Penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): number;
  /** Each channel's mean and biased variance (divided by the count, as tf.nn.moments). */
  channelMoments(x: DeviceBuffer, layout: ChannelLayout, mean: DeviceBuffer, variance: DeviceBuffer): void;
  batchNormForward(spec: BatchNormForward): void;
  batchNormBackward(spec: BatchNormBackward): void;
  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void;
  /** Bytes of memory the backend holds (Wasm linear memory size), for leak checks. */
  memoryBytes(): number;

  /**
   * True where values can only come back asynchronously (WebGPU on a browser's main thread): read,
   * loss and metric then throw, and models use the *Async methods below, which every backend with
   * this flag must provide. Absent or false: the synchronous methods are used.
   */
  readonly asyncReadback?: boolean;
  /** `read` that resolves once the values are back; the work before it is dispatched at once. */
  readAsync?(buffer: DeviceBuffer, length?: number, offset?: number): Promise<Float32Array>;
  /** `loss` whose kernels (the gradient included) are dispatched at once; the sum is awaited. */
  lossAsync?(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): Promise<number>;
  /** `l1l2Penalty`, dispatched at once, its sum awaited. */
  l1l2PenaltyAsync?(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): Promise<number>;
  /** `metric`, dispatched at once, its sum awaited. */
  metricAsync?(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): Promise<number>;
}
