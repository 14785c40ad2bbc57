import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Callback } from './callback.js';
import type { Logs } from './callback.js';
import { checkMode, higherIsBetter, monitored } from './monitor.js';
import type { MonitorMode } from './monitor.js';

export interface ModelCheckpointArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  verbose?: 0 | 1;
  /** Save only when the monitored value improves on the best so far. Default false. */
  saveBestOnly?: boolean;
  /** saveWeights() instead of save(). Default false. */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** 'epoch' (default), or a number of batches between saves. */
  saveFreq?: 'epoch' | number;
  /** With saveBestOnly: the value the first save must beat. */
  initialValueThreshold?: number;
}

/**
 * Python's format fields as Keras' filepath uses them: {epoch}, {epoch:02d}, {val_loss:.2f},
 * {batch}; an unknown name is an error naming the keys there are.
 */
export function formatFilepath(template: string, values: Record<string, number>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d*)(?:\.(\d+))?([df]))?\}/g, (_, name: string, zero: string, width: string, precision: string | undefined, type: string | undefined) => {
    const value = values[name];
    if (value === undefined) throw new ValueError(`ModelCheckpoint(filepath): {${name}} is not in the logs; available: ${Object.keys(values).join(', ')}`);
    let text = type === 'd' ? String(Math.trunc(value)) : type === 'f' ? value.toFixed(Number(precision ?? 6)) : String(value);
    if (width) text = text.padStart(Number(width), zero ? '0' : ' ');
    return text;
  });
}

/**
 * Keras' ModelCheckpoint: saves the model (or its weights) during fit, at the end of every epoch or
 * every `saveFreq` batches, optionally only when `monitor` improves. `filepath` is a save destination
 * (file://, indexeddb://, localstorage://, or in Node a plain directory path) with Keras' format
 * fields: 'file:///tmp/ckpt/epoch-{epoch:02d}-{val_loss:.2f}'.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: MonitorMode;
  readonly saveFreq: 'epoch' | number;
  /** The best monitored value so far (saveBestOnly). */
  best: number;
  /** Destinations saved to, in order. */
  readonly saved: string[] = [];
  /** Whether larger monitored values are better (saveBestOnly). */
  private readonly higher: boolean;
  private batchesSinceSave = 0;
  private epoch = 0;

  constructor(filepath: string, args: ModelCheckpointArgs = {}) {
    super();
    checkOptions(args, ['monitor', 'verbose', 'saveBestOnly', 'saveWeightsOnly', 'mode', 'saveFreq', 'initialValueThreshold'], 'ModelCheckpoint');
    if (typeof filepath !== 'string' || filepath.length === 0) throw new ValueError(`ModelCheckpoint(filepath): expected a destination such as 'file:///tmp/ckpt-{epoch:02d}', received ${describe(filepath)}`);
    this.filepath = filepath.includes('://') ? filepath : `file://${filepath.startsWith('/') ? '' : '/'}${filepath}`;
    this.monitor = args.monitor ?? 'val_loss';
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.mode = checkMode('ModelCheckpoint', args.mode ?? 'auto');
    const freq = args.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isInteger(freq) && (freq as number) > 0)) throw new ValueError(`ModelCheckpoint(saveFreq): expected 'epoch' or a positive number of batches, received ${describe(freq)}`);
    this.saveFreq = freq;
    // Only saveBestOnly compares values: a monitor whose direction is unknown is an error only then.
    this.higher = this.saveBestOnly ? higherIsBetter('ModelCheckpoint', this.monitor, this.mode) : false;
    this.best = args.initialValueThreshold ?? (this.higher ? -Infinity : Infinity);
  }

  private improves(value: number): boolean {
    return this.higher ? value > this.best : value < this.best;
  }

  private async save(logs: Logs | undefined, batch?: number): Promise<void> {
    if (this.saveBestOnly) {
      const current = monitored('ModelCheckpoint', this.monitor, logs);
      if (current === undefined || !this.improves(current)) return;
      this.best = current;
    }
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs ?? {})) if (typeof v === 'number') values[k] = v;
    // As Keras formats it: the metrics, then epoch and batch counted from 1.
    values['epoch'] = this.epoch + 1;
    if (batch !== undefined) values['batch'] = batch + 1;
    const destination = formatFilepath(this.filepath, values);
    if (this.saveWeightsOnly) await this.model!.saveWeights(destination);
    else await this.model!.save(destination);
    this.saved.push(destination);
    if (this.verbose > 0) console.log(`\nEpoch ${this.epoch + 1}: saving model to ${destination}`);
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSinceSave += 1;
    if (this.batchesSinceSave >= this.saveFreq) {
      this.batchesSinceSave = 0;
      await this.save(logs, batch);
    }
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    this.epoch = epoch;
    if (this.saveFreq === 'epoch') await this.save(logs);
  }
}
