import { Callback } from '../callbacks/callback.js';

/** How often training yields to the event loop, so that a Ctrl-C is noticed within a batch or so. */
const YIELD_EVERY_MS = 50;

/**
 * Ctrl-C during fit(): the first SIGINT sets model.stopTraining, so fit() ends after the current
 * batch and the command still saves what was trained; a second one exits at once (130, as a shell
 * reports a SIGINT). A Wasm batch runs without returning to the event loop, so the signal handler
 * only runs when onBatchEnd yields, which it does every YIELD_EVERY_MS.
 */
export class InterruptCallback extends Callback {
  interrupted = false;
  private lastYield = 0;
  private readonly onSignal = (): void => {
    if (this.interrupted) process.exit(130);
    this.interrupted = true;
    process.stderr.write('\nInterrupted: stopping after the current batch (Ctrl-C again to quit without saving)\n');
    if (this.model) this.model.stopTraining = true;
  };

  /** Listens from before fit() until the model is saved, so a Ctrl-C while saving cannot cut the save short. */
  install(): this {
    process.on('SIGINT', this.onSignal);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.onSignal);
  }

  override onTrainBegin(): void {
    this.lastYield = performance.now();
  }

  override async onBatchEnd(): Promise<void> {
    if (this.interrupted && this.model) this.model.stopTraining = true;
    const now = performance.now();
    if (now - this.lastYield < YIELD_EVERY_MS) return;
    this.lastYield = now;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
