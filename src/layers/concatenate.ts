import { ShapeError, ValueError, describe } from '../errors.js';
import type { Backend, BlockCopy } from '../backends/backend.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, LayerCall, Shape } from './layer.js';
import type { SymbolicTensor } from './symbolic.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';

export interface ConcatenateArgs extends LayerArgs {
  /** The axis to join along, counting the batch axis as Keras does: -1 (the default) is the last. */
  axis?: number;
}

/**
 * Keras' Concatenate. Row-major samples make any axis a block copy: each sample is `outer` runs
 * (the product of the axes before `axis`), and each input supplies a run of its own length.
 */
export class Concatenate extends Layer {
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args, 'concatenate', 'Concatenate', ['axis']);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new ValueError(`${this.describe()}: axis expected a non-zero integer (axis 0 is the batch), received ${describe(args.axis)}`);
    }
    this.axis = axis;
  }

  override get takesManyInputs(): boolean {
    return true;
  }

  /** The axis within one sample's shape. */
  private sampleAxis(rank: number): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis - 1;
    if (a < 0 || a >= rank) throw new ValueError(`${this.describe()}: axis ${this.axis} is out of range for inputs of rank ${rank + 1}`);
    return a;
  }

  computeOutputShape(inputShape: Shape): Shape {
    return this.outputShapeFor([inputShape]);
  }

  override outputShapeFor(inputShapes: readonly Shape[]): Shape {
    if (inputShapes.length < 2) throw new ValueError(`${this.describe()}: expected at least 2 inputs, received ${inputShapes.length}`);
    const first = inputShapes[0]!;
    const a = this.sampleAxis(first.length);
    inputShapes.forEach((shape, i) => {
      if (shape.length !== first.length || shape.some((d, j) => j !== a && d !== first[j])) {
        throw new ShapeError(`${this.describe()}: inputs must match except along axis ${this.axis}, received ${describe([null, ...first])} and ${describe([null, ...shape])} (input ${i})`);
      }
    });
    const out = [...first];
    out[a] = inputShapes.reduce((n, s) => n + s[a]!, 0);
    return out;
  }

  override buildFor(inputShapes: readonly Shape[], backend: Backend): void {
    this.outputShapeFor(inputShapes);
    this.backend = backend;
  }

  /**
   * The block copies of a compiled call, made on its first use (a call's buffers and shapes never
   * change; only its batch size does): input i fills the run of `run` values at `offset` within
   * each of the output's `outer` runs per sample, and backward reads it back out.
   */
  private plan(call: LayerCall, backward: boolean): { copies: BlockCopy[]; outer: number } {
    const plans = backward ? this.backwardPlans : this.forwardPlans;
    let plan = plans.get(call);
    if (!plan) {
      const shapes = call.inputShapes;
      const a = this.sampleAxis(shapes[0]!.length);
      const runs = shapes.map((s) => sizeOfShape(s.slice(a)));
      const outRun = runs.reduce((n, r) => n + r, 0);
      const copies: BlockCopy[] = [];
      let offset = 0;
      runs.forEach((run, i) => {
        const dx = call.dInputs[i];
        if (!backward) copies.push({ src: call.inputs[i]!, srcStride: run, srcOffset: 0, dst: call.output, dstStride: outRun, dstOffset: offset, rows: 0, cols: run, accumulate: false });
        else if (dx) copies.push({ src: call.dOutput!, srcStride: outRun, srcOffset: offset, dst: dx, dstStride: run, dstOffset: 0, rows: 0, cols: run, accumulate: call.accumulate[i]! });
        offset += run;
      });
      plan = { copies, outer: sizeOfShape(shapes[0]!.slice(0, a)) };
      plans.set(call, plan);
    }
    return plan;
  }

  private readonly forwardPlans = new WeakMap<LayerCall, { copies: BlockCopy[]; outer: number }>();
  private readonly backwardPlans = new WeakMap<LayerCall, { copies: BlockCopy[]; outer: number }>();

  private run(call: LayerCall, backward: boolean): void {
    const { copies, outer } = this.plan(call, backward);
    for (const copy of copies) {
      copy.rows = call.rows * outer;
      this.backend!.copyBlock(copy);
    }
  }

  override forward(call: LayerCall): void {
    this.run(call, false);
  }

  override backward(call: LayerCall): void {
    this.run(call, true);
  }

  protected override extraConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): Concatenate {
    return new Concatenate(argsFromConfig(config, 'Concatenate', [...BASE_CONFIG_KEYS, 'axis']));
  }
}

/** The functional form: `concatenate([a, b])` is `new Concatenate().apply([a, b])`. */
export function concatenate(inputs: SymbolicTensor[], args: ConcatenateArgs = {}): SymbolicTensor {
  return new Concatenate(args).apply(inputs);
}
