import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Callback } from './callback.js';
import type { Logs } from './callback.js';

/** (epoch, current learning rate) → the learning rate for this epoch. */
export type Schedule = (epoch: number, learningRate: number) => number;

/**
 * Keras' LearningRateScheduler: at the start of every epoch, sets the optimizer's learning rate to
 * `schedule(epoch, lr)`; every epoch's logs (and so the History) get `learning_rate`.
 */
export class LearningRateScheduler extends Callback {
  readonly verbose: number;

  constructor(readonly schedule: Schedule, args: { verbose?: 0 | 1 } = {}) {
    super();
    if (typeof schedule !== 'function') throw new ValueError(`LearningRateScheduler(schedule): expected a function (epoch, lr) => lr, received ${describe(schedule)}`);
    checkOptions(args, ['verbose'], 'LearningRateScheduler');
    this.verbose = args.verbose ?? 0;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.model!.optimizer!;
    const next = this.schedule(epoch, Math.fround(optimizer.learningRate));
    if (typeof next !== 'number' || !Number.isFinite(next) || next < 0) {
      throw new ValueError(`LearningRateScheduler(schedule): expected a non-negative finite number for epoch ${epoch}, received ${describe(next)}`);
    }
    optimizer.learningRate = next;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${next}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs) logs['learning_rate'] = Math.fround(this.model!.optimizer!.learningRate);
  }
}
