import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fashionMnist } from '../../src/data/datasets/fashion-mnist.js';
import { FormatError, ValueError } from '../../src/errors.js';
import { FIXTURES, expected } from './fixtures.js';

const DEBIAN = '/usr/share/datasets/fashion-mnist';

describe('fashionMnist', () => {
  it('has the ten Keras class names', () => {
    expect(fashionMnist.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  });

  it.skipIf(!existsSync(`${DEBIAN}/train-images-idx3-ubyte.gz`))('loads the real data from the Debian package', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await fashionMnist.loadData({ dir: DEBIAN });
    expect(xTrain.shape).toEqual([60000, 28, 28]);
    expect(yTrain.shape).toEqual([60000]);
    expect(xTest.shape).toEqual([10000, 28, 28]);
    expect(yTest.shape).toEqual([10000]);
    expect([xTrain.dtype, yTrain.dtype, xTest.dtype, yTest.dtype]).toEqual(['uint8', 'uint8', 'uint8', 'uint8']);
    expect(Array.from(yTrain.data.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    const counts = new Array(10).fill(0);
    for (const label of yTrain.data) counts[label]++;
    expect(counts).toEqual(new Array(10).fill(6000));
    const testCounts = new Array(10).fill(0);
    for (const label of yTest.data) testCounts[label]++;
    expect(testCounts).toEqual(new Array(10).fill(1000));
  });

  it.skipIf(!existsSync(`${DEBIAN}/train-images-idx3-ubyte.gz`))('checks the Debian copies by the checksum of their decompressed content', async () => {
    // An empty cache and no downloads: only verified copies in /usr/share/datasets can answer.
    const cacheDir = mkdtempSync(join(tmpdir(), 'axon-fm-'));
    try {
      const [[, yTrain]] = await fashionMnist.loadData({ cacheDir, download: false });
      expect(yTrain.shape).toEqual([60000]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('reads a folder given as options.dir', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await fashionMnist.loadData({ dir: `${FIXTURES}fashion-mnist` });
    expect(xTrain.shape).toEqual([7, 28, 28]);
    expect(xTest.shape).toEqual([4, 28, 28]);
    expect(Array.from(yTrain.data)).toEqual(expected.fashionMnist.train.labels);
    expect(Array.from(yTest.data)).toEqual(expected.fashionMnist.t10k.labels);
    expect(xTrain.data.reduce((a, b) => a + b, 0)).toBe(expected.fashionMnist.train.pixelSum);
    expect(Array.from(xTrain.data.subarray(0, 28))).toEqual(expected.fashionMnist.train.firstRow);
  });

  it('takes the files as bytes, as browsers pass them', async () => {
    const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
    const files = Object.fromEntries(names.map((n) => {
      const buf = readFileSync(`${FIXTURES}fashion-mnist/${n}`);
      return [n, buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)];
    }));
    const [[, yTrain]] = await fashionMnist.loadData({ files });
    expect(Array.from(yTrain.data)).toEqual(expected.fashionMnist.train.labels);
  });

  it('names the missing file when options.dir lacks it', async () => {
    await expect(fashionMnist.loadData({ dir: `${FIXTURES}idx` })).rejects.toThrow(ValueError);
    await expect(fashionMnist.loadData({ dir: `${FIXTURES}idx` })).rejects.toThrow(/options\.dir: expected an existing file, received ".*idx\/t(rain|10k)-.*-ubyte\.gz" \(not found\)/);
  });

  it('rejects files of the wrong kind with the file name', async () => {
    const files = { 'train-images-idx3-ubyte.gz': new Uint8Array([1, 2, 3, 4, 5]) };
    await expect(fashionMnist.loadData({ files, dir: `${FIXTURES}fashion-mnist` })).rejects.toThrow(FormatError);
    await expect(fashionMnist.loadData({ files, dir: `${FIXTURES}fashion-mnist` })).rejects.toThrow(/train-images-idx3-ubyte\.gz: expected IDX magic/);
  });
});
