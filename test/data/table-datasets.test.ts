import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { californiaHousing } from '../../src/data/datasets/california-housing.js';
import { iris } from '../../src/data/datasets/iris.js';
import { mnist } from '../../src/data/datasets/mnist.js';
import { parseTar } from '../../src/data/tar.js';
import { gunzip } from '../../src/data/compression.js';
import { FormatError } from '../../src/errors.js';
import { FIXTURES, expected, fixture } from './fixtures.js';

/** A one-member ustar archive (uncompressed; the loader takes a tar as well as a .tgz). */
function tarOf(name: string, text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const header = new Uint8Array(512);
  const put = (at: number, s: string): void => header.set(new TextEncoder().encode(s), at);
  put(0, name);
  put(100, '0000644\0');
  put(124, `${body.length.toString(8).padStart(11, '0')}\0`);
  put(136, '00000000000\0');
  put(148, '        ');
  put(156, '0');
  put(257, 'ustar\0');
  put(263, '00');
  put(148, `${header.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `);
  const out = new Uint8Array(512 + Math.ceil(body.length / 512) * 512 + 1024);
  out.set(header);
  out.set(body, 512);
  return out;
}

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

  it('refuses rows that would give non-finite features, naming the line', async () => {
    const good = '-122.23,37.88,41,880,129,322,126,8.3252,452600';
    const cases: [string, RegExp][] = [
      ['-122.22,37.86,21,7099,1106,2401,0,8.3014,358500', /line 2, received 0/],
      ['-122.22,37.86,21,Infinity,1106,2401,1138,8.3014,358500', /expected a finite number on line 2, column 4, received "Infinity"/],
      ['-122.22,37.86,21,7099,1106,1e300,1138,8.3014,358500', /line 2 holds values beyond float32 range/],
    ];
    const dir = await mkdtemp(join(tmpdir(), 'axon-housing-'));
    try {
      for (const [row, message] of cases) {
        const path = join(dir, 'cal_housing.tgz');
        await writeFile(path, tarOf('CaliforniaHousing/cal_housing.data', `${good}\n${row}\n`));
        const error: unknown = await californiaHousing.loadData({ path }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FormatError);
        expect((error as Error).message).toMatch(/cal_housing\.tgz:CaliforniaHousing\/cal_housing\.data: /);
        expect((error as Error).message).toMatch(message);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
