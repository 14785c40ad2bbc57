import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';

/**
 * Keras' LearningRateSchedule: the learning rate as a function of the optimizer's step (the number
 * of updates made before this one, from 0). Pass one wherever a learning rate is taken.
 */
export abstract class LearningRateSchedule {
  abstract readonly className: string;
  /** The learning rate of update number `step` (0-based). */
  abstract at(step: number): number;
  abstract getConfig(): Record<string, unknown>;
}

function positive(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ValueError(`${owner}(${name}): expected a positive number, received ${describe(value)}`);
  return value;
}

function nonNegative(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ValueError(`${owner}(${name}): expected a non-negative number, received ${describe(value)}`);
  return value;
}

export interface DecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in whole steps of decaySteps. Default false. */
  staircase?: boolean;
}

/** The two decays Keras defines by initialLearningRate, decaySteps, decayRate and staircase. */
abstract class RateDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(args: DecayArgs, owner: string) {
    super();
    checkOptions(args, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'], owner);
    this.initialLearningRate = nonNegative(owner, 'initialLearningRate', args?.initialLearningRate);
    this.decaySteps = positive(owner, 'decaySteps', args.decaySteps);
    this.decayRate = nonNegative(owner, 'decayRate', args.decayRate);
    this.staircase = args.staircase ?? false;
  }

  /** step / decaySteps, floored when `staircase`. */
  protected progress(step: number): number {
    const p = step / this.decaySteps;
    return this.staircase ? Math.floor(p) : p;
  }

  getConfig(): Record<string, unknown> {
    return { initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, decay_rate: this.decayRate, staircase: this.staircase };
  }
}

/** initial · rate^(step / decaySteps), the exponent floored when `staircase`. */
export class ExponentialDecay extends RateDecay {
  readonly className = 'ExponentialDecay';

  constructor(args: DecayArgs) {
    super(args, 'ExponentialDecay');
  }

  at(step: number): number {
    return this.initialLearningRate * this.decayRate ** this.progress(step);
  }
}

/** initial / (1 + rate · step / decaySteps), the ratio floored when `staircase`. */
export class InverseTimeDecay extends RateDecay {
  readonly className = 'InverseTimeDecay';

  constructor(args: DecayArgs) {
    super(args, 'InverseTimeDecay');
  }

  at(step: number): number {
    return this.initialLearningRate / (1 + this.decayRate * this.progress(step));
  }
}

/** values[0] up to and including boundaries[0], values[i] up to boundaries[i], values[last] after. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';

  constructor(readonly boundaries: readonly number[], readonly values: readonly number[]) {
    super();
    if (!Array.isArray(boundaries) || boundaries.some((b, i) => typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && b <= boundaries[i - 1]!))) {
      throw new ValueError(`PiecewiseConstantDecay(boundaries): expected increasing finite numbers, received ${describe(boundaries)}`);
    }
    if (!Array.isArray(values) || values.length !== boundaries.length + 1) {
      throw new ValueError(`PiecewiseConstantDecay(values): expected ${Array.isArray(boundaries) ? boundaries.length + 1 : 'one more than boundaries'} values (one more than the boundaries), received ${describe(values)}`);
    }
    values.forEach((v, i) => nonNegative('PiecewiseConstantDecay', `values[${i}]`, v));
  }

  at(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i]!;
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}

export interface PolynomialDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  /** Default 0.0001. */
  endLearningRate?: number;
  /** Default 1 (linear). */
  power?: number;
  /** Start again after decaySteps (with decaySteps stretched to the next multiple). Default false. */
  cycle?: boolean;
}

/** (initial − end) · (1 − step / decaySteps)^power + end, with step clipped to decaySteps unless `cycle`. */
export class PolynomialDecay extends LearningRateSchedule {
  readonly className = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;

  constructor(args: PolynomialDecayArgs) {
    super();
    checkOptions(args, ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle'], 'PolynomialDecay');
    this.initialLearningRate = nonNegative('PolynomialDecay', 'initialLearningRate', args?.initialLearningRate);
    this.decaySteps = positive('PolynomialDecay', 'decaySteps', args.decaySteps);
    this.endLearningRate = nonNegative('PolynomialDecay', 'endLearningRate', args.endLearningRate ?? 0.0001);
    this.power = nonNegative('PolynomialDecay', 'power', args.power ?? 1);
    this.cycle = args.cycle ?? false;
  }

  at(step: number): number {
    let steps = this.decaySteps;
    let s = step;
    if (this.cycle) steps *= step === 0 ? 1 : Math.ceil(step / this.decaySteps);
    else s = Math.min(step, this.decaySteps);
    return (this.initialLearningRate - this.endLearningRate) * (1 - s / steps) ** this.power + this.endLearningRate;
  }

  getConfig(): Record<string, unknown> {
    return { initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, end_learning_rate: this.endLearningRate, power: this.power, cycle: this.cycle };
  }
}

export interface CosineDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  /** The floor, as a fraction of the rate decayed from. Default 0. */
  alpha?: number;
  /** With warmup: the rate reached linearly from initialLearningRate over warmupSteps, then decayed from. */
  warmupTarget?: number | null;
  warmupSteps?: number;
}

/**
 * Cosine decay from the initial rate (or, with warmup, a linear warmup to warmupTarget first) to
 * alpha times it over decaySteps, then flat.
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(args: CosineDecayArgs) {
    super();
    checkOptions(args, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps'], 'CosineDecay');
    this.initialLearningRate = nonNegative('CosineDecay', 'initialLearningRate', args?.initialLearningRate);
    this.decaySteps = positive('CosineDecay', 'decaySteps', args.decaySteps);
    this.alpha = nonNegative('CosineDecay', 'alpha', args.alpha ?? 0);
    this.warmupTarget = args.warmupTarget === undefined || args.warmupTarget === null ? null : nonNegative('CosineDecay', 'warmupTarget', args.warmupTarget);
    this.warmupSteps = nonNegative('CosineDecay', 'warmupSteps', args.warmupSteps ?? 0);
  }

  private decay(step: number, from: number): number {
    const fraction = Math.min(step, this.decaySteps) / this.decaySteps;
    return from * ((1 - this.alpha) * 0.5 * (1 + Math.cos(Math.PI * fraction)) + this.alpha);
  }

  at(step: number): number {
    if (this.warmupTarget === null) return this.decay(step, this.initialLearningRate);
    if (step < this.warmupSteps) return (this.warmupTarget - this.initialLearningRate) * (step / this.warmupSteps) + this.initialLearningRate;
    return this.decay(step - this.warmupSteps, this.warmupTarget);
  }

  getConfig(): Record<string, unknown> {
    return { initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, alpha: this.alpha, warmup_target: this.warmupTarget, warmup_steps: this.warmupSteps };
  }
}
