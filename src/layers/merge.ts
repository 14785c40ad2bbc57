import { ShapeError, ValueError, describe } from '../errors.js';
import type { Backend } from '../backends/backend.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, LayerCall, Shape } from './layer.js';
import type { SymbolicTensor } from './symbolic.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';

/**
 * The elementwise merges of Keras (Add, Subtract, Multiply, Average, Maximum): k inputs of one
 * shape, one output of that shape. Forward folds the inputs into the output in place; backward
 * is each op's derivative, written or added into each input's gradient.
 */
export abstract class Merge extends Layer {
  override get takesManyInputs(): boolean {
    return true;
  }

  /** Keras' bounds on the number of inputs. */
  protected get inputCount(): [min: number, max: number] {
    return [2, Infinity];
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override outputShapeFor(inputShapes: readonly Shape[]): Shape {
    const [min, max] = this.inputCount;
    if (inputShapes.length < min || inputShapes.length > max) {
      const expected = max === min ? `${min}` : `at least ${min}`;
      throw new ValueError(`${this.describe()}: expected ${expected} inputs, received ${inputShapes.length}`);
    }
    const first = inputShapes[0]!;
    inputShapes.forEach((shape, i) => {
      if (shape.length !== first.length || shape.some((d, j) => d !== first[j])) {
        throw new ShapeError(`${this.describe()}: expected inputs of one shape, received ${describe([null, ...first])} and ${describe([null, ...shape])} (input ${i})`);
      }
    });
    return first;
  }

  override buildFor(inputShapes: readonly Shape[], backend: Backend): void {
    this.outputShapeFor(inputShapes);
    this.backend = backend;
  }

  protected size(call: LayerCall): number {
    return call.rows * sizeOfShape(call.inputShapes[0]!);
  }

  /** out = x0 ∘ x1 ∘ ... for an associative elementwise op, folded in place. */
  protected fold(call: LayerCall, op: 'add' | 'multiply' | 'maximum'): void {
    const n = this.size(call);
    const [x0, x1, ...rest] = call.inputs;
    this.backend!.elementwise(op, x0!, x1!, call.output, n, 1, false);
    for (const x of rest) this.backend!.elementwise(op, call.output, x, call.output, n, 1, false);
  }

  /** dx_i (+)= alpha_i·dy for every input that wants a gradient (`alphas[i]`, or one alpha for all). */
  protected spread(call: LayerCall, alphas: number | readonly number[]): void {
    const n = this.size(call);
    for (let i = 0; i < call.dInputs.length; i++) {
      const dx = call.dInputs[i];
      if (dx) this.backend!.elementwise('copy', call.dOutput!, null, dx, n, typeof alphas === 'number' ? alphas : alphas[i]!, call.accumulate[i]!);
    }
  }
}

/** Keras' Add: the sum of its inputs. */
export class Add extends Merge {
  constructor(args: LayerArgs = {}) {
    super(args, 'add', 'Add');
  }

  override forward(call: LayerCall): void {
    this.fold(call, 'add');
  }

  override backward(call: LayerCall): void {
    this.spread(call, 1);
  }
}

/** The gradient of x0 − x1 for each input. */
const SUBTRACT_ALPHAS = [1, -1] as const;

/** Keras' Subtract: x0 − x1, exactly two inputs. */
export class Subtract extends Merge {
  constructor(args: LayerArgs = {}) {
    super(args, 'subtract', 'Subtract');
  }

  protected override get inputCount(): [number, number] {
    return [2, 2];
  }

  override forward(call: LayerCall): void {
    this.backend!.elementwise('subtract', call.inputs[0]!, call.inputs[1]!, call.output, this.size(call), 1, false);
  }

  override backward(call: LayerCall): void {
    this.spread(call, SUBTRACT_ALPHAS);
  }
}

/** Keras' Average: the mean of its inputs. */
export class Average extends Merge {
  constructor(args: LayerArgs = {}) {
    super(args, 'average', 'Average');
  }

  override forward(call: LayerCall): void {
    this.fold(call, 'add');
    this.backend!.elementwise('copy', call.output, null, call.output, this.size(call), 1 / call.inputs.length, false);
  }

  override backward(call: LayerCall): void {
    this.spread(call, 1 / call.inputs.length);
  }
}

/** Keras' Multiply: the elementwise product of its inputs. */
export class Multiply extends Merge {
  constructor(args: LayerArgs = {}) {
    super(args, 'multiply', 'Multiply');
  }

  // With more than two inputs, each gradient is dy times the product of the others, built here.
  override scratchSize(inputShapes: readonly Shape[]): number {
    return inputShapes.length > 2 ? sizeOfShape(inputShapes[0]!) : 0;
  }

  override forward(call: LayerCall): void {
    this.fold(call, 'multiply');
  }

  override backward(call: LayerCall): void {
    const backend = this.backend!;
    const n = this.size(call);
    const dy = call.dOutput!;
    const { inputs, dInputs, accumulate } = call;
    // Index loops, not filtered copies of the inputs: this runs every training step.
    for (let i = 0; i < inputs.length; i++) {
      const dx = dInputs[i];
      if (!dx) continue;
      if (inputs.length === 2) {
        backend.elementwise('multiply', dy, inputs[1 - i]!, dx, n, 1, accumulate[i]!);
        continue;
      }
      const product = call.scratch!;
      let started = false;
      for (let j = 0; j < inputs.length; j++) {
        if (j === i) continue;
        backend.elementwise('multiply', started ? product : dy, inputs[j]!, product, n, 1, false);
        started = true;
      }
      backend.elementwise('copy', product, null, dx, n, 1, accumulate[i]!);
    }
  }
}

/** Keras' Maximum: the elementwise maximum; the gradient goes to the (first) input that holds it. */
export class Maximum extends Merge {
  constructor(args: LayerArgs = {}) {
    super(args, 'maximum', 'Maximum');
  }

  // Which elements an earlier input took.
  override scratchSize(inputShapes: readonly Shape[]): number {
    return sizeOfShape(inputShapes[0]!);
  }

  override forward(call: LayerCall): void {
    this.fold(call, 'maximum');
  }

  override backward(call: LayerCall): void {
    const backend = this.backend!;
    const n = this.size(call);
    const taken = call.scratch!;
    backend.elementwise('copy', taken, null, taken, n, 0, false);
    // Inputs that want no gradient still take their elements, so that later ones do not.
    for (let i = 0; i < call.inputs.length; i++) backend.maximumGrad(call.dOutput!, call.inputs[i]!, call.output, taken, call.dInputs[i] ?? null, n, call.accumulate[i]!);
  }
}

type MergeClass = new (args?: LayerArgs) => Merge;

/** Keras' from_config for a merge, whose config is only the base keys. */
export function mergeFromConfig<T extends Merge>(Class: new (args?: LayerArgs) => T, className: string, config: Record<string, unknown>): T {
  return new Class(argsFromConfig(config, className, BASE_CONFIG_KEYS));
}

function helper(Class: MergeClass): (inputs: SymbolicTensor[], args?: LayerArgs) => SymbolicTensor {
  return (inputs, args = {}) => new Class(args).apply(inputs);
}

/** The functional forms: `add([a, b])` is `new Add().apply([a, b])`. */
export const add = helper(Add);
export const subtract = helper(Subtract);
export const multiply = helper(Multiply);
export const average = helper(Average);
export const maximum = helper(Maximum);
