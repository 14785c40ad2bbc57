import { ShapeError, ValueError, describe } from '../errors.js';
import type { Backend, ChannelLayout, DeviceBuffer } from '../backends/backend.js';
import { getInitializer, initializerConfig, snakeCase } from '../initializers.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';
import type { Initializer, InitializerName } from '../initializers.js';
import { getRandom } from '../random.js';
import { getRegularizer, regularizerConfig } from '../regularizers.js';
import type { Regularizer, RegularizerLike } from '../regularizers.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, LayerCall, Parameter, Shape } from './layer.js';

export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis, counted with the batch axis as 0 (Keras); −1, the default, is the last. */
  axis?: number;
  momentum?: number;
  epsilon?: number;
  /** Learn an offset beta. */
  center?: boolean;
  /** Learn a factor gamma. */
  scale?: boolean;
  betaInitializer?: InitializerName | Initializer;
  gammaInitializer?: InitializerName | Initializer;
  movingMeanInitializer?: InitializerName | Initializer;
  movingVarianceInitializer?: InitializerName | Initializer;
  betaRegularizer?: RegularizerLike | null;
  gammaRegularizer?: RegularizerLike | null;
}

const INITIALIZER_OPTIONS = ['betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer'] as const;
const INITIALIZER_DEFAULTS = { betaInitializer: 'zeros', gammaInitializer: 'ones', movingMeanInitializer: 'zeros', movingVarianceInitializer: 'ones' } as const;

/**
 * Keras' BatchNormalization: each channel along `axis` is normalized over every other axis. In
 * training with the batch's mean and biased variance, which also move moving_mean and
 * moving_variance by m ← m − (1 − momentum)·(m − batch) (tf.keras and tfjs-layers alike: no
 * Bessel correction); at inference, and in a frozen layer (trainable false, as tf.keras since
 * 2.0), with the moving statistics. Weights in Keras order: gamma, beta, moving_mean,
 * moving_variance, the last two non-trainable.
 */
