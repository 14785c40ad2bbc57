import { FormatError, ValueError, describe } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { decodeNumeric, type NpyArray } from '../npy.js';
import { npyToTensor } from '../npy-tensor.js';
import type { PickleValue, PickledArray } from '../pickle.js';
import type { RandomState } from '../random-state.js';

/** `[[xTrain, yTrain], [xTest, yTest]]` with ragged word-index sequences and int32 labels. */
export type SequenceSplits = [[number[][], Tensor<'int32'>], [number[][], Tensor<'int32'>]];

/** Options shared by the IMDB and Reuters loaders, named like Keras' arguments. */
export interface SequenceOptions {
  /** Keep only the `numWords` most frequent words; others become `oovChar`. Default: all. */
  numWords?: number | null;
  /** Treat the `skipTop` most frequent words as out of vocabulary. Default 0. */
  skipTop?: number;
  /** Drop sequences of `maxlen` words or more (Keras keeps only `len < maxlen`). Default: none. */
  maxlen?: number | null;
  /** Shuffle seed; 113 as in Keras, and numpy's generator, so the order matches Keras'. */
  seed?: number;
  /** Marks the start of each sequence; null for none. Default 1. */
  startChar?: number | null;
  /** Replaces out-of-vocabulary words; null drops them instead. Default 2. */
  oovChar?: number | null;
  /** Offset added to every word index. Default 3. */
  indexFrom?: number;
}

function isIntegerList(value: PickleValue): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v));
}

/** Keras stores each sequence as a Python list (older files: as a small numpy array). */
function toSequence(value: PickleValue, index: number, file: string): number[] {
  if (isIntegerList(value)) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && value.kind === 'ndarray') {
    const array = value as PickledArray;
    const data = Array.isArray(array.data) ? array.data : decodeNumeric(array.data, array.dtype, array.shape, array.fortranOrder, file);
    const out = Array.from(data as ArrayLike<PickleValue | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
    if (isIntegerList(out)) return out;
  }
  throw new FormatError(`${file}: expected sequence ${index} to be a list of integers, received ${describe(value)}`);
}

/** The ragged sequences of an object array. */
export function sequencesOf(array: NpyArray, file: string): number[][] {
  if (!Array.isArray(array.data)) {
    throw new FormatError(`${file}: expected an object array (|O) of sequences, received dtype ${array.dtype}`);
  }
  return array.data.map((v, i) => toSequence(v, i, file));
}

/** Integer labels as an int32 Tensor. */
export function labelsOf(array: NpyArray, file: string): Tensor<'int32'> {
  const t = npyToTensor(array, file);
  if (t.rank !== 1) throw new FormatError(`${file}: expected labels of rank 1, received shape [${t.shape.join(', ')}]`);
  return t.dtype === 'int32' ? (t as Tensor<'int32'>) : t.asType('int32');
}

function checkCount(value: number | null | undefined, name: string, min: number): void {
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || value < min) throw new ValueError(`options.${name}: expected an integer >= ${min}, received ${describe(value)}`);
}

/** The keys of SequenceOptions. */
export const SEQUENCE_OPTIONS = ['numWords', 'skipTop', 'maxlen', 'seed', 'startChar', 'oovChar', 'indexFrom'] as const;

export function checkSequenceOptions(options: SequenceOptions): void {
  checkCount(options.numWords, 'numWords', 0);
  checkCount(options.skipTop, 'skipTop', 0);
  checkCount(options.maxlen, 'maxlen', 0);
  checkCount(options.seed, 'seed', 0);
  checkCount(options.indexFrom, 'indexFrom', 0);
}

/** Rows of `xs`/`labels` in a shuffled order drawn from `rng`, the way Keras shuffles `indices`. */
export function shuffleTogether(xs: number[][], labels: Int32Array, rng: RandomState): [number[][], Int32Array] {
  const order = rng.permutation(xs.length);
  return [order.map((i) => xs[i]!), Int32Array.from(order, (i) => labels[i]!)];
}

/** Keras' start-char/offset step and its `remove_long_seq` (which keeps `len < maxlen` only). */
export function offsetAndFilter(xs: number[][], labels: Int32Array, options: SequenceOptions): [number[][], number[]] {
  const startChar = options.startChar === undefined ? 1 : options.startChar;
  const indexFrom = options.indexFrom ?? 3;
  let out = xs.map((x) => {
    const shifted = x.map((w) => w + indexFrom);
    return startChar === null ? shifted : [startChar, ...shifted];
  });
  let kept = Array.from(labels);
  const maxlen = options.maxlen;
  if (maxlen) {
    const keep = out.map((x) => x.length < maxlen);
    out = out.filter((_, i) => keep[i]);
    kept = kept.filter((_, i) => keep[i]);
  }
  return [out, kept];
}

/**
 * Keras' vocabulary cut. Without `numWords` the cut is the largest index seen, and since the test
 * is `w < numWords` that largest word itself becomes out-of-vocabulary, exactly as in Keras.
 */
export function limitVocabulary(xs: number[][], options: SequenceOptions): number[][] {
  const skipTop = options.skipTop ?? 0;
  const oovChar = options.oovChar === undefined ? 2 : options.oovChar;
  let numWords = options.numWords ?? 0;
  if (!numWords) {
    for (const x of xs) for (const w of x) if (w > numWords) numWords = w;
  }
  const inVocabulary = (w: number): boolean => skipTop <= w && w < numWords;
  if (oovChar === null) return xs.map((x) => x.filter(inVocabulary));
  return xs.map((x) => x.map((w) => (inVocabulary(w) ? w : oovChar)));
}

/** Parses a `*_word_index.json` file: word → rank (1 = most frequent). */
export function parseWordIndex(bytes: Uint8Array, file: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new FormatError(`${file}: expected JSON, ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'number')) {
    throw new FormatError(`${file}: expected a JSON object mapping words to integer indices`);
  }
  return parsed as Record<string, number>;
}
