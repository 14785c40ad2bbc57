// File-system faults while storing a download (read-only cache, permission denied, full disk),
// which root in a container cannot produce for real: node:fs/promises fails on demand here.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DownloadError } from '../../src/data/download.js';
import { loadDatasetFile, type DatasetFile } from '../../src/data/files.js';

const faults = vi.hoisted(() => ({ mkdir: undefined as string | undefined, writeFile: undefined as string | undefined }));

function fsError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const mkdir: typeof real.mkdir = (async (...args: Parameters<typeof real.mkdir>) => {
    if (faults.mkdir) throw fsError(faults.mkdir);
    return real.mkdir(...args);
  }) as typeof real.mkdir;
  // Writes half the file before failing, as a disk that fills up mid-write does.
  const writeFile = async (path: string, data: Uint8Array): Promise<void> => {
    if (!faults.writeFile) return real.writeFile(path, data);
    await real.writeFile(path, data.subarray(0, data.length >> 1));
    throw fsError(faults.writeFile);
  };
  return { ...real, default: { ...real, mkdir, writeFile }, mkdir, writeFile };
});

const body = new Uint8Array(4096).fill(7);
let cache: string;

beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'axon-faults-'));
  vi.stubGlobal('fetch', async () => new Response(body, { status: 200, headers: { 'content-length': String(body.length) } }));
});

afterEach(() => {
  faults.mkdir = undefined;
  faults.writeFile = undefined;
  vi.unstubAllGlobals();
  rmSync(cache, { recursive: true, force: true });
});

const file: DatasetFile = { dataset: 'faulty', name: 'data.bin', origin: 'http://mirror.invalid/data.bin' };
const load = (): Promise<Uint8Array> => loadDatasetFile(file, { cacheDir: cache, progress: false });

describe('storing a download on a file system that refuses it', () => {
  it.each([
    ['mkdir', 'EROFS', 'the file system is read-only'],
    ['mkdir', 'EACCES', 'permission denied'],
    ['writeFile', 'EROFS', 'the file system is read-only'],
    ['writeFile', 'EPERM', 'permission denied'],
    ['writeFile', 'ENOSPC', 'the disk is full'],
  ] as const)('%s failing with %s is a DownloadError naming the folder and AXON_DATA_DIR', async (call, code, reason) => {
    faults[call] = code;
    const error = await load().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toBe(
      `data.bin: cannot store the download in ${join(cache, 'faulty')}: ${reason} (${code}); point AXON_DATA_DIR or options.cacheDir at a writable folder`,
    );
    // Nothing half-written stays behind: neither the file nor its temporary sibling.
    const folder = join(cache, 'faulty');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it('stores the file once the fault is gone', async () => {
    faults.writeFile = 'ENOSPC';
    await expect(load()).rejects.toThrow(DownloadError);
    faults.writeFile = undefined;
    await expect(load()).resolves.toEqual(body);
    expect(readdirSync(join(cache, 'faulty'))).toEqual(['data.bin']);
  });
});
