import type { UpdateRule } from '../backends/backend.js';
import { float32Power } from './optimizer.js';
import { AdamFamily } from './adam-family.js';
import type { AdamFamilyArgs } from './adam-family.js';

export type AdamaxArgs = AdamFamilyArgs;

/**
 * Keras Adamax: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7; Adam with the infinity norm,
 * u ← max(b2·u, |g|), w ← w - lr·m/((1 - b1^t)·(u + eps)). tfjs' train.adamax is the same rule
 * (its lr/(1 + decay·t) is Keras' with decay 0, and it rounds in another order); PyTorch's Adamax puts
 * eps inside the max instead.
 */
export class Adamax extends AdamFamily {
  static readonly kerasNames = ['adamax', 'Adamax'] as const;
  readonly className = 'Adamax';

  constructor(args: AdamaxArgs = {}) {
    super('Adamax', args);
  }

  protected rule(): UpdateRule {
    return { kernel: 'adamaxUpdate', scalars: [this.learningRate, this.beta1, this.beta2, this.epsilon, float32Power(this.beta1, this.iterations)] };
  }
}
