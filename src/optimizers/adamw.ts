import type { UpdateRule } from '../backends/backend.js';
import { checkHyper, float32Power } from './optimizer.js';
import { AdamFamily } from './adam-family.js';
import type { AdamFamilyArgs } from './adam-family.js';

export interface AdamWArgs extends AdamFamilyArgs {
  weightDecay?: number;
}

/**
 * Keras AdamW: lr 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7. The decay is
 * decoupled from the gradient: every weight (biases included, as Keras decays every trainable
 * variable) shrinks by w·wd·lr before Keras' Adam step, whose epsilon is added to √v (Keras' form,
 * not tfjs' √v̂ + ε that Adam here follows for parity with TensorFlow.js).
 */
export class AdamW extends AdamFamily {
  static readonly kerasNames = ['adamw', 'AdamW'] as const;
  readonly className = 'AdamW';
  readonly weightDecay: number;

  constructor(args: AdamWArgs = {}) {
    super('AdamW', args, ['weightDecay']);
    this.weightDecay = checkHyper('AdamW', 'weightDecay', args.weightDecay ?? 0.004, 0);
  }

  protected rule(): UpdateRule {
    // Keras: alpha = lr·√(1 - b2^t)/(1 - b1^t), once per step, in float32.
    const f = Math.fround;
    const t = this.iterations;
    const alpha = f(f(f(this.learningRate) * f(Math.sqrt(f(1 - float32Power(this.beta2, t))))) / f(1 - float32Power(this.beta1, t)));
    return { kernel: 'adamwUpdate', scalars: [this.learningRate, this.beta1, this.beta2, this.epsilon, this.weightDecay, alpha] };
  }

  override getConfig(): Record<string, number> {
    return { ...super.getConfig(), weight_decay: this.weightDecay };
  }
}
