import type { ActivationName, Backend, DeviceBuffer, LossKind, MetricKind } from '../backends/backend.js';
import type { Layer, LayerCall, Parameter } from '../layers/layer.js';
import { sizeOfShape } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { StateError } from '../errors.js';
import type { Graph } from './graph.js';
import { inputShapes, parametersOf } from './graph.js';

/** What one model output is trained and measured with. */
export interface OutputHead {
  loss: LossKind;
  /** Keras' loss_weights entry: the weight of this output's loss in the total. */
  weight: number;
  metrics: readonly MetricKind[];
  /** Keras' weighted_metrics: taken with the batch's sample weights (their sums follow `metrics`'). */
  weightedMetrics?: readonly MetricKind[];
}

/**
 * Sums over the rows of one batch: the total loss (weighted, penalties included), each output's
 * loss, the metrics in head order (each head's metrics, then its weighted metrics).
 */
export interface BatchSums {
  loss: number;
  outputLosses: number[];
  metrics: number[];
}

type Sum = number | Promise<number>;

/**
 * The sums as values where the backend read them synchronously, else one Promise for all of them;
 * callers `await` either, so a synchronous backend's step allocates no Promise of its own.
 */
function settle(sums: Sum[]): number[] | Promise<number[]> {
  for (const s of sums) if (typeof s !== 'number') return Promise.all(sums);
  return sums as number[];
}

/** A result the caller knows is synchronous (its backend has no asyncReadback: the estimators' core). */
export function synchronously<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new StateError('Executor: this caller needs a backend that reads back synchronously');
  return value;
}

/** A tensor's rows in backend memory, shared by every layer that only renames it (Flatten, Reshape). */
interface Value {
  readonly buffer: DeviceBuffer;
  readonly size: number;
  grad: DeviceBuffer | null;
  /** The step that computes it; null for a model input. */
  producer: Step | null;
  /** Gradients written into `grad` so far while wiring (the losses', then one per reading call): the first overwrites. */
  writers: number;
}

type Call = { -readonly [K in keyof LayerCall]: LayerCall[K] } & { dInputs: (DeviceBuffer | null)[]; accumulate: boolean[] };

interface Step {
  readonly layer: Layer;
  readonly call: Call;
  readonly value: Value;
  readonly reads: readonly Value[];
}

interface Head {
  readonly value: Value;
  /** Where the loss writes its gradient: value.grad, or a buffer of its own added into it when another loss wrote first. */
  readonly grad: DeviceBuffer | null;
  readonly addInto: DeviceBuffer | null;
  /** The producing layer's activation when the loss applies its backward (fused cross-entropy), else linear. */
  fused: ActivationName;
}

/**
 * A layer graph compiled once for batches of up to `capacity` rows: a flat list of layer calls over
 * buffers allocated here (each tensor's rows and gradient, each model input and target) and reused
 * for every batch, so a training step allocates nothing and is a handful of backend calls.
 */
export class Executor {
  readonly inputs: readonly DeviceBuffer[];
  readonly targets: readonly (DeviceBuffer | null)[];
  /** One f32 sample weight per row for each output with targets, written by the batch loop as its targets are. */
  readonly sampleWeights: readonly (DeviceBuffer | null)[];
  readonly outputSizes: readonly number[];
  private readonly steps: Step[] = [];
  private readonly heads: Head[] = [];
  private readonly owned: DeviceBuffer[] = [];
  private readonly params: readonly Parameter[];
  private readonly regularized: readonly Parameter[];
  private readonly sums: Sum[] = [];

  constructor(
    private readonly backend: Backend,
    graph: Graph,
    readonly capacity: number,
    targets: readonly ({ cols: number; integer: boolean } | null)[] | null,
    training: boolean,
  ) {
    const alloc = (size: number, kind: 'f32' | 'i32' = 'f32'): DeviceBuffer => {
      const buffer = backend.alloc(capacity * size, kind);
      this.owned.push(buffer);
      return buffer;
    };
    const values = new Map<SymbolicTensor, Value>();
    const valueOf = (tensor: SymbolicTensor): Value => values.get(tensor)!;
    for (const input of graph.inputs) {
      const size = sizeOfShape(input.sampleShape);
      values.set(input, { buffer: alloc(size), size, grad: null, producer: null, writers: 0 });
    }
    for (const node of graph.nodes) {
      if (values.has(node.output)) continue;
      const layer = node.layer;
      if (layer.isIdentityWhen(training)) {
        values.set(node.output, valueOf(node.inputs[0]!));
        continue;
      }
      const shapes = inputShapes(node);
      const size = sizeOfShape(node.output.sampleShape);
      const scratch = layer.scratchSize(shapes);
      const reads = node.inputs.map(valueOf);
      const call: Call = {
        inputs: reads.map((v) => v.buffer), inputShapes: shapes, output: alloc(size), rows: 0, training,
        scratch: scratch > 0 ? alloc(scratch) : null, dOutput: null, dInputs: [], accumulate: [], activationDone: false, accumulateParams: false,
      };
      const value: Value = { buffer: call.output, size, grad: null, producer: null, writers: 0 };
      const step: Step = { layer, call, value, reads };
      value.producer = step;
      values.set(node.output, value);
      this.steps.push(step);
    }
    this.inputs = graph.inputs.map((t) => valueOf(t).buffer);
    const outputs = graph.outputs.map(valueOf);
    this.outputSizes = outputs.map((v) => v.size);
    this.targets = outputs.map((_, i) => {
      const target = targets?.[i];
      return target ? alloc(target.cols, target.integer ? 'i32' : 'f32') : null;
    });
    this.sampleWeights = this.targets.map((target) => (target ? alloc(1) : null));
    this.params = parametersOf(graph);
    this.regularized = this.params.filter((p) => p.regularizer);
    if (training) this.wireGradients(outputs, alloc);
    else for (const value of outputs) this.heads.push({ value, grad: null, addInto: null, fused: 'linear' });
  }

