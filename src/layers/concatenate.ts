import { ShapeError, ValueError, describe } from '../errors.js';
import type { Backend } from '../backends/backend.js';
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

  /** For each input: [run length, offset in the output's run]; and the output's run and count per sample. */
  private layout(call: LayerCall): { runs: [number, number][]; outRun: number; outer: number } {
    const shapes = call.inputShapes;
    const a = this.sampleAxis(shapes[0]!.length);
    const outer = sizeOfShape(shapes[0]!.slice(0, a));
    let offset = 0;
    const runs = shapes.map((s): [number, number] => {
      const run = sizeOfShape(s.slice(a));
      offset += run;
      return [run, offset - run];
    });
    return { runs, outRun: offset, outer };
  }

  override forward(call: LayerCall): void {
    const { runs, outRun, outer } = this.layout(call);
    call.inputs.forEach((x, i) => {
      const [run, offset] = runs[i]!;
      this.backend!.copyBlock({ src: x, srcStride: run, srcOffset: 0, dst: call.output, dstStride: outRun, dstOffset: offset, rows: call.rows * outer, cols: run, accumulate: false });
    });
  }

  override backward(call: LayerCall): void {
    const { runs, outRun, outer } = this.layout(call);
    call.dInputs.forEach((dx, i) => {
      if (!dx) return;
      const [run, offset] = runs[i]!;
      this.backend!.copyBlock({ src: call.dOutput!, srcStride: outRun, srcOffset: offset, dst: dx, dstStride: run, dstOffset: 0, rows: call.rows * outer, cols: run, accumulate: call.accumulate[i]! });
    });
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
