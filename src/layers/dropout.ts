import { ValueError, describe } from '../errors.js';
import { Random, getRandom } from '../random.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, LayerCall, Shape } from './layer.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';

export interface DropoutArgs extends LayerArgs {
  /** A seed of the layer's own generator; without one the global generator (setRandomSeed) draws. */
  seed?: number;
}

/**
 * Keras' Dropout: in training each element is kept with probability 1 − rate and scaled by
 * 1/(1 − rate), so the expected output equals the input; at inference it passes its input on.
 * The mask is drawn in JavaScript from the seeded generator (the same bits in every engine) into
 * the scratch buffer, where backward reuses it.
 */
export class Dropout extends Layer {
  readonly rate: number;
  readonly seed: number | null;
  private readonly random: Random | null;
  private mask = new Float32Array(0);

  constructor(rate: number, args: DropoutArgs = {}) {
    super(args, 'dropout', 'Dropout', ['seed']);
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new ValueError(`Dropout(rate): expected a number in [0, 1), received ${describe(rate)}`);
    if (args.seed !== undefined && !Number.isInteger(args.seed)) throw new ValueError(`${this.describe()}: seed expected an integer, received ${describe(args.seed)}`);
    this.rate = rate;
    this.seed = args.seed ?? null;
    this.random = args.seed === undefined ? null : new Random(args.seed);
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  // Keras returns the inputs unchanged outside training, and at rate 0.
  override isIdentityWhen(training: boolean): boolean {
    return !training || this.rate === 0;
  }

  override scratchSize(inputShapes: readonly Shape[]): number {
    return sizeOfShape(inputShapes[0]!);
  }

  /** Fills `mask` with 0 or 1/(1 − rate): kept where a uniform draw is ≥ rate, as tf.nn.dropout. */
  drawMask(mask: Float32Array): void {
    const random = this.random ?? getRandom();
    const keep = 1 / (1 - this.rate);
    for (let i = 0; i < mask.length; i++) mask[i] = random.uniform() >= this.rate ? keep : 0;
  }

  override forward(call: LayerCall): void {
    const n = call.rows * sizeOfShape(call.inputShapes[0]!);
    if (this.mask.length < n) this.mask = new Float32Array(call.scratch!.size);
    const mask = this.mask.subarray(0, n);
    this.drawMask(mask);
    this.backend!.write(call.scratch!, mask);
    this.backend!.elementwise('multiply', call.inputs[0]!, call.scratch!, call.output, n, 1, false);
  }

  override backward(call: LayerCall): void {
    const dx = call.dInputs[0];
    if (!dx) return;
    const n = call.rows * sizeOfShape(call.inputShapes[0]!);
    this.backend!.elementwise('multiply', call.dOutput!, call.scratch!, dx, n, 1, call.accumulate[0]!);
  }

  protected override extraConfig(): Record<string, unknown> {
    return { rate: this.rate, seed: this.seed };
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): Dropout {
    const { rate, seed, ...args } = argsFromConfig(config, 'Dropout', [...BASE_CONFIG_KEYS, 'rate', 'seed']);
    return new Dropout(rate as number, { ...args, ...(seed === undefined ? {} : { seed: seed as number }) });
  }
}
