import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { Callback } from './callback.js';
import type { Logs } from './callback.js';
import { checkCount, checkMode, higherIsBetter, monitored } from './monitor.js';
import type { MonitorMode } from './monitor.js';

export interface EarlyStoppingArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Changes smaller than this do not count as improvements. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before training stops. Default 0. */
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  /** Improvements must also beat this value to reset the patience count. */
  baseline?: number | null;
  /** At the end of training, go back to the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to train before any check. Default 0. */
  startFromEpoch?: number;
}

/** Keras' EarlyStopping: stop when the monitored quantity has stopped improving. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which training was stopped (0 when it ran to the end). */
  stoppedEpoch = 0;
  bestEpoch = 0;
  /** The best monitored value so far (set once, on the first epoch end, as in Keras). */
  best: number | undefined;
  private higher: boolean | undefined;
  private bestWeights: Tensor<'float32'>[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    checkOptions(args, ['monitor', 'minDelta', 'patience', 'verbose', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch'], 'EarlyStopping');
    this.monitor = args.monitor ?? 'val_loss';
    if (typeof this.monitor !== 'string') throw new ValueError(`EarlyStopping(monitor): expected a logs key such as 'val_loss', received ${describe(this.monitor)}`);
    this.minDelta = Math.abs(args.minDelta ?? 0);
    if (!Number.isFinite(this.minDelta)) throw new ValueError(`EarlyStopping(minDelta): expected a finite number, received ${describe(args.minDelta)}`);
    this.patience = checkCount('EarlyStopping', 'patience', args.patience ?? 0);
    this.startFromEpoch = checkCount('EarlyStopping', 'startFromEpoch', args.startFromEpoch ?? 0);
    this.verbose = args.verbose ?? 0;
    this.mode = checkMode('EarlyStopping', args.mode ?? 'auto');
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
  }

  /** Keras' _is_improvement: the value, moved by minDelta against its direction, beats the reference. */
  private improves(value: number, reference: number): boolean {
    return this.higher ? value - this.minDelta > reference : value + this.minDelta < reference;
  }

  override onTrainBegin(): void {
    // Allows an instance to be reused (the best value is kept, as Keras keeps it).
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    if (this.higher === undefined) {
      this.higher = higherIsBetter('EarlyStopping', this.monitor, this.mode);
      this.best = this.higher ? -Infinity : Infinity;
    }
    const current = monitored('EarlyStopping', this.monitor, logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = await this.model!.getWeightsAsync();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.improves(current, this.best!)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = await this.model!.getWeightsAsync();
      // The count restarts only when the baseline is beaten too.
      if (this.baseline === null || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model!.setWeights(this.bestWeights);
    }
  }
}
