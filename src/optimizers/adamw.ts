import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper, float32Power } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface AdamWArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Keras AdamW: lr 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7. The decay is
 * decoupled from the gradient: every weight (biases included, as Keras decays every trainable
 * variable) shrinks by w·wd·lr before Keras' Adam step, whose epsilon is added to √v (Keras' form,
 * not tfjs' √v̂ + ε that Adam here follows for parity with TensorFlow.js).
 */
export class AdamW extends Optimizer {
  static readonly kerasNames = ['adamw', 'AdamW'] as const;
  readonly className = 'AdamW';
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamWArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'weightDecay', 'beta1', 'beta2', 'epsilon'], 'AdamW');
    this.initLearningRate(args.learningRate, 0.001);
    this.weightDecay = checkHyper('AdamW', 'weightDecay', args.weightDecay ?? 0.004, 0);
    this.beta1 = checkHyper('AdamW', 'beta1', args.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyper('AdamW', 'beta2', args.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyper('AdamW', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  // Slots: m, v.
  protected slotCount(): number {
    return 2;
  }

  protected rule(): UpdateRule {
    // Keras: alpha = lr·√(1 - b2^t)/(1 - b1^t), once per step, in float32.
    const f = Math.fround;
    const t = this.iterations;
    const alpha = f(f(f(this.learningRate) * f(Math.sqrt(f(1 - float32Power(this.beta2, t))))) / f(1 - float32Power(this.beta1, t)));
    return { kernel: 'adamwUpdate', scalars: [this.learningRate, this.beta1, this.beta2, this.epsilon, this.weightDecay, alpha] };
  }

  getConfig(): Record<string, number> {
    return { learning_rate: this.learningRate, weight_decay: this.weightDecay, beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
