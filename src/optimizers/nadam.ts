import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper, float32Power } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface NadamArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Keras Nadam (tf.keras ≥ 2.11, Keras 3): lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, Adam with
 * Nesterov momentum under Dozat's momentum schedule u_t = b1·(1 - 0.5·0.96^t) and its running
 * product. The 0.96^(0.004·t) schedule is the legacy Keras Nadam's (optimizer_v2, `schedule_decay`
 * 0.004) and PyTorch's NAdam default (momentum_decay 0.004); Keras since 2.11 raises 0.96 to t itself.
 */
export class Nadam extends Optimizer {
  static readonly kerasNames = ['nadam', 'Nadam'] as const;
  readonly className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  // Keras' `_u_product` (a float32 variable): the product of u_1..u_step, advanced as steps are made.
  private uProduct = 1;
  private uProductStep = 0;

  constructor(args: NadamArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'beta1', 'beta2', 'epsilon'], 'Nadam');
    this.initLearningRate(args.learningRate, 0.001);
    this.beta1 = checkHyper('Nadam', 'beta1', args.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyper('Nadam', 'beta2', args.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyper('Nadam', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  // Slots: m, v.
  protected slotCount(): number {
    return 2;
  }

  /** u_t, in float32 as Keras computes it. */
  private momentumAt(t: number): number {
    const f = Math.fround;
    return f(f(this.beta1) * f(1 - f(0.5 * float32Power(0.96, t))));
  }

  /** u_1·…·u_t, restarting from 1 when the iterations went back (dispose). */
  private momentumProduct(t: number): number {
    if (t < this.uProductStep) [this.uProduct, this.uProductStep] = [1, 0];
    while (this.uProductStep < t) this.uProduct = Math.fround(this.uProduct * this.momentumAt(++this.uProductStep));
    return this.uProduct;
  }

  protected rule(): UpdateRule {
    const t = this.iterations;
    const uNext = this.momentumAt(t + 1);
    const uProduct = this.momentumProduct(t);
    const scalars = [this.learningRate, this.beta1, this.beta2, this.epsilon, this.momentumAt(t), uNext, uProduct, Math.fround(uProduct * uNext), float32Power(this.beta2, t)];
    return { kernel: 'nadamUpdate', scalars };
  }

  getConfig(): Record<string, number> {
    return { learning_rate: this.learningRate, beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
