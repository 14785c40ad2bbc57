import type { Logs } from '../models/history.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Tensor } from '../tensor.js';
import type { SaveDestination } from '../io/handlers.js';

export type { Logs };

/** What a callback may do to the model being trained (Keras' `self.model`). */
export interface TrainingModel {
  /** Set to true to end fit() after the current batch (Keras 3 checks it after every batch). */
  stopTraining: boolean;
  readonly optimizer: Optimizer | null;
  getWeightsAsync(): Promise<Tensor<'float32'>[]>;
  setWeights(weights: Tensor[]): void;
  /** ModelCheckpoint saves through these (see Model.save). */
  save(destination: SaveDestination, options?: { includeOptimizer?: boolean }): Promise<unknown>;
  saveWeights(destination: SaveDestination): Promise<unknown>;
}

/** fit()'s settings, as Keras' `self.params`. */
export interface TrainingParams {
  epochs: number;
  steps: number;
  samples: number;
  batchSize: number;
  verbose: number;
}

/**
 * Keras' Callback: extend it and override the hooks you need; fit() sets `model` and `params`
 * before training starts. A plain object with some of the hooks works as a callback too. Every
 * hook may return a promise, which fit() awaits.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Callback {
  model?: TrainingModel;
  params?: TrainingParams;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Callback {
  /** Called with the model before training (for plain-object callbacks; Callback subclasses get `model`). */
  setModel?(model: TrainingModel): void;
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  /** `logs` is the epoch's record: keys a callback adds (ReduceLROnPlateau's learning_rate) reach the History. */
  onEpochEnd?(epoch: number, logs?: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
}

type Hook = 'onTrainBegin' | 'onTrainEnd' | 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd';

/** Dispatches to several callbacks, awaiting only those that return promises. */
export class CallbackList {
  private readonly callbacks: Callback[];

  constructor(callbacks: Callback[], model: TrainingModel, params: TrainingParams) {
    this.callbacks = callbacks;
    for (const c of callbacks) {
      if (c instanceof Callback) {
        c.model = model;
        c.params = params;
      }
      c.setModel?.(model);
    }
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
      // onEpochEnd shares the epoch's record, so that keys callbacks add are kept; others get copies.
      const logs = hook === 'onEpochEnd' ? b : { ...b };
      const result = typeof a === 'number' ? fn.call(c, a, logs) : fn.call(c, { ...a });
      if (result && typeof (result as Promise<void>).then === 'function') await result;
    }
  }
}
