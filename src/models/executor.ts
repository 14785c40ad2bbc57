import type { Backend, DeviceBuffer, LossKind, MetricKind } from '../backends/backend.js';
import type { Layer, Parameter } from '../layers/layer.js';
import { sizeOfShape } from '../layers/layer.js';

/** Loss and metric sums over the rows of one batch. */
export interface BatchSums {
  loss: number;
  metrics: number[];
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

  /** Loss and metric sums of the current output against the target rows, without gradients. */
  measure(rows: number, loss: LossKind, metrics: readonly MetricKind[]): BatchSums {
    const out = this.outputs[this.outputs.length - 1] ?? this.input;
    const cols = this.outputSize;
    return {
      loss: this.backend.loss(loss, out, this.target!, rows, cols, null, 'linear', 1),
      metrics: metrics.map((m) => this.backend.metric(m, out, this.target!, rows, cols)),
    };
  }

  /**
   * One training step's forward and backward: the loss kernel writes ∂(mean loss)/∂z of the last
   * layer with its activation's backward fused, then each layer fills its parameter gradients and
   * the gradient of its input. Metrics are taken on the same forward pass, before the update.
   */
  forwardBackward(rows: number, loss: LossKind, metrics: readonly MetricKind[]): BatchSums {
    const out = this.forward(rows, true);
    const last = this.layers.length - 1;
    const cols = this.outputSize;
    const lossSum = this.backend.loss(loss, out, this.target!, rows, cols, this.grads[last]!, this.layers[last]!.outputActivation, 1 / rows);
    const metricSums = metrics.map((m) => this.backend.metric(m, out, this.target!, rows, cols));
    for (let i = last; i >= 0; i--) {
      const x = i === 0 ? this.input : this.outputs[i - 1]!;
      const dx = i === 0 ? null : this.grads[i - 1]!;
      this.layers[i]!.backward(x, this.outputs[i]!, this.grads[i]!, dx, rows, i === last);
    }
    return { loss: lossSum, metrics: metricSums };
  }

  /** Copies `rows` output rows back to JavaScript. */
  readOutput(rows: number): Float32Array {
    const out = this.outputs[this.outputs.length - 1] ?? this.input;
    return this.backend.read(out, rows * this.outputSize);
  }

  trainableParams(): Parameter[] {
    return this.layers.flatMap((l) => [...l.trainableWeights]);
  }

  dispose(): void {
    for (const b of [this.input, ...(this.target ? [this.target] : []), ...this.outputs, ...this.grads]) this.backend.free(b);
  }
}
