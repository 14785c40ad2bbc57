import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface AdamArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** adamUpdate's call for step t (1 for the first), from the hyper-parameters by name. */
export function adamRule(learningRate: number, beta1: number, beta2: number, epsilon: number, t: number): UpdateRule {
  // Bias corrections in float32 as tfjs keeps its accumulated beta powers in float32 scalars.
  const c1 = Math.fround(1 - Math.fround(beta1 ** t));
  const c2 = Math.fround(1 - Math.fround(beta2 ** t));
  return { kernel: 'adamUpdate', scalars: [learningRate, beta1, beta2, epsilon, c1, c2] };
}

/** Keras Adam: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export class Adam extends Optimizer {
  static readonly kerasNames = ['adam', 'Adam'] as const;
  readonly className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'beta1', 'beta2', 'epsilon'], 'Adam');
    this.initLearningRate(args.learningRate, 0.001);
    this.beta1 = checkHyper('Adam', 'beta1', args.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyper('Adam', 'beta2', args.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyper('Adam', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  protected slotCount(): number {
    return 2;
  }

  protected rule(): UpdateRule {
    return adamRule(this.learningRate, this.beta1, this.beta2, this.epsilon, this.iterations);
  }

  getConfig(): Record<string, number> {
    return { learning_rate: this.learningRate, beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
