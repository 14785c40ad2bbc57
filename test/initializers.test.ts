// Weight initializers against Keras' definitions: the bound or standard deviation from the fans
// (Keras' `_compute_fans`: rank 1 uses the one dimension for both, rank > 2 multiplies the
// receptive field in), truncation at two standard deviations for the "normal" variance-scaling
// family, and Keras' defaults for random_normal/random_uniform (σ 0.05, ±0.05).
import { describe, expect, it } from 'vitest';
import { Random } from '../src/random.js';
import { getInitializer } from '../src/initializers.js';
import type { InitializerName } from '../src/initializers.js';

function stats(values: Float32Array): { mean: number; variance: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, variance: squares / values.length, maxAbs };
}

type Case = { name: InitializerName; scale: number; fan: 'in' | 'avg'; distribution: 'uniform' | 'normal' };

const VARIANCE_SCALING: Case[] = [
  { name: 'glorot_uniform', scale: 1, fan: 'avg', distribution: 'uniform' },
  { name: 'glorotNormal', scale: 1, fan: 'avg', distribution: 'normal' },
  { name: 'he_uniform', scale: 2, fan: 'in', distribution: 'uniform' },
  { name: 'he_normal', scale: 2, fan: 'in', distribution: 'normal' },
  { name: 'lecun_uniform', scale: 1, fan: 'in', distribution: 'uniform' },
  { name: 'lecunNormal', scale: 1, fan: 'in', distribution: 'normal' },
];

// [shape, fan in, fan out]
const SHAPES: [number[], number, number][] = [
  [[300, 200], 300, 200],
  [[5000], 5000, 5000],
  // Conv1D kernel [width, in, out]: the receptive field is the width alone.
  [[5, 40, 60], 200, 300],
  [[3, 3, 16, 40], 144, 360],
];

describe('variance-scaling initializers', () => {
  for (const c of VARIANCE_SCALING) {
    for (const [shape, fanIn, fanOut] of SHAPES) {
      it(`${c.name} on [${shape.join(', ')}]`, () => {
        const n = c.fan === 'in' ? fanIn : (fanIn + fanOut) / 2;
        const variance = c.scale / n;
        const values = getInitializer(c.name, 'test')(shape, new Random(3));
        expect(values.length).toBe(shape.reduce((a, b) => a * b, 1));
        const s = stats(values);
        // Relative standard error of a variance estimate over ≥ 5,000 draws is ≤ 2%.
        expect(Math.abs(s.variance / variance - 1)).toBeLessThan(0.06);
        expect(Math.abs(s.mean)).toBeLessThan(5 * Math.sqrt(variance / values.length));
        if (c.distribution === 'uniform') {
          const limit = Math.sqrt(3 * variance);
          expect(s.maxAbs).toBeLessThanOrEqual(limit);
          expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
        } else {
          // A normal truncated at 2σ with σ widened by 1/0.8796 so that the variance is kept.
          const bound = (2 * Math.sqrt(variance)) / 0.87962566103423978;
          expect(s.maxAbs).toBeLessThanOrEqual(Math.fround(bound) * (1 + 1e-7));
          expect(s.maxAbs).toBeGreaterThan(0.97 * bound);
        }
      });
    }
  }

  it('a scalar shape has fans of 1', () => {
    const values = getInitializer('he_uniform', 'test')([], new Random(1));
    expect(values.length).toBe(1);
    // he_uniform with fan_in 1: limit √(3·2/1), and the draw is the generator's first uniform.
    expect(values[0]).toBe(Math.fround((new Random(1).uniform() * 2 - 1) * Math.sqrt(6)));
    // glorot_uniform averages the fans: (1 + 1) / 2 = 1, so the limit is √3.
    expect(getInitializer('glorot_uniform', 'test')([], new Random(1))[0]).toBe(Math.fround((new Random(1).uniform() * 2 - 1) * Math.sqrt(3)));
  });
});

describe('other initializers', () => {
  it('zeros and ones', () => {
    expect(Array.from(getInitializer('zeros', 'test')([2, 3], new Random(1)))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(getInitializer('ones', 'test')([4], new Random(1)))).toEqual([1, 1, 1, 1]);
  });

  it('random_normal has Keras σ 0.05, random_uniform Keras ±0.05', () => {
    const normal = stats(getInitializer('random_normal', 'test')([200, 100], new Random(5)));
    expect(Math.abs(normal.variance / 0.0025 - 1)).toBeLessThan(0.04);
    expect(normal.maxAbs).toBeGreaterThan(0.15); // not truncated: 3σ and beyond occur in 20,000 draws
    const uniform = stats(getInitializer('randomUniform', 'test')([200, 100], new Random(5)));
    expect(uniform.maxAbs).toBeLessThanOrEqual(0.05);
    expect(uniform.maxAbs).toBeGreaterThan(0.0499);
    expect(Math.abs(uniform.variance / (0.05 ** 2 / 3) - 1)).toBeLessThan(0.04);
    expect(Math.abs(uniform.mean)).toBeLessThan(0.002);
  });

  it('normal initializers draw every weight, the first included', () => {
    // A weight left at its zero fill would be a dead unit; a continuous draw is never exactly 0.
    for (const name of ['glorot_normal', 'he_normal', 'lecun_normal', 'random_normal'] as const) {
      const values = getInitializer(name, 'test')([3, 4], new Random(2));
      expect(Array.from(values).filter((v) => v === 0), name).toEqual([]);
    }
  });

  it('takes one value of the stream per weight, so the next layer continues where this one stopped', () => {
    // he_* scale by fan_in, which is 10 for all three shapes, so only the stream differs.
    for (const name of ['he_uniform', 'he_normal', 'random_normal', 'random_uniform'] as const) {
      const init = getInitializer(name, 'test');
      const shared = new Random(21);
      const first = init([10, 3], shared);
      const second = init([10, 2], shared);
      expect([...first, ...second], name).toEqual([...init([10, 5], new Random(21))]);
    }
  });

  it('the same generator state gives the same weights', () => {
    const a = getInitializer('glorot_normal', 'test')([7, 9], new Random(11));
    const b = getInitializer('glorot_normal', 'test')([7, 9], new Random(11));
    const c = getInitializer('glorot_normal', 'test')([7, 9], new Random(12));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('functions pass through; unknown names are refused with the list', () => {
    const custom = (shape: readonly number[]): Float32Array => new Float32Array(shape[0]!).fill(7);
    expect(getInitializer(custom, 'test')).toBe(custom);
    expect(() => getInitializer('orthogonal' as InitializerName, 'Dense(kernelInitializer)')).toThrow(/Dense\(kernelInitializer\): unknown initializer "orthogonal"; expected one of glorot_uniform/);
  });
});
