/**
 * Elements of an array of this shape, or undefined unless every dimension and their product are
 * non-negative safe integers: what a file declares is checked before anything is allocated for it
 * (with a 0 among them, an Infinity or 1e20 dimension would otherwise pass as an empty array).
 */
export function elementCount(shape: readonly unknown[]): number | undefined {
  let count = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) return undefined;
    count *= d as number;
  }
  return Number.isSafeInteger(count) ? count : undefined;
}
