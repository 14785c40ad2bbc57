import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper, float32Power } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface AdamaxArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Keras Adamax: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7; Adam with the infinity norm,
 * u ← max(b2·u, |g|), w ← w - lr·m/((1 - b1^t)·(u + eps)). tfjs' train.adamax is the same rule
 * (its lr/(1 + decay·t) is Keras' with decay 0, and it rounds in another order); PyTorch's Adamax puts
 * eps inside the max instead.
 */
export class Adamax extends Optimizer {
  static readonly kerasNames = ['adamax', 'Adamax'] as const;
  readonly className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamaxArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'beta1', 'beta2', 'epsilon'], 'Adamax');
    this.initLearningRate(args.learningRate, 0.001);
    this.beta1 = checkHyper('Adamax', 'beta1', args.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyper('Adamax', 'beta2', args.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyper('Adamax', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  // Slots: m, the infinity norm u.
  protected slotCount(): number {
    return 2;
  }

  protected rule(): UpdateRule {
    return { kernel: 'adamaxUpdate', scalars: [this.learningRate, this.beta1, this.beta2, this.epsilon, float32Power(this.beta1, this.iterations)] };
  }

  getConfig(): Record<string, number> {
    return { learning_rate: this.learningRate, beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
