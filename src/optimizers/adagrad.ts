import type { UpdateRule } from '../backends/backend.js';
import { Optimizer, checkHyper } from './optimizer.js';
import { checkOptions } from '../options.js';
import type { LearningRateSchedule } from './schedules.js';

export interface AdagradArgs {
  /** A number, or a LearningRateSchedule evaluated at every update. */
  learningRate?: number | LearningRateSchedule;
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/** Keras Adagrad: lr 0.001, initial accumulator 0.1, epsilon 1e-7. */
export class Adagrad extends Optimizer {
  static readonly kerasNames = ['adagrad', 'Adagrad'] as const;
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super();
    checkOptions(args, ['learningRate', 'initialAccumulatorValue', 'epsilon'], 'Adagrad');
    this.initLearningRate(args.learningRate, 0.001);
    this.initialAccumulatorValue = checkHyper('Adagrad', 'initialAccumulatorValue', args.initialAccumulatorValue ?? 0.1, 0);
    this.epsilon = checkHyper('Adagrad', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  protected override slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected slotCount(): number {
    return 1;
  }

  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }

  protected rule(): UpdateRule {
    return { kernel: 'adagradUpdate', scalars: [this.learningRate, this.epsilon] };
  }

  getConfig(): Record<string, number> {
    return { learning_rate: this.learningRate, initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
