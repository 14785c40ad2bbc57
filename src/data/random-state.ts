import { ValueError, describe } from '../errors.js';

const N = 624;
const M = 397;

/**
 * numpy's legacy `np.random.RandomState` for integer seeds: MT19937 seeded with `init_genrand`, and
 * `shuffle`/`permutation`/`choice(replace=False)` drawing through numpy's `random_interval`. Keras
 * (seed 113) and scikit-learn (`random_state=int`) shuffle with exactly this, so the same seed
 * gives the same order as in Python.
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValueError(`RandomState(seed): expected an integer in [0, 2**32 - 1], received ${describe(seed)}`);
    }
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      // 1812433253 * prev overflows 2**53, so multiply the 16-bit halves separately.
      this.mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** The next raw 32-bit output (numpy's `next_uint32`). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform integer in [0, max] by rejection under the smallest covering bit mask. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new ValueError(`randomInterval(max): expected at most 2**32 - 1, received ${max}`);
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** Fisher-Yates in place, from the end, like `RandomState.shuffle`. */
  shuffle<T>(items: { length: number; [i: number]: T }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
  }

  /** `permutation(n)`: a shuffled `[0, n)`; `permutation(array)`: a shuffled copy. */
  permutation(n: number): number[];
  permutation<T>(items: readonly T[]): T[];
  permutation<T>(arg: number | readonly T[]): (number | T)[] {
    const out: (number | T)[] = typeof arg === 'number' ? Array.from({ length: arg }, (_, i) => i) : [...arg];
    this.shuffle(out);
    return out;
  }

  /** `choice(items, size, replace=False)` without weights: the first `size` of a permutation. */
  choice<T>(items: readonly T[], size: number): T[] {
    if (size > items.length) throw new ValueError(`choice(size): expected at most ${items.length} items without replacement, received ${size}`);
    const order = this.permutation(items.length);
    return order.slice(0, size).map((i) => items[i]!);
  }
}

/** A seed, an existing generator (shared draws), or undefined for a fresh unseeded one. */
export type RandomSeed = number | RandomState | undefined;

/** Like scikit-learn's `check_random_state`: seeds make a new generator, generators are reused. */
export function toRandomState(seed: RandomSeed, argument: string): RandomState {
  if (seed instanceof RandomState) return seed;
  if (seed === undefined) return new RandomState(Math.floor(Math.random() * 0x100000000));
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ValueError(`${argument}: expected an integer seed in [0, 2**32 - 1] or a RandomState, received ${describe(seed)}`);
  }
  return new RandomState(seed);
}
