import { describe, expect, it } from 'vitest';
import { californiaHousing } from '../../src/data/datasets/california-housing.js';
import { iris } from '../../src/data/datasets/iris.js';
import { mnist } from '../../src/data/datasets/mnist.js';
import { parseTar } from '../../src/data/tar.js';
import { gunzip } from '../../src/data/compression.js';
import { FormatError } from '../../src/errors.js';
import { FIXTURES, expected, fixture } from './fixtures.js';

describe('californiaHousing', () => {
  it("applies scikit-learn's column order and per-household averages", async () => {
    const { data, target, featureNames, targetNames } = await californiaHousing.loadData({ path: `${FIXTURES}california-housing/cal_housing.tgz` });
    expect(featureNames).toEqual(['MedInc', 'HouseAge', 'AveRooms', 'AveBedrms', 'Population', 'AveOccup', 'Latitude', 'Longitude']);
    expect(targetNames).toEqual(['MedHouseVal']);
    expect(data.shape).toEqual([10, 8]);
    const want = (expected.californiaHousing.data as number[][]).flat();
    Array.from(data.data).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
    Array.from(target.data).forEach((v, i) => expect(v).toBeCloseTo(expected.californiaHousing.target[i], 5));
  });

  it('rejects a truncated or foreign archive with the file name', async () => {
    const tar = await gunzip(fixture('california-housing/cal_housing.tgz'), 'cal_housing.tgz');
    expect(parseTar(tar).map((e) => e.name)).toEqual(['CaliforniaHousing/cal_housing.domain', 'CaliforniaHousing/cal_housing.data']);
    expect(() => parseTar(tar.subarray(0, 1100), 'cut.tar')).toThrow(FormatError);
    expect(() => parseTar(tar.subarray(0, 1100), 'cut.tar')).toThrow(/cut\.tar: truncated tar archive/);
    const garbled = tar.slice();
    garbled[10] ^= 0xff;
    expect(() => parseTar(garbled, 'bad.tar')).toThrow(/bad\.tar: corrupt tar header at offset 0 \(checksum mismatch\)/);
    await expect(californiaHousing.loadData({ path: `${FIXTURES}idx/images-u8.idx.gz` })).rejects.toThrow(/cal_housing\.tgz: expected a tar archive, received 76 bytes without a full header/);
  });
});

describe('iris', () => {
  it("equals scikit-learn's load_iris", async () => {
    const { data, target, featureNames, targetNames } = await iris.loadData();
    expect(data.shape).toEqual([150, 4]);
    expect(featureNames).toEqual(expected.iris.featureNames);
    expect(targetNames).toEqual(expected.iris.targetNames);
    expect(Array.from(data.data.subarray(0, 4))).toEqual(expected.iris.first.map(Math.fround));
    expect(Array.from(data.data.subarray(596))).toEqual(expected.iris.last.map(Math.fround));
    const counts = [0, 0, 0];
    for (const t of target.data) counts[t]!++;
    expect(counts).toEqual([50, 50, 50]);
    for (let c = 0; c < 4; c++) {
      let sum = 0;
      for (let r = 0; r < 150; r++) sum += data.data[r * 4 + c]!;
      expect(sum / 150).toBeCloseTo(expected.iris.mean[c], 5);
    }
  });
});

describe('mnist', () => {
  it('reads the Keras mnist.npz layout', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await mnist.loadData({ path: `${FIXTURES}mnist/mnist.npz` });
    expect([xTrain.shape, xTest.shape]).toEqual([[3, 28, 28], [2, 28, 28]]);
    expect(Array.from(yTrain.data)).toEqual(expected.mnist.yTrain);
    expect(Array.from(yTest.data)).toEqual(expected.mnist.yTest);
    expect(xTrain.data.reduce((a, b) => a + b, 0)).toBe(expected.mnist.xTrainSum);
  });

  it('names the explicit path when it does not exist', async () => {
    await expect(mnist.loadData({ path: '/nonexistent/mnist.npz' })).rejects.toThrow(/options\.path: expected an existing file, received "\/nonexistent\/mnist\.npz" \(not found\)/);
  });
});
