import type { Logs } from './history.js';

/** The model a callback is attached to; `stopTraining = true` ends fit() after the current epoch. */
export interface TrainingModel {
  stopTraining: boolean;
}

/**
 * Keras/tfjs callback hooks. Every method is optional and may return a promise, which fit() awaits.
 */
export interface Callback {
  setModel?(model: TrainingModel): void;
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs?: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
}

type Hook = 'onTrainBegin' | 'onTrainEnd' | 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd';

/** Dispatches to several callbacks, awaiting only those that return promises. */
export class CallbackList {
  private readonly callbacks: Callback[];

  constructor(callbacks: Callback[], model: TrainingModel) {
    this.callbacks = callbacks;
    for (const c of callbacks) c.setModel?.(model);
  }

  has(hook: Hook): boolean {
    return this.callbacks.some((c) => typeof c[hook] === 'function');
  }

  async call(hook: 'onTrainBegin' | 'onTrainEnd', logs: Logs): Promise<void>;
  async call(hook: 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd', index: number, logs: Logs): Promise<void>;
  async call(hook: Hook, a: number | Logs, b?: Logs): Promise<void> {
    for (const c of this.callbacks) {
      const fn = c[hook] as ((x: number | Logs, y?: Logs) => void | Promise<void>) | undefined;
      if (!fn) continue;
      const result = typeof a === 'number' ? fn.call(c, a, { ...b }) : fn.call(c, { ...a });
      if (result && typeof (result as Promise<void>).then === 'function') await result;
    }
  }
}