  /**
   * Gives every computed tensor a gradient buffer and fixes, once, who writes it first: the losses
   * of the outputs, then the layers reading it in backward order; later writers add into it. A loss
   * fuses its output layer's activation backward only where nothing else writes that gradient.
   */
  private wireGradients(outputs: readonly Value[], alloc: (size: number) => DeviceBuffer): void {
    const gradOf = (value: Value): DeviceBuffer => (value.grad ??= alloc(value.size));
    for (const value of outputs) {
      if (!value.producer) {
        // An output that is a model input: its loss has nothing to train.
        this.heads.push({ value, grad: null, addInto: null, fused: 'linear' });
        continue;
      }
      const first = value.writers++ === 0;
      this.heads.push({ value, grad: first ? gradOf(value) : alloc(value.size), addInto: first ? null : gradOf(value), fused: 'linear' });
    }
    const calledBack = new Set<Layer>();
    for (let s = this.steps.length - 1; s >= 0; s--) {
      const { call, reads, value, layer } = this.steps[s]!;
      // A shared layer's later calls (earlier in backward order) add into its parameters' gradients.
      call.accumulateParams = calledBack.has(layer);
      calledBack.add(layer);
      call.dOutput = gradOf(value);
      for (const read of reads) {
        call.dInputs.push(read.producer ? gradOf(read) : null);
        call.accumulate.push(read.producer ? read.writers++ > 0 : false);
      }
    }
    for (const head of this.heads) {
      const producer = head.value.producer;
      if (producer && head.value.writers === 1 && !producer.layer.activityRegularizer) {
        head.fused = producer.layer.outputActivation;
        producer.call.activationDone = true;
      }
    }
  }

  /** The forward pass over the rows already written to `inputs`. */
  forward(rows: number, training: boolean): void {
    for (const { layer, call } of this.steps) {
      call.rows = rows;
      call.training = training;
      layer.forward(call);
    }
  }

  // Backends whose values come back asynchronously (WebGPU in a browser) dispatch the kernels at
  // once and resolve their sums later; the others return numbers.
  private lossSum(kind: LossKind, head: Head, target: DeviceBuffer, rows: number, grad: DeviceBuffer | null, scale: number, weights: DeviceBuffer | null): Sum {
    const b = this.backend;
    const activation = grad ? head.fused : 'linear';
    return b.asyncReadback
      ? b.lossAsync!(kind, head.value.buffer, target, rows, head.value.size, grad, activation, scale, weights)
      : b.loss(kind, head.value.buffer, target, rows, head.value.size, grad, activation, scale, weights);
  }

  private metricSum(kind: MetricKind, head: Head, target: DeviceBuffer, rows: number, weights: DeviceBuffer | null): Sum {
    const b = this.backend;
    return b.asyncReadback ? b.metricAsync!(kind, head.value.buffer, target, rows, head.value.size, weights) : b.metric(kind, head.value.buffer, target, rows, head.value.size, weights);
  }

  private penalty(x: DeviceBuffer, grad: DeviceBuffer | null, n: number, l1: number, l2: number, gradScale: number): Sum {
    const b = this.backend;
    return b.asyncReadback ? b.l1l2PenaltyAsync!(x, grad, n, l1, l2, gradScale) : b.l1l2Penalty(x, grad, n, l1, l2, gradScale);
  }

  private targetAt(i: number): DeviceBuffer {
    const target = this.targets[i];
    if (!target) throw new StateError('Executor: this executor was compiled without targets');
    return target;
  }

  /**
   * Each output's loss (and gradient when training), then its metrics, into this.sums; the weight
   * penalties follow in assemble(). Where `weighted[i]`, output i's sampleWeights buffer holds this
   * batch's weights: its loss is Σ w·loss with the gradient of Σ w·loss / rows (Keras'
   * SUM_OVER_BATCH_SIZE divides by the batch size, not by Σ w), and its weighted metrics Σ w·metric.
   */
  private measureHeads(rows: number, heads: readonly OutputHead[], training: boolean, weighted: readonly boolean[]): void {
    // Plain loops: this runs every step, and closures here would allocate every step.
    for (let i = 0; i < heads.length; i++) {
      const spec = heads[i]!;
      const head = this.heads[i]!;
      const grad = training ? head.grad : null;
      this.sums.push(this.lossSum(spec.loss, head, this.targetAt(i), rows, grad, spec.weight / rows, weighted[i] ? this.sampleWeights[i] ?? null : null));
      if (grad && head.addInto) this.backend.elementwise('copy', grad, null, head.addInto, rows * head.value.size, 1, true);
    }
    for (let i = 0; i < heads.length; i++) {
      const spec = heads[i]!;
      for (const metric of spec.metrics) this.sums.push(this.metricSum(metric, this.heads[i]!, this.targetAt(i), rows, null));
      if (!spec.weightedMetrics) continue;
      for (const metric of spec.weightedMetrics) this.sums.push(this.metricSum(metric, this.heads[i]!, this.targetAt(i), rows, weighted[i] ? this.sampleWeights[i] ?? null : null));
    }
  }

