import type { UpdateRule } from '../backends/backend.js';
import { float32Power } from './optimizer.js';
import { AdamFamily } from './adam-family.js';
import type { AdamFamilyArgs } from './adam-family.js';

export type NadamArgs = AdamFamilyArgs;

/**
 * Keras Nadam (tf.keras ≥ 2.11, Keras 3): lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, Adam with
 * Nesterov momentum under Dozat's momentum schedule u_t = b1·(1 - 0.5·0.96^t) and its running
 * product. The 0.96^(0.004·t) schedule is the legacy Keras Nadam's (optimizer_v2, `schedule_decay`
 * 0.004) and PyTorch's NAdam default (momentum_decay 0.004); Keras since 2.11 raises 0.96 to t itself.
 */
export class Nadam extends AdamFamily {
  static readonly kerasNames = ['nadam', 'Nadam'] as const;
  readonly className = 'Nadam';
  // Keras' `_u_product` (a float32 variable): the product of u_1..u_step, advanced as steps are made.
  private uProduct = 1;
  private uProductStep = 0;

  constructor(args: NadamArgs = {}) {
    super('Nadam', args);
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
}
