import { Optimizer, checkHyper } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface AdamFamilyArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam and its variants (AdamW, Nadam, Adamax): two moment slots and Keras' shared defaults, lr 0.001,
 * beta1 0.9, beta2 0.999, epsilon 1e-7. A variant adds its own options and its rule.
 */
export abstract class AdamFamily extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  /** `owner` names the optimizer in errors (the subclass' className is not set yet here). */
  protected constructor(owner: string, args: AdamFamilyArgs, moreOptions: readonly string[] = []) {
    super();
    checkOptions(args, ['learningRate', 'beta1', 'beta2', 'epsilon', ...moreOptions], owner);
    this.initLearningRate(args.learningRate, 0.001, owner);
    this.beta1 = checkHyper(owner, 'beta1', args.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyper(owner, 'beta2', args.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyper(owner, 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  // Slots: the first moment m, then the second (v, or Adamax's infinity norm u).
  protected override slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  protected slotCount(): number {
    return 2;
  }

  getConfig(): Record<string, number> {
    return { learning_rate: this.learningRate, beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