  /** Keras' regularization losses of the weights: their penalty, and in training their gradient. */
  private weightPenalties(training: boolean): void {
    for (const p of this.regularized) {
      const { l1, l2 } = p.regularizer!;
      this.sums.push(this.penalty(p.value, training && p.trainable ? p.grad : null, p.size, l1, l2, 1));
    }
  }

  /**
   * Sums (rows·mean) into BatchSums: the total is Σ weight·loss + the activity penalties (their
   * batch mean times rows is their sum) + rows·the weight penalties, the loss Keras reports.
   */
  private assemble(values: number[], rows: number, heads: readonly OutputHead[], activities: number): BatchSums {
    let metricCount = 0;
    for (const h of heads) metricCount += h.metrics.length + (h.weightedMetrics?.length ?? 0);
    const outputLosses = values.slice(0, heads.length);
    const metrics = values.slice(heads.length, heads.length + metricCount);
    let loss = 0;
    for (let i = 0; i < heads.length; i++) loss += heads[i]!.weight * outputLosses[i]!;
    for (let i = heads.length + metricCount, k = 0; i < values.length; i++, k++) loss += k < activities ? values[i]! : rows * values[i]!;
    return { loss, outputLosses, metrics };
  }

  private finish(rows: number, heads: readonly OutputHead[], activities: number): BatchSums | Promise<BatchSums> {
    const settled = settle(this.sums.splice(0));
    return settled instanceof Promise ? settled.then((v) => this.assemble(v, rows, heads, activities)) : this.assemble(settled, rows, heads, activities);
  }

  /** Loss and metric sums of the current outputs against the target rows, without gradients. */
  measure(rows: number, heads: readonly OutputHead[], weighted: readonly boolean[] = []): BatchSums | Promise<BatchSums> {
    this.measureHeads(rows, heads, false, weighted);
    let activities = 0;
    for (const step of this.steps) if (this.activityPenalty(step, rows, false)) activities++;
    this.weightPenalties(false);
    return this.finish(rows, heads, activities);
  }

  /**
   * Keras' activity penalty of one call's output into `sums` (before the weight penalties), and in
   * training its gradient into the output's; false where the layer has none. Keras divides it by
   * the batch size: the batch's mean penalty times rows is the sum itself, and the gradient of the
   * mean scales by 1/rows.
   */
  private activityPenalty({ layer, call, value }: Step, rows: number, training: boolean): boolean {
    const r = layer.activityRegularizer;
    if (!r) return false;
    this.sums.push(this.penalty(call.output, training ? call.dOutput : null, rows * value.size, r.l1, r.l2, 1 / rows));
    return true;
  }

  /**
   * One training step's forward and backward: each loss kernel writes weight·∂(mean loss)/∂output
   * (with the output layer's activation backward fused where it can), the layers fill their
   * parameter gradients and their inputs' gradients in reverse order, then the penalties add theirs.
   * Metrics are taken on the same forward pass, before the update.
   */
  forwardBackward(rows: number, heads: readonly OutputHead[], weighted: readonly boolean[] = []): BatchSums | Promise<BatchSums> {
    this.forward(rows, true);
    this.measureHeads(rows, heads, true, weighted);
    let activities = 0;
    for (let s = this.steps.length - 1; s >= 0; s--) {
      const step = this.steps[s]!;
      // The output's gradient is complete here (every reader ran before): the penalty adds to it.
      if (this.activityPenalty(step, rows, true)) activities++;
      step.layer.backward(step.call);
    }
    this.weightPenalties(true);
    return this.finish(rows, heads, activities);
  }

  /** Copies `rows` rows of output `index` back to JavaScript. */
  readOutput(rows: number, index = 0): Float32Array | Promise<Float32Array> {
    const head = this.heads[index]!;
    const b = this.backend;
    const n = rows * head.value.size;
    return b.asyncReadback ? b.readAsync!(head.value.buffer, n) : b.read(head.value.buffer, n);
  }

  trainableParams(): Parameter[] {
    return this.params.filter((p) => p.trainable);
  }

  get input(): DeviceBuffer {
    return this.inputs[0]!;
  }

  get target(): DeviceBuffer | null {
    return this.targets[0] ?? null;
  }

  get outputSize(): number {
    return this.outputSizes[0]!;
  }

  dispose(): void {
    for (const b of this.owned) this.backend.free(b);
    this.owned.length = 0;
  }
}
