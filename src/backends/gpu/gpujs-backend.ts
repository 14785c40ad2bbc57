// The Backend on this thread over gpu.js: each method queues the kernels of kernels/*.ts through
// the runtime and assigns their results to its buffers; losses come from the loss registry's GPU
// plans and update rules from UPDATE_PLANS, so neither needs a switch here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ValueError } from '../../errors.js';
import type { ActivationName, Backend, BatchNormBackward, BatchNormForward, BlockCopy, ChannelLayout, DeviceBuffer, ElementKind, ElementwiseOp, LossKind, MatMulSpec, MetricKind, UpdateRule } from '../backend.js';
import { ACTIVATION_CODES, ELEMENTWISE_CODES } from '../backend.js';
import { lossDescriptor } from '../loss-registry.js';
import type { KernelDef } from './kernels/types.js';
import * as elementwise from './kernels/elementwise.js';
import * as graph from './kernels/graph.js';
import * as losses from './kernels/losses.js';
import * as matmul from './kernels/matmul.js';
import * as normalization from './kernels/normalization.js';
import * as optimizers from './kernels/optimizers.js';
import * as reductions from './kernels/reductions.js';
import type { GpuRuntime } from './runtime.js';

/** The KernelDefs a kernels module exports (its other exports are plans and helpers). */
function kernelsOf(module: Record<string, unknown>): KernelDef[] {
  return Object.values(module).filter((v): v is KernelDef => typeof v === 'object' && v !== null && 'fn' in v && 'args' in v);
}

/**
 * The kernels built at start on WebGPU, where a kernel not built before use fails (see
 * GpuRuntime.start): every kernel of every module, so a kernel file's new kernel is never missed.
 */
export function warmUpKernels(): KernelDef[] {
  return [elementwise, matmul, reductions, losses, optimizers, graph, normalization].flatMap((m) => kernelsOf(m as unknown as Record<string, unknown>));
}

/** The metrics with kernels of their own; any other metric is a loss. */
const ACCURACY_KERNELS = new Map<MetricKind, KernelDef>([
  ['sparse_categorical_accuracy', reductions.sparseAccuracyRows],
  ['categorical_accuracy', reductions.categoricalAccuracyRows],
  ['binary_accuracy', reductions.binaryAccuracyRows],
]);

export class GpuJsBackend implements Backend {
  readonly isReady = true;

  constructor(
    readonly name: string,
    private readonly gpu: GpuRuntime,
  ) {}

  ready(): Promise<void> {
    return Promise.resolve();
  }

  /** WebGPU: values come back only through readAsync/lossAsync/metricAsync. */
  get asyncReadback(): boolean {
    return this.gpu.mode === 'webgpu';
  }

  alloc(size: number, kind: ElementKind = 'f32'): DeviceBuffer {
    return this.gpu.alloc(size, kind);
  }

  free(buffer: DeviceBuffer): void {
    this.gpu.free(buffer);
  }

  write(buffer: DeviceBuffer, data: Float32Array | Int32Array, offset = 0): void {
    this.gpu.write(buffer, data, offset);
  }

  writeRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): void {
    this.gpu.writeRows(buffer, source, indices, start, count, rowLength);
  }

  read(buffer: DeviceBuffer, length = buffer.size, offset = 0): Float32Array {
    return this.gpu.read(buffer, length, offset);
  }

  readAsync(buffer: DeviceBuffer, length = buffer.size, offset = 0): Promise<Float32Array> {
    return this.gpu.readAsync(buffer, length, offset);
  }

  memoryBytes(): number {
    return this.gpu.memoryBytes();
  }

  copy(source: DeviceBuffer, target: DeviceBuffer, length: number): void {
    this.gpu.assign(target, this.gpu.run(elementwise.copyPrefix, target.size, this.gpu.handle(source), this.gpu.handle(target), length), target.size);
  }

  matMul(spec: MatMulSpec): void {
    const { m, n, k } = spec;
    const transA = spec.transA ?? false;
    const transB = spec.transB ?? false;
    const def = transA ? (transB ? matmul.matMulTT : matmul.matMulTN) : transB ? matmul.matMulNT : matmul.matMulNN;
    const act = spec.activation ?? 'linear';
    const out = this.gpu.run(
      def, [m, n],
      this.gpu.handle(spec.a), this.gpu.handle(spec.b), this.gpu.handle(spec.accumulate ? spec.c : null), this.gpu.handle(spec.bias),
      m, n, k, spec.accumulate ? 1 : 0, spec.bias ? 1 : 0, act === 'softmax' ? 0 : ACTIVATION_CODES[act],
    );
    if (act === 'softmax') this.gpu.assign(spec.c, this.softmax(out, m, n, true), m * n);
    else this.gpu.assign(spec.c, out, m * n);
  }

  private softmax(x: any, rows: number, cols: number, consume: boolean): any {
    const rmax = this.gpu.run(elementwise.rowMax, rows, x, cols);
    const rsum = this.gpu.run(elementwise.rowExpSum, rows, x, rmax, cols);
    const y = this.gpu.run(elementwise.softmaxApply, [rows, cols], x, rmax, rsum, cols);
    this.gpu.release(rmax);
    this.gpu.release(rsum);
    if (consume) this.gpu.release(x);
    return y;
  }

  activation(name: ActivationName, x: DeviceBuffer, rows: number, cols: number): void {
    if (name === 'linear') return;
    const out = name === 'softmax' ? this.softmax(this.gpu.handle(x), rows, cols, false) : this.gpu.run(elementwise.activate, rows * cols, this.gpu.handle(x), ACTIVATION_CODES[name]);
    this.gpu.assign(x, out, rows * cols);
  }

  /** d·act'(z) given y = act(z), as a new handle ('linear': `d` itself); `d` is left as it is. */
  private activationGradHandle(name: ActivationName, y: any, d: any, rows: number, cols: number): any {
    if (name === 'linear') return d;
    if (name !== 'softmax') return this.gpu.run(elementwise.activateGrad, rows * cols, y, d, ACTIVATION_CODES[name]);
    const dot = this.gpu.run(elementwise.rowDot, rows, y, d, cols);
    const out = this.gpu.run(elementwise.softmaxGrad, [rows, cols], y, d, dot, cols);
    this.gpu.release(dot);
    return out;
  }

  activationGrad(name: ActivationName, y: DeviceBuffer, d: DeviceBuffer, rows: number, cols: number): void {
    if (name === 'linear') return;
    this.gpu.assign(d, this.activationGradHandle(name, this.gpu.handle(y), this.gpu.handle(d), rows, cols), rows * cols);
  }

  columnSums(x: DeviceBuffer, rows: number, cols: number, out: DeviceBuffer): void {
    this.gpu.assign(out, this.gpu.run(reductions.columnSums, cols, this.gpu.handle(x), rows, cols), cols);
  }

  /** Each per-row value times its sample weight, consuming `perRow`; `perRow` itself when unweighted. */
  private weighRows(perRow: any, weights: DeviceBuffer | null | undefined, rows: number): any {
    if (!weights) return perRow;
    const weighed = this.gpu.run(losses.weightRows, rows, perRow, this.gpu.handle(weights));
    this.gpu.release(perRow);
    return weighed;
  }

  /** Queues the loss kernels and the gradient; returns the handle of per-row losses. */
  private lossRows(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): any {
    const p = this.gpu.handle(pred);
    const { rows: perRow, grad: planGrad } = lossDescriptor(kind).gpu(this.gpu.queue, p, this.gpu.handle(target), rows, cols, grad ? scale : null);
    if (grad && planGrad) {
      let lossGrad = planGrad;
      if (weights) {
        lossGrad = this.gpu.run(losses.weightGradRows, [rows, cols], planGrad, this.gpu.handle(weights), cols);
        this.gpu.release(planGrad);
      }
      const outputGrad = this.activationGradHandle(activation, p, lossGrad, rows, cols);
      if (outputGrad !== lossGrad) this.gpu.release(lossGrad);
      this.gpu.assign(grad, outputGrad, rows * cols);
    }
    return this.weighRows(perRow, weights, rows);
  }

  loss(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): number {
    return this.gpu.sumRows(this.lossRows(kind, pred, target, rows, cols, grad, activation, scale, weights), rows);
  }

  /** `loss` for every mode, WebGPU included: the gradient is dispatched at once, the sum awaited. */
  lossAsync(kind: LossKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number, weights?: DeviceBuffer | null): Promise<number> {
    return this.gpu.sumRowsAsync(this.lossRows(kind, pred, target, rows, cols, grad, activation, scale, weights), rows);
  }

  /** Queues an accuracy kernel, or a loss used as a metric; returns the handle of per-row values. */
  private metricRows(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): any {
    const def = ACCURACY_KERNELS.get(kind);
    if (!def) return this.lossRows(kind as LossKind, pred, target, rows, cols, null, 'linear', 1, weights);
    return this.weighRows(this.gpu.run(def, rows, this.gpu.handle(pred), this.gpu.handle(target), cols), weights, rows);
  }

  metric(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): number {
    return this.gpu.sumRows(this.metricRows(kind, pred, target, rows, cols, weights), rows);
  }

  /** `metric` for every mode, WebGPU included. */
  metricAsync(kind: MetricKind, pred: DeviceBuffer, target: DeviceBuffer, rows: number, cols: number, weights?: DeviceBuffer | null): Promise<number> {
    return this.gpu.sumRowsAsync(this.metricRows(kind, pred, target, rows, cols, weights), rows);
  }

  elementwise(op: ElementwiseOp, a: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, n: number, alpha: number, accumulate: boolean): void {
    const handle = this.gpu.run(graph.elementwise, out.size, this.gpu.handle(a), this.gpu.handle(b), this.gpu.handle(out), n, ELEMENTWISE_CODES[op], alpha, accumulate ? 1 : 0);
    this.gpu.assign(out, handle, out.size);
  }

  copyBlock(s: BlockCopy): void {
    const handle = this.gpu.run(graph.copyBlock, s.dst.size, this.gpu.handle(s.src), this.gpu.handle(s.dst), s.srcStride, s.srcOffset, s.dstStride, s.dstOffset, s.rows, s.cols, s.accumulate ? 1 : 0);
    this.gpu.assign(s.dst, handle, s.dst.size);
  }

  maximumGrad(dy: DeviceBuffer, x: DeviceBuffer, y: DeviceBuffer, taken: DeviceBuffer, dx: DeviceBuffer | null, n: number, accumulate: boolean): void {
    const { gpu } = this;
    if (dx) gpu.assign(dx, gpu.run(graph.maximumGrad, dx.size, gpu.handle(dy), gpu.handle(x), gpu.handle(y), gpu.handle(taken), gpu.handle(dx), n, accumulate ? 1 : 0), dx.size);
    gpu.assign(taken, gpu.run(graph.maximumTaken, taken.size, gpu.handle(x), gpu.handle(y), gpu.handle(taken), n), taken.size);
  }

  /** Queues the penalty's gradient (when wanted) and returns the handle of per-element terms. */
  private l1l2Terms(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): any {
    const terms = this.gpu.run(graph.l1l2Terms, n, this.gpu.handle(x), l1, l2);
    if (grad) this.gpu.assign(grad, this.gpu.run(graph.l1l2Grad, grad.size, this.gpu.handle(x), this.gpu.handle(grad), n, l1, l2, gradScale), grad.size);
    return terms;
  }

  l1l2Penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): number {
    return this.gpu.sumRows(this.l1l2Terms(x, grad, n, l1, l2, gradScale), n);
  }

  l1l2PenaltyAsync(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): Promise<number> {
    return this.gpu.sumRowsAsync(this.l1l2Terms(x, grad, n, l1, l2, gradScale), n);
  }

  channelMoments(x: DeviceBuffer, l: ChannelLayout, mean: DeviceBuffer, variance: DeviceBuffer): void {
    const count = l.outer * l.inner;
    const none = this.gpu.handle(null);
    const means = this.gpu.run(normalization.channelSums, l.channels, this.gpu.handle(x), none, none, none, l.outer, l.channels, l.inner, 0, count, 0);
    const variances = this.gpu.run(normalization.channelSums, l.channels, this.gpu.handle(x), none, means, none, l.outer, l.channels, l.inner, 1, count, 0);
    this.gpu.assign(mean, means, l.channels);
    this.gpu.assign(variance, variances, l.channels);
  }

  batchNormForward(s: BatchNormForward): void {
    const n = s.outer * s.channels * s.inner;
    const [x, mean, variance, gamma, beta] = [s.x, s.mean, s.variance, s.gamma, s.beta].map((b) => this.gpu.handle(b));
    this.gpu.assign(s.y, this.gpu.run(normalization.batchNormForward, n, x, mean, variance, gamma, beta, s.channels, s.inner, s.epsilon, s.gamma ? 1 : 0, s.beta ? 1 : 0), n);
  }

  batchNormBackward(s: BatchNormBackward): void {
    const n = s.outer * s.channels * s.inner;
    const count = s.outer * s.inner;
    const [dy, x, mean, variance, none] = [s.dy, s.x, s.mean, s.variance, null].map((b) => this.gpu.handle(b));
    const sumDy = this.gpu.run(normalization.channelSums, s.channels, dy, none, none, none, s.outer, s.channels, s.inner, 0, 1, 0);
    const sumDyXhat = this.gpu.run(normalization.channelSums, s.channels, x, dy, mean, variance, s.outer, s.channels, s.inner, 2, 1, s.epsilon);
    if (s.dx) {
      const coefficients = this.gpu.run(normalization.batchNormGradCoefficients, 3 * s.channels, mean, variance, this.gpu.handle(s.gamma), sumDy, sumDyXhat,
        s.channels, count, s.epsilon, s.gamma ? 1 : 0, s.throughStats ? 1 : 0);
      const dx = this.gpu.run(normalization.batchNormGradInput, s.dx.size, dy, x, coefficients, this.gpu.handle(s.dx), n, s.channels, s.inner, s.accumulate ? 1 : 0);
      this.gpu.release(coefficients);
      this.gpu.assign(s.dx, dx, s.dx.size);
    }
    if (s.dbeta) this.gpu.assign(s.dbeta, sumDy, s.channels);
    else this.gpu.release(sumDy);
    if (s.dgamma) this.gpu.assign(s.dgamma, sumDyXhat, s.channels);
    else this.gpu.release(sumDyXhat);
  }

  update(rule: UpdateRule, param: DeviceBuffer, grad: DeviceBuffer, slots: readonly DeviceBuffer[]): void {
    const plan = optimizers.UPDATE_PLANS[rule.kernel];
    if (!plan) throw new ValueError(`update(rule.kernel): the GPU backend has no gpu.js form of ${JSON.stringify(rule.kernel)} (kernels/optimizers.ts UPDATE_PLANS)`);
    const n = param.size;
    for (const { writes, kernel, args } of plan([param, grad, ...slots], rule.scalars)) {
      this.gpu.assign(writes, this.gpu.run(kernel, n, ...args.map((a) => (typeof a === 'number' ? a : this.gpu.handle(a)))), n);
    }
  }
}
