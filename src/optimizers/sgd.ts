import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface SGDArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  momentum?: number;
  nesterov?: boolean;
}

/** Keras SGD: lr 0.01, optional (Nesterov) momentum, with tfjs' accumulation form. */
export class SGD extends Optimizer {
  static readonly kerasNames = ['sgd', 'SGD'] as const;
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'momentum', 'nesterov'], 'SGD');
    this.initLearningRate(args.learningRate, 0.01);
    this.momentum = checkHyper('SGD', 'momentum', args.momentum ?? 0, 0);
    this.nesterov = args.nesterov ?? false;
  }

  protected override slotNames(): readonly string[] {
    return this.slotCount() ? ['momentum'] : [];
  }

  protected slotCount(): number {
    return this.momentum > 0 ? 1 : 0;
  }

  protected rule(): UpdateRule {
    if (this.momentum > 0) return { kernel: 'momentumUpdate', scalars: [this.learningRate, this.momentum, this.nesterov ? 1 : 0] };
    return { kernel: 'sgdUpdate', scalars: [this.learningRate] };
  }

  getConfig(): Record<string, number | boolean> {
    return { learning_rate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}
