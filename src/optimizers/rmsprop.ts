import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface RMSpropArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/** Keras RMSprop (the default optimizer): lr 0.001, rho 0.9, epsilon 1e-7. */
export class RMSprop extends Optimizer {
  static readonly kerasNames = ['rmsprop', 'RMSprop'] as const;
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'rho', 'momentum', 'epsilon', 'centered'], 'RMSprop');
    this.initLearningRate(args.learningRate, 0.001);
    this.rho = checkHyper('RMSprop', 'rho', args.rho ?? 0.9, 0, 1);
    this.momentum = checkHyper('RMSprop', 'momentum', args.momentum ?? 0, 0);
    this.epsilon = checkHyper('RMSprop', 'epsilon', args.epsilon ?? 1e-7, 0);
    this.centered = args.centered ?? false;
  }

  // Slots: mean square, moment, mean gradient. Unused ones are still allocated so slot order is fixed.
  // The kernel's slot order: mean square, momentum, mean gradient (tfjs: rms, momentum, mg).
  protected override slotNames(): readonly string[] {
    return ['rms', 'momentum', 'mg'];
  }

  protected slotCount(): number {
    return 3;
  }

  protected rule(): UpdateRule {
    return { kernel: 'rmspropUpdate', scalars: [this.learningRate, this.rho, this.momentum, this.epsilon, this.centered ? 1 : 0] };
  }

  getConfig(): Record<string, number | boolean> {
    return { learning_rate: this.learningRate, rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
