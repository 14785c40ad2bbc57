import { describe, expect, it } from 'vitest';
import { imdb } from '../../src/data/datasets/imdb.js';
import { reuters } from '../../src/data/datasets/reuters.js';
import type { SequenceOptions } from '../../src/data/datasets/sequences.js';
import { ValueError } from '../../src/errors.js';
import { FIXTURES, expected } from './fixtures.js';

interface Case {
  options: Record<string, number | null>;
  result: { xTrain: number[][]; yTrain: number[]; xTest: number[][]; yTest: number[] };
}

/** Keras' snake_case arguments, as the fixture script recorded them, in Axon's camelCase. */
function camel(options: Record<string, number | null>): SequenceOptions & { testSplit?: number } {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v]));
}

describe('imdb', () => {
  const cases = Object.entries(expected.imdb as Record<string, Case>);
  it.each(cases)('matches Keras with %s options', async (_name, { options, result }) => {
    const [[xTrain, yTrain], [xTest, yTest]] = await imdb.loadData({ ...camel(options), path: `${FIXTURES}imdb/imdb.npz` });
    expect(xTrain).toEqual(result.xTrain);
    expect(Array.from(yTrain.data)).toEqual(result.yTrain);
    expect(xTest).toEqual(result.xTest);
    expect(Array.from(yTest.data)).toEqual(result.yTest);
    expect(yTrain.dtype).toBe('int32');
  });

  it('reads the word index', async () => {
    expect(await imdb.getWordIndex({ dir: `${FIXTURES}imdb` })).toEqual({ the: 1, and: 2, a: 3, of: 4 });
  });

  it('rejects a maxlen that keeps nothing, and bad option values', async () => {
    const path = `${FIXTURES}imdb/imdb.npz`;
    await expect(imdb.loadData({ path, maxlen: 1 })).rejects.toThrow(/options\.maxlen: no sequence is shorter than maxlen=1/);
    await expect(imdb.loadData({ path, numWords: -1 })).rejects.toThrow(ValueError);
    await expect(imdb.loadData({ path, numWords: 2.5 })).rejects.toThrow(/options\.numWords: expected an integer >= 0, received 2\.5/);
  });

  it('names the array it expected when the archive is another dataset', async () => {
    await expect(imdb.loadData({ path: `${FIXTURES}reuters/reuters.npz` })).rejects.toThrow(/imdb\.npz: expected an array named "x_train", received only \["x","y"\]/);
  });
});

describe('reuters', () => {
  const cases = Object.entries(expected.reuters as Record<string, Case>);
  it.each(cases)('matches Keras with %s options', async (_name, { options, result }) => {
    const [[xTrain, yTrain], [xTest, yTest]] = await reuters.loadData({ ...camel(options), dir: `${FIXTURES}reuters` });
    expect(xTrain).toEqual(result.xTrain);
    expect(Array.from(yTrain.data)).toEqual(result.yTrain);
    expect(xTest).toEqual(result.xTest);
    expect(Array.from(yTest.data)).toEqual(result.yTest);
  });

  it('has the 46 topic names and checks testSplit', async () => {
    expect(reuters.labelNames).toHaveLength(46);
    expect(reuters.labelNames[3]).toBe('earn');
    await expect(reuters.loadData({ dir: `${FIXTURES}reuters`, testSplit: 1.5 })).rejects.toThrow(/options\.testSplit: expected a fraction in \[0, 1\], received 1\.5/);
  });
});