export class BatchNormalization extends Layer {
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly initializers: Record<(typeof INITIALIZER_OPTIONS)[number], Initializer>;
  private readonly initializerNames: Record<(typeof INITIALIZER_OPTIONS)[number], string>;
  readonly betaRegularizer: Regularizer | null;
  readonly gammaRegularizer: Regularizer | null;
  private gamma: Parameter | null = null;
  private beta: Parameter | null = null;
  private movingMean: Parameter | null = null;
  private movingVariance: Parameter | null = null;
  /** The batch's statistics, of the call named by `statsOf`. */
  private batchMean: DeviceBuffer | null = null;
  private batchVariance: DeviceBuffer | null = null;
  private statsOf: LayerCall | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args, 'batch_normalization', 'BatchNormalization', ['axis', 'momentum', 'epsilon', 'center', 'scale', ...INITIALIZER_OPTIONS, 'betaRegularizer', 'gammaRegularizer']);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new ValueError(`${this.describe()}: axis expected an integer (one axis), received ${describe(axis)}`);
    if (axis === 0) throw new ValueError(`${this.describe()}: axis expected a features axis, received 0 (the batch axis)`);
    const momentum = args.momentum ?? 0.99;
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) throw new ValueError(`${this.describe()}: momentum expected a number in [0, 1], received ${describe(momentum)}`);
    const epsilon = args.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !(epsilon > 0 && Number.isFinite(epsilon))) throw new ValueError(`${this.describe()}: epsilon expected a positive number, received ${describe(epsilon)}`);
    for (const key of ['center', 'scale'] as const) {
      if (args[key] !== undefined && typeof args[key] !== 'boolean') throw new ValueError(`${this.describe()}: ${key} expected a boolean, received ${describe(args[key])}`);
    }
    this.axis = axis;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    const initializers = {} as Record<(typeof INITIALIZER_OPTIONS)[number], Initializer>;
    const names = {} as Record<(typeof INITIALIZER_OPTIONS)[number], string>;
    for (const key of INITIALIZER_OPTIONS) {
      const given = args[key];
      initializers[key] = getInitializer(given ?? INITIALIZER_DEFAULTS[key], `${this.describe()}: ${key}`);
      // A function initializer has no JSON form: Keras' default family is written, the weights carry its values.
      names[key] = typeof given === 'string' ? snakeCase(given) : INITIALIZER_DEFAULTS[key];
    }
    this.initializers = initializers;
    this.initializerNames = names;
    this.betaRegularizer = getRegularizer(args.betaRegularizer, `${this.describe()}: betaRegularizer`);
    this.gammaRegularizer = getRegularizer(args.gammaRegularizer, `${this.describe()}: gammaRegularizer`);
  }

  /** The normalized axis as an index into the per-sample shape. */
  private sampleAxis(inputShape: Shape): number {
    const rank = inputShape.length + 1;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis < 1 || axis >= rank) {
      throw new ShapeError(`${this.describe()}: axis ${this.axis} is outside an input of rank ${rank} (shape ${describe([null, ...inputShape])}); expected an axis in [${1 - rank}, -1] or [1, ${rank - 1}]`);
    }
    return axis - 1;
  }

  private channels(inputShape: Shape): number {
    return inputShape[this.sampleAxis(inputShape)]!;
  }

  private layout(call: LayerCall): ChannelLayout {
    const shape = call.inputShapes[0]!;
    const k = this.sampleAxis(shape);
    return { outer: call.rows * sizeOfShape(shape.slice(0, k)), channels: shape[k]!, inner: sizeOfShape(shape.slice(k + 1)) };
  }

  computeOutputShape(inputShape: Shape): Shape {
    this.sampleAxis(inputShape);
    return inputShape;
  }

  protected override paramCountFor(inputShape: Shape): number {
    return ((this.scale ? 1 : 0) + (this.center ? 1 : 0) + 2) * this.channels(inputShape);
  }

  protected override stateCountFor(inputShape: Shape): number {
    return 2 * this.channels(inputShape);
  }

  protected override createWeights(inputShape: Shape, backend: Backend): void {
    const channels = this.channels(inputShape);
    const shape = [channels];
    const random = getRandom();
    const init = this.initializers;
    this.gamma = this.scale ? this.addWeight('gamma', shape, init.gammaInitializer(shape, random), this.gammaRegularizer) : null;
    this.beta = this.center ? this.addWeight('beta', shape, init.betaInitializer(shape, random), this.betaRegularizer) : null;
    this.movingMean = this.addWeight('moving_mean', shape, init.movingMeanInitializer(shape, random), null, false);
    this.movingVariance = this.addWeight('moving_variance', shape, init.movingVarianceInitializer(shape, random), null, false);
    this.batchMean = backend.alloc(channels);
    this.batchVariance = backend.alloc(channels);
  }

  /** Keras normalizes with the batch's statistics only when training a layer that is not frozen. */
  private usesBatchStats(call: LayerCall): boolean {
    return call.training && this.trainable;
  }

  override forward(call: LayerCall): void {
    const backend = this.backend!;
    const layout = this.layout(call);
    const x = call.inputs[0]!;
    let mean = this.movingMean!.value;
    let variance = this.movingVariance!.value;
    if (this.usesBatchStats(call)) {
      mean = this.batchMean!;
      variance = this.batchVariance!;
      backend.channelMoments(x, layout, mean, variance);
      this.statsOf = call;
      // tfjs' and Keras' form of the moving average: m − (1 − momentum)·(m − batch).
      const decay = -(1 - this.momentum);
      backend.elementwise('subtract', this.movingMean!.value, mean, this.movingMean!.value, layout.channels, decay, true);
      backend.elementwise('subtract', this.movingVariance!.value, variance, this.movingVariance!.value, layout.channels, decay, true);
    }
    backend.batchNormForward({ ...layout, x, y: call.output, mean, variance, gamma: this.gamma?.value ?? null, beta: this.beta?.value ?? null, epsilon: this.epsilon });
  }

  override backward(call: LayerCall): void {
    const backend = this.backend!;
    const layout = this.layout(call);
    const x = call.inputs[0]!;
    const throughStats = this.usesBatchStats(call);
    let mean = this.movingMean!.value;
    let variance = this.movingVariance!.value;
    if (throughStats) {
      mean = this.batchMean!;
      variance = this.batchVariance!;
      // A layer called twice in one graph holds the statistics of its last forward call only; the
      // others recompute theirs from their input, which backward still holds.
      if (this.statsOf !== call) backend.channelMoments(x, layout, mean, variance);
      this.statsOf = call;
    }
    backend.batchNormBackward({
      ...layout, dy: call.dOutput!, x, mean, variance, gamma: this.gamma?.value ?? null, epsilon: this.epsilon,
      dgamma: this.gamma?.grad ?? null, dbeta: this.beta?.grad ?? null, dx: call.dInputs[0] ?? null, throughStats, accumulate: call.accumulate[0] ?? false,
    });
  }

  protected override extraConfig(): Record<string, unknown> {
    const names = this.initializerNames;
    return {
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializerConfig(names.betaInitializer),
      gamma_initializer: initializerConfig(names.gammaInitializer),
      moving_mean_initializer: initializerConfig(names.movingMeanInitializer),
      moving_variance_initializer: initializerConfig(names.movingVarianceInitializer),
      beta_regularizer: regularizerConfig(this.betaRegularizer),
      gamma_regularizer: regularizerConfig(this.gammaRegularizer),
    };
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): BatchNormalization {
    const args = argsFromConfig(config, 'BatchNormalization', [...BASE_CONFIG_KEYS, 'axis', 'momentum', 'epsilon', 'center', 'scale', ...INITIALIZER_OPTIONS, 'betaRegularizer', 'gammaRegularizer']);
    // Keras writes axis as a list ([-1]) in some versions.
    if (Array.isArray(args['axis']) && args['axis'].length === 1) args['axis'] = args['axis'][0];
    return new BatchNormalization(args as BatchNormalizationArgs);
  }

  override dispose(): void {
    for (const buffer of [this.batchMean, this.batchVariance]) if (buffer) this.backend?.free(buffer);
    this.batchMean = this.batchVariance = null;
    this.statsOf = null;
    this.gamma = this.beta = this.movingMean = this.movingVariance = null;
    super.dispose();
  }
}
