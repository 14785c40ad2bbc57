// Mutation fuzzing of every parser family: seeded mutations of real fixture files (bit flips,
// boundary values in length fields, truncation, duplicated and inserted chunks), each outcome
// classified. A parser may return or throw an AxonError; anything else is a defect: an untyped
// error, a result over 256 MB, a result whose shape and data disagree, and in the long form an
// input that takes over a second. `npm run fuzz` runs the long form (FUZZ_INPUTS per family, a
// report in test/fuzz/report.json); test/fuzz/fuzz.test.ts runs a short seeded form inside the
// suite, without the time check (tests never assert timings; a hang still fails it by timeout).
import { readFileSync } from 'node:fs';
import { AxonError } from '../../src/errors.js';
import { concatBytes } from '../../src/data/bytes.js';
import { elementCount } from '../../src/data/shape.js';
import { decodeIdx, gunzip, parseNpy, parseNpz, parseTar, unpickle } from '../../src/data/index.js';
import type { NpyArray } from '../../src/data/index.js';
import type { Tensor } from '../../src/tensor.js';

export type Outcome = 'ok' | 'typed' | 'untyped' | 'slow' | 'big' | 'mismatch';
export const DEFECTS: readonly Outcome[] = ['untyped', 'slow', 'big', 'mismatch'];
const BIG_BYTES = 256 * 2 ** 20;

/** xorshift32: the same seed gives the same inputs on every run and machine. */
function generator(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return Math.floor(((s >>> 0) / 4294967296) * n);
  };
}

const INTERESTING_U8 = [0, 1, 0x7f, 0x80, 0xff];

/** One to four mutations of a seed file. */
export function mutate(seed: Uint8Array, int: (n: number) => number): Uint8Array {
  let out: Uint8Array = seed.slice();
  for (let k = 1 + int(4); k > 0 && out.length > 0; k--) {
    const at = int(out.length);
    switch (int(6)) {
      case 0:
        out[at] = out[at]! ^ (1 << int(8));
        break;
      case 1:
        out[at] = INTERESTING_U8[int(INTERESTING_U8.length)]!;
        break;
      case 2: {
        // A length or size field set to a boundary value, in either byte order.
        if (out.length < 4) break;
        const values = [0, 1, 0xffffffff, 0x7fffffff, 0x10000, out.length, out.length + 1];
        new DataView(out.buffer).setUint32(int(out.length - 3), values[int(values.length)]!, int(2) === 0);
        break;
      }
      case 3:
        out = out.slice(0, at);
        break;
      case 4: {
        const chunk = out.slice(at, at + 1 + int(64));
        out = concatBytes([out.subarray(0, at), chunk, out.subarray(at)]);
        break;
      }
      default:
        out = concatBytes([out.subarray(0, at), Uint8Array.from({ length: 1 + int(16) }, () => int(256)), out.subarray(at)]);
    }
  }
  return out;
}

const dataBytes = (data: ArrayLike<unknown>): number => ((data as { byteLength?: number }).byteLength ?? data.length * 8);

/** Bytes held by a parser's result, and whether its shapes and data agree. */
interface Check { bytes: number; consistent: boolean }

function checkArray(a: NpyArray): Check {
  return { bytes: dataBytes(a.data), consistent: elementCount(a.shape) === a.data.length };
}

function checkAll(checks: Check[]): Check {
  return { bytes: checks.reduce((a, c) => a + c.bytes, 0), consistent: checks.every((c) => c.consistent) };
}

export interface Family {
  name: string;
  /** Fixture files (under test/fixtures) the mutations start from, with the offset the data starts at. */
  seeds: { file: string; from?: number }[];
  run(bytes: Uint8Array): Promise<Check>;
}

