/**
 * One error class per kind of mistake, so callers can branch on `instanceof` and messages stay
 * uniform: they name the argument, what was expected, and what was received.
 */
export class AxonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A shape that does not fit: wrong rank, wrong feature count, mismatched lengths. */
export class ShapeError extends AxonError {}

/** A value outside its domain: labels out of range, NaN in data, a negative unit count. */
export class ValueError extends AxonError {}

/** An operation called at the wrong time: fit before compile, predict on an unbuilt model. */
export class StateError extends AxonError {}

/** A file or byte stream that is corrupt, truncated or of the wrong format. */
export class FormatError extends AxonError {}

/** Renders a received value briefly for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return String(value);
}
