/** Logs of one epoch or batch: loss and metric values under their Keras keys. */
export type Logs = Record<string, number>;

/** What fit() resolves to, as in Keras: `history.history.loss`, `history.epoch`. */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  /**
   * Why fit() ended before its last epoch, when it was not asked to (callbacks set stopTraining):
   * today only a non-finite loss, e.g. "the loss became NaN at epoch 3, batch 12". The epoch it
   * happened in is not recorded.
   */
  stopReason?: string;

  constructor(readonly params: { epochs: number; steps: number; samples: number; batchSize: number; verbose: number }) {}

  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
