import type { ActivationName, Backend, DeviceBuffer, LossKind, MetricKind } from '../backends/backend.js';
import type { Layer, Parameter } from '../layers/layer.js';
import { sizeOfShape } from '../layers/layer.js';
import { StateError } from '../errors.js';

/** Loss and metric sums over the rows of one batch. */
export interface BatchSums {
  loss: number;
  metrics: number[];
}

type Sum = number | Promise<number>;

/**
 * The sums as values where the backend read them synchronously, else one Promise for all of them;
 * callers `await` either, so a synchronous backend's step allocates no Promise of its own.
 */
function settle(loss: Sum, metrics: Sum[]): BatchSums | Promise<BatchSums> {
  if (typeof loss === 'number' && metrics.every((m) => typeof m === 'number')) return { loss, metrics: metrics as number[] };
  return Promise.all([loss, ...metrics]).then(([l, ...m]) => ({ loss: l!, metrics: m }));
}

/** A result the caller knows is synchronous (its backend has no asyncReadback: the estimators' core). */
export function synchronously<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new StateError('Executor: this caller needs a backend that reads back synchronously');
  return value;
}

/**
 * Runs the computing layers of a model over batches of up to `capacity` rows. It owns the batch's
 * buffers in backend memory (input, target, every layer's output and output gradient), allocated
 * once and reused for every batch, so a training step allocates nothing.
 */
export class Executor {
  readonly input: DeviceBuffer;
  readonly target: DeviceBuffer | null;
  private readonly outputs: DeviceBuffer[];
  private readonly grads: DeviceBuffer[];
  private readonly sizes: number[];

  constructor(
    private readonly backend: Backend,
    private readonly layers: readonly Layer[],
    readonly inputSize: number,
    readonly capacity: number,
    target: { cols: number; integer: boolean } | null,
    training: boolean,
  ) {
    this.sizes = layers.map((l) => sizeOfShape(l.computeOutputShape(l.inputShape!)));
    this.input = backend.alloc(capacity * inputSize);
    this.target = target ? backend.alloc(capacity * target.cols, target.integer ? 'i32' : 'f32') : null;
    this.outputs = this.sizes.map((s) => backend.alloc(capacity * s));
    this.grads = training ? this.sizes.map((s) => backend.alloc(capacity * s)) : [];
  }

  get outputSize(): number {
    return this.sizes.length ? this.sizes[this.sizes.length - 1]! : this.inputSize;
  }

  /** Forward pass over the rows already written to `input`; returns the output buffer. */
  forward(rows: number, training: boolean): DeviceBuffer {
    let x = this.input;
    this.layers.forEach((layer, i) => {
      layer.forward(x, this.outputs[i]!, rows, training);
      x = this.outputs[i]!;
    });
    return x;
  }

  // Backends whose values come back asynchronously (WebGPU in a browser) dispatch the loss and metric
  // kernels at once and resolve their sums later; the others return numbers.
  private lossSum(kind: LossKind, out: DeviceBuffer, rows: number, grad: DeviceBuffer | null, activation: ActivationName, scale: number): Sum {
    const b = this.backend;
    return b.asyncReadback ? b.lossAsync!(kind, out, this.target!, rows, this.outputSize, grad, activation, scale) : b.loss(kind, out, this.target!, rows, this.outputSize, grad, activation, scale);
  }

  private metricSum(kind: MetricKind, out: DeviceBuffer, rows: number): Sum {
    const b = this.backend;
    return b.asyncReadback ? b.metricAsync!(kind, out, this.target!, rows, this.outputSize) : b.metric(kind, out, this.target!, rows, this.outputSize);
  }

  /** Loss and metric sums of the current output against the target rows, without gradients. */
  measure(rows: number, loss: LossKind, metrics: readonly MetricKind[]): BatchSums | Promise<BatchSums> {
    const out = this.outputs[this.outputs.length - 1] ?? this.input;
    return settle(this.lossSum(loss, out, rows, null, 'linear', 1), metrics.map((m) => this.metricSum(m, out, rows)));
  }

  /**
   * One training step's forward and backward: the loss kernel writes ∂(mean loss)/∂z of the last
   * layer with its activation's backward fused, then each layer fills its parameter gradients and
   * the gradient of its input. Metrics are taken on the same forward pass, before the update.
   */
  forwardBackward(rows: number, loss: LossKind, metrics: readonly MetricKind[]): BatchSums | Promise<BatchSums> {
    const out = this.forward(rows, true);
    const last = this.layers.length - 1;
    const lossSum = this.lossSum(loss, out, rows, this.grads[last]!, this.layers[last]!.outputActivation, 1 / rows);
    const metricSums = metrics.map((m) => this.metricSum(m, out, rows));
    for (let i = last; i >= 0; i--) {
      const x = i === 0 ? this.input : this.outputs[i - 1]!;
      const dx = i === 0 ? null : this.grads[i - 1]!;
      this.layers[i]!.backward(x, this.outputs[i]!, this.grads[i]!, dx, rows, i === last);
    }
    return settle(lossSum, metricSums);
  }

  /** Copies `rows` output rows back to JavaScript. */
  readOutput(rows: number): Float32Array | Promise<Float32Array> {
    const out = this.outputs[this.outputs.length - 1] ?? this.input;
    const b = this.backend;
    return b.asyncReadback ? b.readAsync!(out, rows * this.outputSize) : b.read(out, rows * this.outputSize);
  }

  trainableParams(): Parameter[] {
    return this.layers.flatMap((l) => [...l.trainableWeights]);
  }

  dispose(): void {
    for (const b of [this.input, ...(this.target ? [this.target] : []), ...this.outputs, ...this.grads]) this.backend.free(b);
  }
}
