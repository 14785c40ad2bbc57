import { FormatError } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { gunzip, isGzip } from '../compression.js';
import { SINGLE_FILE_OPTIONS, loadFile, type DatasetFile, type SingleFileOptions } from '../files.js';
import { parseTar } from '../tar.js';
import { checkOptions } from '../../options.js';

/** A table dataset the way scikit-learn's loaders return it (a `Bunch`). */
export interface TableDataset {
  /** float32 [nSamples, nFeatures] */
  data: Tensor<'float32'>;
  target: Tensor;
  featureNames: readonly string[];
  targetNames: readonly string[];
}

const FILE = {
  dataset: 'california-housing',
  name: 'cal_housing.tgz',
  origin: 'https://ndownloader.figshare.com/files/5976036',
  // sklearn/datasets/_california_housing.py, ARCHIVE.checksum
  hash: 'aaa5c9a6afe2225cc2aed2723682ae403280c4a3695a2ddda4ffb5d8215ea681',
};

const MEMBER = 'CaliforniaHousing/cal_housing.data';
const COLUMNS = 9;

function parseRows(bytes: Uint8Array, file: string): Float64Array {
  const lines = new TextDecoder().decode(bytes).split('\n').filter((l) => l.trim() !== '');
  const out = new Float64Array(lines.length * COLUMNS);
  lines.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== COLUMNS) throw new FormatError(`${file}: expected ${COLUMNS} comma-separated values on line ${r + 1}, received ${cells.length}`);
    cells.forEach((cell, c) => {
      const v = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(v)) throw new FormatError(`${file}: expected a finite number on line ${r + 1}, column ${c + 1}, received ${JSON.stringify(cell)}`);
      out[r * COLUMNS + c] = v;
    });
  });
  return out;
}

/**
 * scikit-learn's `fetch_california_housing`: 20,640 districts, 8 features, median house value in
 * units of $100,000. The raw columns are longitude, latitude, age, rooms, bedrooms, population,
 * households, income, value; like scikit-learn, rooms, bedrooms and population become
 * per-household averages. Arithmetic is float64 and the results are stored as float32.
 */
function transform(raw: Float64Array, file: string): { data: Float32Array; target: Float32Array } {
  const n = raw.length / COLUMNS;
  const data = new Float32Array(n * 8);
  const target = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const row = raw.subarray(r * COLUMNS, (r + 1) * COLUMNS);
    const [longitude, latitude, age, rooms, bedrooms, population, households, income, value] = row as unknown as number[];
    // Households divide three features; a district without any would give Infinity or NaN.
    if (!(households! > 0)) throw new FormatError(`${file}: expected a positive households count (column 7) on line ${r + 1}, received ${households}`);
    data.set([income!, age!, rooms! / households!, bedrooms! / households!, population!, population! / households!, latitude!, longitude!], r * 8);
    target[r] = value! / 100000.0;
    const stored = [...data.subarray(r * 8, r * 8 + 8), target[r]!];
    if (!stored.every(Number.isFinite)) throw new FormatError(`${file}: line ${r + 1} holds values beyond float32 range: ${Array.from(row).join(', ')}`);
  }
  return { data, target };
}

export const californiaHousing = {
  /** The file loadData reads, for tools that fetch or locate it. */
  files: [FILE] as readonly DatasetFile[],
  featureNames: ['MedInc', 'HouseAge', 'AveRooms', 'AveBedrms', 'Population', 'AveOccup', 'Latitude', 'Longitude'] as readonly string[],
  targetNames: ['MedHouseVal'] as readonly string[],

  /** Reads the original cal_housing.tgz (cached, or downloaded from scikit-learn's mirror). */
  async loadData(options: SingleFileOptions = {}): Promise<TableDataset> {
    checkOptions(options, SINGLE_FILE_OPTIONS, 'californiaHousing.loadData');
    const archive = await loadFile(FILE, options);
    const tar = isGzip(archive) ? await gunzip(archive, FILE.name) : archive;
    const member = parseTar(tar, FILE.name).find((e) => e.name === MEMBER || e.name.endsWith(`/${MEMBER}`));
    if (!member) throw new FormatError(`${FILE.name}: expected the archive to contain ${MEMBER}, found none`);
    const where = `${FILE.name}:${MEMBER}`;
    const { data, target } = transform(parseRows(member.data, where), where);
    const n = target.length;
    return {
      data: new Tensor(data, [n, 8]),
      target: new Tensor(target, [n]),
      featureNames: this.featureNames,
      targetNames: this.targetNames,
    };
  },
};
