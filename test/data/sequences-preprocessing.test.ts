import { describe, expect, it } from 'vitest';
import { padSequences } from '../../src/data/preprocessing/pad-sequences.js';
import { toCategorical } from '../../src/data/preprocessing/to-categorical.js';
import { vectorizeSequences } from '../../src/data/preprocessing/vectorize-sequences.js';
import { ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor.js';

describe('toCategorical', () => {
  it('one-hot encodes like keras.utils.to_categorical', () => {
    const out = toCategorical([0, 2, 1], 4);
    expect([out.dtype, out.shape]).toEqual(['float32', [3, 4]]);
    expect(out.toArray()).toEqual([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]]);
  });

  it('infers numClasses and drops a trailing axis of 1', () => {
    const out = toCategorical(tensor(new Int32Array([1, 0, 2, 2]), [2, 2, 1]));
    expect(out.shape).toEqual([2, 2, 3]);
    expect(toCategorical(tensor(new Uint8Array([3]))).toArray()).toEqual([[0, 0, 0, 1]]);
  });

  it('rejects labels outside the classes', () => {
    expect(() => toCategorical([0, 5], 3)).toThrow(ValueError);
    expect(() => toCategorical([0, 5], 3)).toThrow(/toCategorical\(y\): label 5 at position 1 is out of range for numClasses=3/);
    expect(() => toCategorical([0, -1])).toThrow(/expected non-negative integer labels, received -1 at position 1/);
    expect(() => toCategorical([0.5])).toThrow(/received 0\.5 at position 0/);
    expect(() => toCategorical([0], 0)).toThrow(/toCategorical\(numClasses\): expected a positive integer, received 0/);
  });
});

describe('vectorizeSequences', () => {
  it('multi-hot encodes into float32 [n, dimension]', () => {
    const out = vectorizeSequences([[1, 3, 3], [], [0]], 5);
    expect([out.dtype, out.shape]).toEqual(['float32', [3, 5]]);
    expect(out.toArray()).toEqual([[0, 1, 0, 1, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 0]]);
    expect(vectorizeSequences([[9999]]).shape).toEqual([1, 10000]);
  });

  it('rejects indices beyond the dimension', () => {
    expect(() => vectorizeSequences([[1], [7]], 5)).toThrow(/vectorizeSequences\(sequences\): expected indices in \[0, 5\), received 7 in sequence 1/);
    expect(() => vectorizeSequences([[1]], 0)).toThrow(/vectorizeSequences\(dimension\): expected a positive integer, received 0/);
  });
});

describe('padSequences', () => {
  const seqs = [[1, 2, 3], [4, 5], [6, 7, 8, 9], []];

  it('pads and truncates at the start by default, like Keras', () => {
    const out = padSequences(seqs, { maxlen: 3 });
    expect([out.dtype, out.shape]).toEqual(['int32', [4, 3]]);
    expect(out.toArray()).toEqual([[1, 2, 3], [0, 4, 5], [7, 8, 9], [0, 0, 0]]);
  });

  it('supports post padding, post truncating, a value and a dtype', () => {
    const out = padSequences(seqs, { maxlen: 3, padding: 'post', truncating: 'post', value: -1, dtype: 'float32' });
    expect(out.dtype).toBe('float32');
    expect(out.toArray()).toEqual([[1, 2, 3], [4, 5, -1], [6, 7, 8], [-1, -1, -1]]);
  });

  it('defaults maxlen to the longest sequence', () => {
    expect(padSequences(seqs).shape).toEqual([4, 4]);
    expect(padSequences([]).shape).toEqual([0, 0]);
  });

  it('rejects bad options and non-array sequences', () => {
    expect(() => padSequences(seqs, { padding: 'middle' as 'pre' })).toThrow(/padSequences\(options\.padding\): expected 'pre' or 'post', received "middle"/);
    expect(() => padSequences(seqs, { maxlen: -2 })).toThrow(/padSequences\(options\.maxlen\): expected a non-negative integer, received -2/);
    expect(() => padSequences([[1], 5 as unknown as number[]])).toThrow(/expected sequence 1 to be an array, received 5/);
  });
});
