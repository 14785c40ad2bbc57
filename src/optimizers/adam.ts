import type { UpdateRule } from '../backends/backend.js';
import { AdamFamily } from './adam-family.js';
import type { AdamFamilyArgs } from './adam-family.js';

export type AdamArgs = AdamFamilyArgs;

/** adamUpdate's call for step t (1 for the first), from the hyper-parameters by name. */
export function adamRule(learningRate: number, beta1: number, beta2: number, epsilon: number, t: number): UpdateRule {
  // Bias corrections in float32 as tfjs keeps its accumulated beta powers in float32 scalars.
  const c1 = Math.fround(1 - Math.fround(beta1 ** t));
  const c2 = Math.fround(1 - Math.fround(beta2 ** t));
  return { kernel: 'adamUpdate', scalars: [learningRate, beta1, beta2, epsilon, c1, c2] };
}

/** Keras Adam: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export class Adam extends AdamFamily {
  static readonly kerasNames = ['adam', 'Adam'] as const;
  readonly className = 'Adam';

  constructor(args: AdamArgs = {}) {
    super('Adam', args);
  }

  protected rule(): UpdateRule {
    return adamRule(this.learningRate, this.beta1, this.beta2, this.epsilon, this.iterations);
  }
}
