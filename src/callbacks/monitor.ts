import { ValueError, describe } from '../errors.js';
import { warn } from '../runtime.js';
import type { Logs } from './callback.js';
import { LOSSES } from '../backends/loss-registry.js';

export type MonitorMode = 'auto' | 'min' | 'max';

// Metrics whose value should go up; the loss, each output's loss and every loss used as a metric go down.
const UP = /(^|_)acc(uracy)?$/;
const LOSS_NAMES = new Set(LOSSES.flatMap((l) => [l.name, ...l.aliases]));
function goesDown(name: string): boolean {
  if (name === 'loss' || name.endsWith('_loss')) return true;
  // Multi-output keys carry the output's name in front: main_mae.
  return [...LOSS_NAMES].some((l) => name === l || name.endsWith(`_${l}`));
}

/** A count of epochs (patience, cooldown, startFromEpoch): a non-negative integer. */
export function checkCount(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ValueError(`${owner}(${name}): expected a non-negative integer, received ${describe(value)}`);
  return value;
}

/** `mode` when it is 'auto', 'min' or 'max'; a ValueError naming `owner` otherwise. */
export function checkMode(owner: string, mode: unknown): MonitorMode {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') throw new ValueError(`${owner}(mode): expected 'auto', 'min' or 'max', received ${describe(mode)}`);
  return mode;
}

/**
 * Whether larger values of `monitor` are better, as Keras decides it: by `mode`, or for 'auto'
 * from the metric's name without its `val_` prefix (the loss and error metrics go down, accuracies
 * go up); a name it cannot place is an error asking for a mode, as in Keras.
 */
export function higherIsBetter(owner: string, monitor: string, mode: MonitorMode): boolean {
  if (checkMode(owner, mode) !== 'auto') return mode === 'max';
  const name = monitor.replace(/^val_/, '');
  if (UP.test(name)) return true;
  if (goesDown(name)) return false;
  throw new ValueError(`${owner}(monitor): cannot tell whether ${describe(monitor)} should be maximized or minimized; pass mode: 'max' or mode: 'min'`);
}

/** logs[monitor], or undefined with a warning naming the keys there are (Keras warns and skips the epoch). */
export function monitored(owner: string, monitor: string, logs: Logs | undefined): number | undefined {
  const value = logs?.[monitor];
  if (value === undefined) warn(`${owner} is conditioned on ${JSON.stringify(monitor)}, which is not in the logs; available: ${Object.keys(logs ?? {}).join(', ')}`, 'AxonCallbackWarning');
  return value;
}
