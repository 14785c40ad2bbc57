import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DownloadError } from '../../src/data/download.js';
import { loadDatasetFile, type DatasetFile } from '../../src/data/files.js';
import { mnist } from '../../src/data/datasets/mnist.js';
import { FormatError } from '../../src/errors.js';
import { expected, fixture } from './fixtures.js';

const served = fixture('idx/images-u8.idx.gz');
const sha256 = createHash('sha256').update(served).digest('hex');
const md5 = createHash('md5').update(served).digest('hex');

let server: Server;
let base: string;
const requests: string[] = [];

/** /good/<fixture>, /cut/<fixture> (socket closed mid-body), anything else 404. */
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const [, mode, ...rest] = (req.url ?? '').split('/');
    const name = rest.join('/');
    let body: Uint8Array;
    try {
      body = name === 'images.gz' ? served : name === 'mnist.npz' ? fixture('mnist/mnist.npz') : fixture(name);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (mode === 'short') {
      // No Content-Length and no chunking: the body ends when the connection closes, here early.
      res.useChunkedEncodingByDefault = false;
      res.shouldKeepAlive = false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(body.subarray(0, body.length >> 1));
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
    if (mode === 'cut') {
      res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (mode !== 'good') {
      res.destroy();
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let cache: string;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'axon-data-'));
  requests.length = 0;
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const spec = (mode: string, hash?: string): DatasetFile => ({
  dataset: 'demo',
  name: 'images.gz',
  origin: `${base}/${mode}/images.gz`,
  ...(hash === undefined ? {} : { hash }),
});

function cacheFiles(): string[] {
  return existsSync(join(cache, 'demo')) ? readdirSync(join(cache, 'demo')) : [];
}

describe('downloads', () => {
  it('stores a verified download in the cache and reuses it', async () => {
    const bytes = await loadDatasetFile(spec('good', sha256), { cacheDir: cache, progress: false });
    expect(bytes).toEqual(served);
    expect(cacheFiles()).toEqual(['images.gz']);
    expect(new Uint8Array(readFileSync(join(cache, 'demo', 'images.gz')))).toEqual(served);
    const again = await loadDatasetFile(spec('good', sha256), { cacheDir: cache });
    expect(again).toEqual(served);
    expect(requests).toHaveLength(1);
  });

  it('accepts MD5 checksums, as Keras publishes for the word indices', async () => {
    await expect(loadDatasetFile(spec('good', md5), { cacheDir: cache })).resolves.toEqual(served);
  });

  it('throws on a checksum mismatch and leaves nothing in the cache', async () => {
    const wrong = '0'.repeat(64);
    await expect(loadDatasetFile(spec('good', wrong), { cacheDir: cache })).rejects.toThrow(FormatError);
    await expect(loadDatasetFile(spec('good', wrong), { cacheDir: cache })).rejects.toThrow(
      new RegExp(`images\\.gz: checksum mismatch, expected SHA-256 0{64}, received ${sha256}`),
    );
    expect(cacheFiles()).toEqual([]);
  });

  it('throws when the server cuts the body short, leaving no partial file', async () => {
    await expect(loadDatasetFile(spec('cut', sha256), { cacheDir: cache })).rejects.toThrow(DownloadError);
    await expect(loadDatasetFile(spec('cut', sha256), { cacheDir: cache })).rejects.toThrow(/images\.gz: download from .*\/cut\/images\.gz was interrupted/);
    expect(cacheFiles()).toEqual([]);
  });

  it('throws on HTTP errors and unreachable hosts', async () => {
    const missing = { ...spec('good'), origin: `${base}/good/nope.bin` };
    await expect(loadDatasetFile(missing, { cacheDir: cache })).rejects.toThrow(/images\.gz: expected HTTP 200 from .*\/good\/nope\.bin, received 404/);
    const closed = { ...spec('good'), origin: 'http://127.0.0.1:1/x' };
    await expect(loadDatasetFile(closed, { cacheDir: cache })).rejects.toThrow(DownloadError);
    expect(cacheFiles()).toEqual([]);
  });

  it('refuses to download when options.download is false', async () => {
    await expect(loadDatasetFile(spec('good', sha256), { cacheDir: cache, download: false })).rejects.toThrow(
      /images\.gz: expected a local copy in .*, found none and downloads are off/,
    );
    expect(requests).toHaveLength(0);
  });

  it('loads a dataset from a mirror named by AXON_DATASETS_BASE_URL into AXON_DATA_DIR', async () => {
    const saved = { base: process.env.AXON_DATASETS_BASE_URL, dir: process.env.AXON_DATA_DIR };
    process.env.AXON_DATASETS_BASE_URL = `${base}/good/`;
    process.env.AXON_DATA_DIR = cache;
    try {
      // The fixture is not the published mnist.npz, so its checksum cannot match.
      await expect(mnist.loadData()).rejects.toThrow(/mnist\.npz: checksum mismatch, expected SHA-256 731c5ac6/);
      expect(existsSync(join(cache, 'mnist'))).toBe(false);
      const [[, yTrain], [, yTest]] = await mnist.loadData({ verify: false });
      expect(Array.from(yTrain.data)).toEqual(expected.mnist.yTrain);
      expect(Array.from(yTest.data)).toEqual(expected.mnist.yTest);
      expect(readdirSync(join(cache, 'mnist'))).toEqual(['mnist.npz']);
      expect(requests.every((r) => r === '/good/mnist.npz')).toBe(true);
    } finally {
      for (const [key, value] of [['AXON_DATASETS_BASE_URL', saved.base], ['AXON_DATA_DIR', saved.dir]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('prefers options.baseUrl and options.cacheDir over the environment', async () => {
    const [[xTrain]] = await mnist.loadData({ baseUrl: `${base}/good`, cacheDir: cache, verify: false });
    expect(xTrain.shape).toEqual([3, 28, 28]);
    expect(readdirSync(join(cache, 'mnist'))).toEqual(['mnist.npz']);
  });
});

describe('the cache is not trusted blindly', () => {
  const cachedPath = (): string => join(cache, 'demo', 'images.gz');
  const plant = (bytes: Uint8Array): void => {
    mkdirSync(join(cache, 'demo'), { recursive: true });
    writeFileSync(cachedPath(), bytes);
  };

  it('fetches a cached file again when it fails its checksum (a truncated copy)', async () => {
    plant(served.subarray(0, served.length - 10));
    await expect(loadDatasetFile(spec('good', sha256), { cacheDir: cache })).resolves.toEqual(served);
    expect(requests).toHaveLength(1);
    expect(new Uint8Array(readFileSync(cachedPath()))).toEqual(served);
  });

  it('names the cached path when it fails its checksum and downloads are off; verify: false takes it as it is', async () => {
    plant(served.subarray(0, served.length - 10));
    const off = loadDatasetFile(spec('good', sha256), { cacheDir: cache, download: false });
    await expect(off).rejects.toThrow(FormatError);
    await expect(loadDatasetFile(spec('good', sha256), { cacheDir: cache, download: false })).rejects.toThrow(
      /demo\/images\.gz: the local copy fails its published checksum and downloads are off .*delete it to fetch it again, or pass verify: false/,
    );
    await expect(loadDatasetFile(spec('good', sha256), { cacheDir: cache, verify: false })).resolves.toEqual(served.subarray(0, served.length - 10));
    expect(requests).toHaveLength(0);
  });

  it('re-checks a short download taken with verify: false once verification is back on', async () => {
    // Without Content-Length a download closed early looks complete; only its checksum tells.
    const short = await loadDatasetFile(spec('short', sha256), { cacheDir: cache, verify: false });
    expect(short).toEqual(served.subarray(0, served.length >> 1));
    expect(new Uint8Array(readFileSync(cachedPath()))).toEqual(short);
    await expect(loadDatasetFile(spec('good', sha256), { cacheDir: cache })).resolves.toEqual(served);
    expect(requests).toEqual(['/short/images.gz', '/good/images.gz']);
    expect(new Uint8Array(readFileSync(cachedPath()))).toEqual(served);
  });

  it('removes the temporary file a killed download left behind, but not a live one', async () => {
    mkdirSync(join(cache, 'demo'), { recursive: true });
    const dead = join(cache, 'demo', 'images.gz.999999999.0a1b2c.part');
    const live = join(cache, 'demo', `images.gz.${process.pid}.0a1b2c.part`);
    writeFileSync(dead, 'half a download');
    writeFileSync(live, 'another download in progress');
    await loadDatasetFile(spec('good', sha256), { cacheDir: cache });
    expect(cacheFiles().sort()).toEqual(['images.gz', `images.gz.${process.pid}.0a1b2c.part`]);
  });

  it('says which folder cannot be written and how to choose another', async () => {
    const notAFolder = join(cache, 'file');
    writeFileSync(notAFolder, 'x');
    const load = (): Promise<Uint8Array> => loadDatasetFile(spec('good', sha256), { cacheDir: notAFolder });
    await expect(load()).rejects.toThrow(DownloadError);
    await expect(load()).rejects.toThrow(/images\.gz: cannot store the download in .*file\/demo: a part of the path is a file, not a folder \((ENOTDIR|EEXIST)\); point AXON_DATA_DIR or options\.cacheDir at a writable folder/);
  });
});

describe('copies in system folders are checked too', () => {
  const content = gunzipSync(served);
  const contentHash = createHash('sha256').update(content).digest('hex');
  // What a packager ships: the same content in another gzip stream.
  const recompressed = new Uint8Array(gzipSync(content, { level: 1 }));
  const system = (): string => join(cache, 'system');
  const place = (bytes: Uint8Array): void => {
    mkdirSync(system(), { recursive: true });
    writeFileSync(join(system(), 'images.gz'), bytes);
  };
  const withSystem = (hashes: Partial<DatasetFile>): DatasetFile => ({ ...spec('good', sha256), systemDirs: [system()], ...hashes });

  it('takes a recompressed copy whose decompressed content has the published checksum', async () => {
    expect(recompressed).not.toEqual(served);
    place(recompressed);
    await expect(loadDatasetFile(withSystem({ contentHash }), { cacheDir: join(cache, 'c'), download: false })).resolves.toEqual(recompressed);
    expect(requests).toHaveLength(0);
  });

  it('passes over a copy that fails both checksums, warns, and downloads a fresh one into the cache', async () => {
    const other = new Uint8Array(gzipSync(content.subarray(0, content.length - 1)));
    place(other);
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const bytes = await loadDatasetFile(withSystem({ contentHash }), { cacheDir: join(cache, 'c') });
      expect(bytes).toEqual(served);
      expect(requests).toHaveLength(1);
      expect(String(warning.mock.calls[0]![0])).toMatch(/system\/images\.gz fails its published checksum; downloading a fresh copy into .*c\/demo\/images\.gz/);
    } finally {
      warning.mockRestore();
    }
  });

  it('names the failing copy when downloads are off; verify: false takes it', async () => {
    place(recompressed);
    // Without a content checksum a recompressed copy cannot be told from a corrupt one.
    const load = (verify: boolean): Promise<Uint8Array> => loadDatasetFile(withSystem({}), { cacheDir: join(cache, 'c'), download: false, verify });
    await expect(load(true)).rejects.toThrow(FormatError);
    await expect(load(true)).rejects.toThrow(/system\/images\.gz: the local copy fails its published checksum and downloads are off .*name a folder you trust with options\.dir, or pass verify: false/);
    await expect(load(false)).resolves.toEqual(recompressed);
  });
});