export const FAMILIES: Family[] = [
  {
    name: 'idx',
    seeds: [{ file: 'idx/images-u8.idx' }, { file: 'idx/images-u8.idx.gz' }, { file: 'idx/floats-f32.idx' }, { file: 'idx/ints-i32.idx' }],
    async run(bytes) {
      const t: Tensor = await decodeIdx(bytes, 'fuzz.idx');
      return { bytes: t.data.byteLength, consistent: elementCount(t.shape) === t.data.length };
    },
  },
  {
    name: 'npy',
    seeds: ['f8', 'i8', 'u1', 'b1', 'be-i4', 'fortran-i4-3d', 'scalar-f8', 'empty-f4', 'f8-v3', 'object-lists', 'object-ndarrays'].map((n) => ({ file: `npy/${n}.npy` })),
    run: async (bytes) => checkArray(parseNpy(bytes, 'fuzz.npy')),
  },
  {
    name: 'npz',
    seeds: [{ file: 'npz/stored.npz' }, { file: 'npz/deflated.npz' }, { file: 'npz/numpy-savez.npz' }, { file: 'imdb/imdb.npz' }],
    run: async (bytes) => checkAll(Object.values(await parseNpz(bytes, 'fuzz.npz')).map(checkArray)),
  },
  {
    name: 'pickle',
    // The pickles inside object-array .npy files (their headers are 128 bytes).
    seeds: ['object-lists', 'object-lists-p2', 'object-lists-p5', 'object-lists-py2', 'object-ndarrays'].map((n) => ({ file: `npy/${n}.npy`, from: 128 })),
    async run(bytes) {
      const value = unpickle(bytes, 'fuzz.pkl');
      return { bytes: Array.isArray(value) ? value.length * 8 : 8, consistent: true };
    },
  },
  {
    name: 'tar',
    seeds: [{ file: 'california-housing/cal_housing.tgz' }],
    async run(bytes) {
      const entries = parseTar(bytes, 'fuzz.tar');
      return { bytes: entries.reduce((a, e) => a + e.data.length, 0), consistent: true };
    },
  },
  {
    name: 'gzip',
    seeds: [{ file: 'idx/images-u8.idx.gz' }, { file: 'california-housing/cal_housing.tgz' }],
    async run(bytes) {
      return { bytes: (await gunzip(bytes, 'fuzz.gz')).length, consistent: true };
    },
  },
];

export interface FamilyReport {
  family: string;
  inputs: number;
  counts: Record<Outcome, number>;
  /** The first few defects: outcome, message, and the input in base64 to reproduce it. */
  defects: { outcome: Outcome; message: string; input: string }[];
}

/**
 * Runs `inputs` mutated inputs of one family from `seed`; the tar family's seeds are gunzipped
 * first. An input that takes longer than `slowMs` counts as 'slow' (Infinity: no time check).
 */
export async function fuzzFamily(family: Family, inputs: number, seed: number, fixtures: string, slowMs = Infinity): Promise<FamilyReport> {
  const corpus: Uint8Array[] = [];
  for (const s of family.seeds) {
    const bytes = new Uint8Array(readFileSync(`${fixtures}/${s.file}`)).subarray(s.from ?? 0);
    corpus.push(family.name === 'tar' ? await gunzip(bytes, s.file) : bytes);
  }
  const int = generator(seed);
  const counts: Record<Outcome, number> = { ok: 0, typed: 0, untyped: 0, slow: 0, big: 0, mismatch: 0 };
  const defects: FamilyReport['defects'] = [];
  for (let i = 0; i < inputs; i++) {
    const input = mutate(corpus[int(corpus.length)]!, int);
    const started = performance.now();
    let outcome: Outcome;
    let message = '';
    try {
      const check = await family.run(input);
      outcome = !check.consistent ? 'mismatch' : check.bytes > BIG_BYTES ? 'big' : 'ok';
      message = outcome === 'ok' ? '' : `result of ${check.bytes} bytes, shapes ${check.consistent ? 'consistent' : 'inconsistent'}`;
    } catch (error) {
      outcome = error instanceof AxonError ? 'typed' : 'untyped';
      message = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error);
    }
    if ((outcome === 'ok' || outcome === 'typed') && performance.now() - started > slowMs) {
      outcome = 'slow';
      message = `${Math.round(performance.now() - started)} ms`;
    }
    counts[outcome]++;
    if (DEFECTS.includes(outcome) && defects.length < 10) defects.push({ outcome, message, input: Buffer.from(input).toString('base64') });
  }
  return { family: family.name, inputs, counts, defects };
}

/** The fixture folder the seeds come from. */
export const FIXTURES = new URL('../fixtures', import.meta.url).pathname;
