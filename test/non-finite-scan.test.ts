// firstNonFinite, the scan behind every "expected finite numbers" error, takes a block-sum shortcut
// for float32 data: it must still report exactly the first NaN or ±Infinity, wherever it sits, and
// never flag finite data, however large.
import { describe, expect, it } from 'vitest';
import { firstNonFinite } from '../src/tensor.js';

const naive = (data: ArrayLike<number>): number => {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return i;
  return -1;
};

describe('firstNonFinite', () => {
  it('finds the first NaN or ±Infinity at block edges, in the tail and among several', () => {
    const n = 3 * 4096 + 13;
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      for (const at of [0, 7, 4095, 4096, 4097, 8191, 3 * 4096, n - 1]) {
        const data = new Float32Array(n).map((_, i) => Math.sin(i));
        data[at] = bad;
        expect(firstNonFinite(data), `${bad} at ${at}`).toBe(at);
        if (at + 5000 < n) {
          data[at + 5000] = Number.NaN;
          expect(firstNonFinite(data), `${bad} at ${at}, NaN after`).toBe(at);
        }
      }
    }
    // +Infinity and -Infinity in one block sum to NaN; still found, first one first.
    const both = new Float32Array(100);
    both[40] = -Infinity;
    both[41] = Infinity;
    expect(firstNonFinite(both)).toBe(40);
  });

  it('never flags finite data, even a block of float32 maxima, and agrees with a plain scan on other arrays', () => {
    const max = new Float32Array(3 * 4096 + 5).fill(3.4028234663852886e38);
    expect(firstNonFinite(max)).toBe(-1);
    max.fill(-3.4028234663852886e38, 4096);
    expect(firstNonFinite(max)).toBe(-1);
    expect(firstNonFinite(new Float32Array(0))).toBe(-1);
    const f64 = new Float64Array([1, 1e308, 1e308, Number.NaN]);
    expect(firstNonFinite(f64)).toBe(naive(f64));
    expect(firstNonFinite([1, 2, Infinity])).toBe(2);
    expect(firstNonFinite(new Int32Array(10))).toBe(-1);
  });
});
