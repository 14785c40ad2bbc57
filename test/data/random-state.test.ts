import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/data/random-state.js';
import { ValueError } from '../../src/errors.js';
import { expected } from './fixtures.js';

describe("RandomState (numpy's legacy MT19937)", () => {
  it('produces the same raw 32-bit stream as numpy', () => {
    const rng = new RandomState(113);
    expect(Array.from({ length: 5 }, () => rng.nextUint32())).toEqual(expected.randomState['uint32-seed113']);
  });

  it('permutes exactly like np.random.RandomState(seed).permutation', () => {
    expect(new RandomState(113).permutation(10)).toEqual(expected.randomState['perm-seed113-10']);
    expect(new RandomState(0).permutation(1000).slice(0, 20)).toEqual(expected.randomState['perm-seed0-1000-head']);
    expect(new RandomState(4294967295).permutation(70000).slice(0, 10)).toEqual(expected.randomState['perm-seed4294967295-70000-head']);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new RandomState(-1)).toThrow(ValueError);
    expect(() => new RandomState(2 ** 32)).toThrow(/RandomState\(seed\): expected an integer in \[0, 2\*\*32 - 1\], received 4294967296/);
  });
});
