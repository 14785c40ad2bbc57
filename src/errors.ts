/**
 * One error class per kind of mistake, so callers can branch on `instanceof` and messages stay
 * uniform: they name the argument, what was expected, and what was received.
 */
export class AxonError extends Error {
  // Literal names: minifiers rename classes, and `err.name` must still say what went wrong.
  override name = 'AxonError';
}

/** A shape that does not fit: wrong rank, wrong feature count, mismatched lengths. */
export class ShapeError extends AxonError {
  override name = 'ShapeError';
}

/** A value outside its domain: labels out of range, NaN in data, a negative unit count. */
export class ValueError extends AxonError {
  override name = 'ValueError';
}

/** An operation called at the wrong time: fit before compile, predict on an unbuilt model. */
export class StateError extends AxonError {
  override name = 'StateError';
}

/** A file or byte stream that is corrupt, truncated or of the wrong format. */
export class FormatError extends AxonError {
  override name = 'FormatError';
}

/** A command line the `axon` command cannot run: an unknown flag, a bad value, a missing argument (exit code 2). */
export class UsageError extends AxonError {
  override name = 'UsageError';
}

// describe() bounds its work and its output whatever it is given (hostile files reach it through
// error messages): nested arrays are shown 3 levels deep and 8 items wide, so a self-referencing
// list or one array shared a billion times over ("billion laughs") costs at most 8^3 items.
const MAX_DEPTH = 3;
const MAX_ITEMS = 8;
const MAX_CHARS = 200;

function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}

function describeAt(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS)}…` : value);
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return `[${value.length} items]`;
    const shown = value.slice(0, MAX_ITEMS).map((v: unknown) => describeAt(v, depth + 1));
    if (value.length > MAX_ITEMS) shown.push(`… ${value.length - MAX_ITEMS} more`);
    return clip(`[${shown.join(', ')}]`);
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return String(value);
}

/** Renders a received value briefly for an error message: at most about 200 characters. */
export function describe(value: unknown): string {
  return clip(describeAt(value, 0));
}
