import { Callback } from './callback.js';
import type { Logs } from './callback.js';

/**
 * Keras' TerminateOnNaN: stops training when a batch's loss is NaN or infinite. fit() already stops
 * at the first non-finite loss, before the update, by default; this callback is for code written
 * for Keras, and for logs a custom training step produces.
 */
export class TerminateOnNaN extends Callback {
  /** The batch at which it stopped training, if it did. */
  stoppedAt: { epoch: number; batch: number } | null = null;
  private epoch = 0;

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override onBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.['loss'];
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.stoppedAt = { epoch: this.epoch, batch };
      this.model!.stopTraining = true;
    }
  }
}
