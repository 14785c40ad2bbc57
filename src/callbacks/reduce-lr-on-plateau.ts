import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Callback } from './callback.js';
import type { Logs } from './callback.js';
import type { MonitorMode } from './monitor.js';
import { checkCount, checkMode, monitored } from './monitor.js';

export interface ReduceLROnPlateauArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** The learning rate is multiplied by this (< 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before the rate is reduced. Default 10. */
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  /** Improvements smaller than this do not count. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** The rate never goes below this. Default 0. */
  minLr?: number;
}

/**
 * Keras' ReduceLROnPlateau: multiply the optimizer's learning rate by `factor` when the monitored
 * quantity has not improved for `patience` epochs. Every epoch's logs get `learning_rate`, as in
 * Keras, so the History records it. Note Keras' 'auto' mode: maximize when the name contains
 * "acc", minimize otherwise.
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private higher = false;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    checkOptions(args, ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr'], 'ReduceLROnPlateau');
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1) || !(this.factor > 0)) throw new ValueError(`ReduceLROnPlateau(factor): expected a number in (0, 1), received ${describe(args.factor)}`);
    this.patience = checkCount('ReduceLROnPlateau', 'patience', args.patience ?? 10);
    this.cooldown = checkCount('ReduceLROnPlateau', 'cooldown', args.cooldown ?? 0);
    this.verbose = args.verbose ?? 0;
    this.mode = checkMode('ReduceLROnPlateau', args.mode ?? 'auto');
    this.minDelta = args.minDelta ?? 1e-4;
    this.minLr = args.minLr ?? 0;
    this.reset();
  }

  private reset(): void {
    this.higher = this.mode === 'max' || (this.mode === 'auto' && this.monitor.includes('acc'));
    this.best = this.higher ? -Infinity : Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  private improves(value: number): boolean {
    return this.higher ? value > this.best + this.minDelta : value < this.best - this.minDelta;
  }

  override onTrainBegin(): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const optimizer = this.model!.optimizer!;
    // Keras keeps the rate in a float32 variable; the logs and comparisons see that value.
    if (logs) logs['learning_rate'] = Math.fround(optimizer.learningRate);
    const current = monitored('ReduceLROnPlateau', this.monitor, logs);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = Math.fround(optimizer.learningRate);
        if (old > Math.fround(this.minLr)) {
          const next = Math.max(old * this.factor, this.minLr);
          optimizer.learningRate = Math.fround(next);
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
