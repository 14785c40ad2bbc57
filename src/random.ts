/**
 * The seeded generator behind initialisers, shuffling and (later) dropout: xoshiro128** seeded by
 * splitmix32. It uses only 32-bit integer arithmetic (Math.imul), so a seed gives the same stream in
 * every JavaScript engine.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 bits, exactly representable in float32. */
  uniform(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  integer(n: number): number {
    const limit = Math.floor(4294967296 / n) * n;
    let v = this.nextUint32();
    while (v >= limit) v = this.nextUint32();
    return v % n;
  }

  /** Standard normal via Box-Muller, caching the second value. */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = array[i]!;
      array[i] = array[j]!;
      array[j] = tmp;
    }
    return array;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalRandom = new Random((Math.random() * 4294967296) >>> 0);

/** Makes initialisation, shuffling and dropout repeatable, like `tf.random.set_seed`. */
export function setRandomSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new RangeError(`setRandomSeed(seed): expected an integer, received ${seed}`);
  globalRandom = new Random(seed);
}

/** The process-wide generator used wherever the user does not pass a seed. */
export function getRandom(): Random {
  return globalRandom;
}

/**
 * Runs `fn` with `random` as the global generator, then puts the user's back: loading a model
 * draws throwaway initial weights without moving the seeded stream that shuffles and drops out.
 */
export function withRandom<T>(random: Random, fn: () => T): T {
  const saved = globalRandom;
  globalRandom = random;
  try {
    return fn();
  } finally {
    globalRandom = saved;
  }
}
