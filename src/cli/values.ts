import { UsageError } from '../errors.js';

// Flag values arrive as strings; each reader names the flag, the expected form and what it got, so
// that a typo stops the command (exit code 2) before any data is loaded.

function received(value: string): string {
  return JSON.stringify(value);
}

/** An integer flag, at least `min`. */
export function integerFlag(value: string | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min) throw new UsageError(`--${flag}: expected an integer >= ${min}, received ${received(value)}`);
  return parsed;
}

/** A number flag from `min` (above it with `minOpen`) to below `max`: a fraction, a learning rate. */
export function numberFlag(value: string | undefined, flag: string, fallback: number, range: { min: number; max?: number; minOpen?: boolean }): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  const above = range.minOpen ? parsed > range.min : parsed >= range.min;
  const below = range.max === undefined || parsed < range.max;
  if (value.trim() === '' || !Number.isFinite(parsed) || !above || !below) {
    const bounds = `${range.minOpen ? '>' : '>='} ${range.min}${range.max === undefined ? '' : ` and < ${range.max}`}`;
    throw new UsageError(`--${flag}: expected a number ${bounds}, received ${received(value)}`);
  }
  return parsed;
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(value: string | undefined, flag: string, choices: readonly T[], fallback: T): T;
export function choiceFlag<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined;
export function choiceFlag<T extends string>(value: string | undefined, flag: string, choices: readonly T[], fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${flag}: expected one of ${choices.join(', ')}, received ${received(value)}`);
  return value as T;
}

/** A comma-separated list of positive integers, such as layer widths `300,100`; `''` is an empty list. */
export function integerListFlag(value: string | undefined, flag: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  if (value.trim() === '') return [];
  return value.split(',').map((item) => {
    const parsed = Number(item);
    if (item.trim() === '' || !Number.isInteger(parsed) || parsed < 1) throw new UsageError(`--${flag}: expected positive integers separated by commas, received ${received(value)}`);
    return parsed;
  });
}

/** The string value of a flag (parseArgs already refused a missing value). */
export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
