// Edge cases of StandardScaler, toCategorical, vectorizeSequences and padSequences that the main
// suites do not reach: features that are constant, centred at zero, tiny or far from zero; one
// sample; one class or one column; labels and indices at the exclusive upper bound; sequences of
// length one and maxlen 1.
import { describe, expect, it } from 'vitest';
import { padSequences } from '../../src/data/preprocessing/pad-sequences.js';
import { StandardScaler } from '../../src/data/preprocessing/standard-scaler.js';
import { toCategorical } from '../../src/data/preprocessing/to-categorical.js';
import { vectorizeSequences } from '../../src/data/preprocessing/vectorize-sequences.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor.js';

describe('StandardScaler edges', () => {
  it('gives constant features scale 1 and transforms them to 0, whether zero, negative or positive', () => {
    const x = [[0, -2.5, 3], [0, -2.5, 3], [0, -2.5, 3]];
    const scaler = new StandardScaler().fit(x);
    // scikit-learn: var_ [0, 0, 0], scale_ [1, 1, 1], transform all zeros.
    expect(Array.from(scaler.variance!)).toEqual([0, 0, 0]);
    expect(Array.from(scaler.scale!)).toEqual([1, 1, 1]);
    expect(scaler.transform(x).toArray()).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  it('divides a feature centred exactly at zero by its standard deviation', () => {
    const scaler = new StandardScaler().fit([[-2], [2], [-2], [2]]);
    expect([scaler.mean![0], scaler.scale![0]]).toEqual([0, 2]);
    expect(scaler.transform([[-2], [2]]).toArray()).toEqual([[-1], [1]]);
  });

  it('standardizes a feature with a tiny but real spread instead of calling it constant', () => {
    const x = [0, 1, 3, 4].map((k) => [k * 2 ** -20]); // exact in float32
    const scaler = new StandardScaler().fit(x);
    // StandardScaler().fit(x) in scikit-learn 1.2: var_ 2.2737367544323206e-12, scale_ 1.5078914929239175e-06.
    expect(scaler.variance![0]).toBeCloseTo(2.2737367544323206e-12, 24);
    expect(scaler.scale![0]).toBeCloseTo(1.5078914929239175e-6, 18);
    const out = scaler.transform(x).data;
    [-1.2649110640673518, -0.6324555320336759, 0.6324555320336759, 1.2649110640673518].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
  });

  it('keeps full precision for a feature far from zero (two-pass variance)', () => {
    // 100,000 samples of 1e7 + (i mod 3): a one-pass or shifted formula loses digits to cancellation.
    const n = 100000;
    const x = tensor(Float32Array.from({ length: n }, (_, i) => 1e7 + (i % 3)), [n, 1]);
    const scaler = new StandardScaler().fit(x);
    // scikit-learn 1.2 on the same column: mean_ 10000000.99999, var_ 0.6666699999 (also exact by hand).
    expect(scaler.mean![0]).toBeCloseTo(10000000.99999, 7);
    expect(scaler.variance![0]).toBeCloseTo(0.6666699999, 11);
  });

  it('fits a single sample like scikit-learn: the sample is the mean, scale 1', () => {
    const scaler = new StandardScaler().fit([[5, -1]]);
    // scikit-learn: mean_ [5, -1], var_ [0, 0], scale_ [1, 1]; transform([[5, -1], [7, 0]]) = [[0, 0], [2, 1]].
    expect([Array.from(scaler.mean!), Array.from(scaler.variance!), Array.from(scaler.scale!)]).toEqual([[5, -1], [0, 0], [1, 1]]);
    expect(scaler.transform([[5, -1], [7, 0]]).toArray()).toEqual([[0, 0], [2, 1]]);
    expect(() => new StandardScaler().fit(tensor(new Float32Array(0), [0, 2]))).toThrow(ShapeError);
    expect(() => new StandardScaler().fit(tensor(new Float32Array(0), [0, 2]))).toThrow(/StandardScaler\.fit\(x\): expected at least one sample, received 0/);
  });

  it('counts the samples seen: none before fit, the rows of the last fit after', () => {
    const scaler = new StandardScaler();
    expect(scaler.nSamplesSeen).toBe(0);
    expect(scaler.fit([[1], [2], [4]]).nSamplesSeen).toBe(3);
    expect(scaler.fit([[1], [2]]).nSamplesSeen).toBe(2);
  });
});

describe('toCategorical edges', () => {
  it('drops the trailing axis of a [n, 1] label column, like Keras', () => {
    const out = toCategorical(tensor(new Int32Array([0, 2, 1]), [3, 1]));
    expect(out.shape).toEqual([3, 3]);
    expect(out.toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  });

  it('accepts numClasses 1', () => {
    expect(toCategorical([0, 0], 1).toArray()).toEqual([[1], [1]]);
  });

  it('rejects a label equal to numClasses anywhere, not only in the last row', () => {
    // Writing it would set the next row's first class.
    expect(() => toCategorical([3, 0], 3)).toThrow(/toCategorical\(y\): label 3 at position 0 is out of range for numClasses=3/);
  });

  it('encodes no labels with an explicit numClasses, and refuses to infer it from none', () => {
    expect(toCategorical([], 3).shape).toEqual([0, 3]);
    // Keras computes max(y) + 1, which raises on an empty array.
    expect(() => toCategorical([])).toThrow(ValueError);
    expect(() => toCategorical([])).toThrow(/toCategorical\(numClasses\): cannot infer the number of classes from no labels; pass numClasses/);
  });
});

describe('vectorizeSequences edges', () => {
  it('accepts dimension 1', () => {
    expect(vectorizeSequences([[0], []], 1).toArray()).toEqual([[1], [0]]);
  });

  it('rejects an index equal to the dimension in any sequence', () => {
    // Writing it would mark word 0 of the next row.
    expect(() => vectorizeSequences([[5], [1]], 5)).toThrow(/expected indices in \[0, 5\), received 5 in sequence 0/);
  });

  it('rejects fractional and negative indices', () => {
    // numpy refuses a float index; a negative one would mark the previous row.
    expect(() => vectorizeSequences([[0], [1.5]], 5)).toThrow(/expected indices in \[0, 5\), received 1\.5 in sequence 1/);
    expect(() => vectorizeSequences([[0], [-1]], 5)).toThrow(/expected indices in \[0, 5\), received -1 in sequence 1/);
  });
});

describe('padSequences edges', () => {
  it('places sequences of length one', () => {
    expect(padSequences([[7], [1, 2]]).toArray()).toEqual([[0, 7], [1, 2]]);
    expect(padSequences([[7], [1, 2]], { padding: 'post' }).toArray()).toEqual([[7, 0], [1, 2]]);
  });

  it('keeps the last element with maxlen 1, or the first when truncating post', () => {
    expect(padSequences([[1, 2, 3], [4]], { maxlen: 1 }).toArray()).toEqual([[3], [4]]);
    expect(padSequences([[1, 2, 3], [4]], { maxlen: 1, truncating: 'post' }).toArray()).toEqual([[1], [4]]);
  });

  it('pads into uint8', () => {
    const out = padSequences([[1, 2], [3]], { dtype: 'uint8' });
    expect([out.dtype, out.shape]).toEqual(['uint8', [2, 2]]);
    expect(out.toArray()).toEqual([[1, 2], [0, 3]]);
  });
});
