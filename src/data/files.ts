import { FormatError, ValueError, describe } from '../errors.js';
import { verifyChecksum } from './checksum.js';
import { gunzip, isGzip } from './compression.js';
import { download } from './download.js';
import { isNode, nodeImport, warn } from '../runtime.js';
import { checkOptions } from '../options.js';

/** One file of a dataset, as published at its canonical origin. */
export interface DatasetFile {
  /** Folder under the cache and under /usr/share/datasets, e.g. `'fashion-mnist'`. */
  dataset: string;
  /** File name on disk and, when the base URL is overridden, under that base. */
  name: string;
  /** Canonical download URL (the one Keras or scikit-learn uses). */
  origin: string;
  /** Published checksum as hex: 64 digits for SHA-256, 32 for MD5 (as Keras' `get_file` accepts). */
  hash?: string;
  /**
   * SHA-256 of a gzip file's decompressed content, for copies recompressed by a packager (Debian's
   * gzip streams differ byte-wise from the origin's, their content does not).
   */
  contentHash?: string;
  /** Extra folders to look in before downloading; `~` means the home folder. */
  systemDirs?: readonly string[];
}

/** Where a loader may find or fetch its files. Every loader accepts these options. */
export interface FileOptions {
  /** Folder holding the dataset's files; when given, nothing else is searched. */
  dir?: string;
  /** Cache folder; defaults to env `AXON_DATA_DIR`, else `~/.cache/axon/datasets`. */
  cacheDir?: string;
  /** Mirror to download from instead of the canonical origins (env `AXON_DATASETS_BASE_URL`). */
  baseUrl?: string;
  /** Set false to fail rather than download when no local copy exists. */
  download?: boolean;
  /** Set false to accept files whose checksum differs from the published one (other mirrors). */
  verify?: boolean;
  /** Progress bar on stderr; defaults to whether stderr is a terminal. */
  progress?: boolean;
  /** The files' bytes, keyed by file name, for browsers or callers that fetched them already. */
  files?: Readonly<Record<string, ArrayBuffer | Uint8Array>>;
}

/** Options of single-file loaders, which also accept the file's own path. */
export interface SingleFileOptions extends FileOptions {
  /** Path of the file itself; when given, nothing else is searched. */
  path?: string;
}

/** The keys of FileOptions and SingleFileOptions, for the loaders' option checks. */
export const FILE_OPTIONS = ['dir', 'cacheDir', 'baseUrl', 'download', 'verify', 'progress', 'files'] as const;
export const SINGLE_FILE_OPTIONS = [...FILE_OPTIONS, 'path'] as const;

const DEFAULT_CACHE = '~/.cache/axon/datasets';

/** Local copies whose checksum this process has checked already. */
const verifiedCopies = new Set<string>();

async function failsChecksum(check: Promise<void>): Promise<boolean> {
  try {
    await check;
    return false;
  } catch (err) {
    if (err instanceof FormatError) return true;
    throw err;
  }
}

/**
 * Whether a local copy is the published file: its bytes match the published checksum or, for a
 * recompressed copy, its decompressed content matches `contentHash`. Checked once per process.
 */
async function isPublished(bytes: Uint8Array, file: DatasetFile, path: string): Promise<boolean> {
  if (verifiedCopies.has(path)) return true;
  let ok = !(await failsChecksum(verifyChecksum(bytes, file.hash!, path)));
  if (!ok && file.contentHash !== undefined && isGzip(bytes)) {
    ok = !(await failsChecksum(gunzip(bytes, path).then((content) => verifyChecksum(content, file.contentHash!, path))));
  }
  if (ok) verifiedCopies.add(path);
  return ok;
}

function env(name: string): string | undefined {
  if (!isNode()) return undefined;
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

async function expandHome(dir: string): Promise<string> {
  if (dir !== '~' && !dir.startsWith('~/')) return dir;
  const os = await nodeImport('node:os');
  return os.homedir() + dir.slice(1);
}

/** The cache folder in effect for these options (Node only). */
/** The dataset cache folder these options select (the loaders' `cacheDir`, env AXON_DATA_DIR, or ~/.cache/axon/datasets). */
export async function cacheDirectory(options: FileOptions = {}): Promise<string> {
  checkOptions(options, FILE_OPTIONS, 'cacheDirectory');
  return cacheFolder(options);
}

async function cacheFolder(options: FileOptions): Promise<string> {
  return expandHome(options.cacheDir ?? env('AXON_DATA_DIR') ?? DEFAULT_CACHE);
}

function toBytes(value: ArrayBuffer | Uint8Array, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new ValueError(`options.files[${JSON.stringify(name)}]: expected an ArrayBuffer or Uint8Array, received ${describe(value)}`);
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  const fs = await nodeImport('node:fs/promises');
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

async function readRequired(path: string, option: string): Promise<Uint8Array> {
  const bytes = await readIfExists(path);
  if (!bytes) throw new ValueError(`${option}: expected an existing file, received ${JSON.stringify(path)} (not found)`);
  return bytes;
}

function remoteUrl(file: DatasetFile, options: FileOptions): string {
  const base = options.baseUrl ?? env('AXON_DATASETS_BASE_URL');
  if (base === undefined) return file.origin;
  return `${base.replace(/\/+$/, '')}/${file.name}`;
}

/** Where loadFile looks on disk, in its order: the cache, then /usr/share/datasets and the dataset's own folders. */
async function localCandidates(file: DatasetFile, options: FileOptions): Promise<{ cached: string; systemDirs: string[]; candidates: string[] }> {
  const path = await nodeImport('node:path');
  const cached = path.join(await cacheFolder(options), file.dataset, file.name);
  const systemDirs = [`/usr/share/datasets/${file.dataset}`, ...(file.systemDirs ?? [])];
  const candidates = [cached, ...(await Promise.all(systemDirs.map(async (dir) => path.join(await expandHome(dir), file.name))))];
  return { cached, systemDirs, candidates };
}

/**
 * Node: the first local copy of a dataset file in loadFile's order (its checksum not checked), or
 * where a download would be cached (`found: false`).
 */
export async function locateDatasetFile(file: DatasetFile, options: FileOptions = {}): Promise<{ path: string; found: boolean }> {
  checkOptions(options, FILE_OPTIONS, 'locateDatasetFile');
  const fs = await nodeImport('node:fs/promises');
  const { cached, candidates } = await localCandidates(file, options);
  for (const candidate of candidates) {
    if (await fs.stat(candidate).then((s) => s.isFile(), () => false)) return { path: candidate, found: true };
  }
  return { path: cached, found: false };
}

/**
 * The bytes of one dataset file, looked for in this order: bytes passed in `files`; an explicit
 * `path` or `dir`; the cache; well-known system folders; then a verified download into the cache.
 */
/**
 * One file of a dataset, from `files`, `path`, `dir`, the system copies, the cache or a download,
 * its checksum verified. The loaders pass their own (already checked) options; a direct call checks.
 */
export async function loadDatasetFile(file: DatasetFile, options: SingleFileOptions = {}): Promise<Uint8Array> {
  checkOptions(options, SINGLE_FILE_OPTIONS, 'loadDatasetFile');
  return loadFile(file, options);
}

/** loadDatasetFile for the loaders, whose options hold their own keys too. */
export async function loadFile(file: DatasetFile, options: SingleFileOptions): Promise<Uint8Array> {
  const given = options.files?.[file.name];
  if (given !== undefined) return toBytes(given, file.name);
  const url = remoteUrl(file, options);
  const verify = options.verify ?? true;
  if (!isNode()) {
    if (options.download === false) {
      throw new FormatError(`${file.name}: expected its bytes in options.files, found none and downloads are off (options.download is false)`);
    }
    return download(url, { name: file.name, hash: verify ? file.hash : undefined, progress: false });
  }
  const path = await nodeImport('node:path');
  if (options.path !== undefined) return readRequired(await expandHome(options.path), 'options.path');
  if (options.dir !== undefined) return readRequired(path.join(await expandHome(options.dir), file.name), 'options.dir');

  const { cached, systemDirs, candidates } = await localCandidates(file, options);
  const checked = verify && file.hash !== undefined;
  // Copies that fail their checksum: a truncated or replaced file is passed over and fetched again.
  const rejected: string[] = [];
  for (const candidate of candidates) {
    const bytes = await readIfExists(candidate);
    if (!bytes) continue;
    if (!checked || (await isPublished(bytes, file, candidate))) return bytes;
    rejected.push(candidate);
  }
  if (options.download === false) {
    if (rejected.length > 0) {
      const fix = rejected[0] === cached ? 'delete it to fetch it again' : 'name a folder you trust with options.dir';
      throw new FormatError(`${rejected.join(', ')}: the local copy fails its published checksum and downloads are off (options.download is false); ${fix}, or pass verify: false to use it as it is`);
    }
    throw new FormatError(`${file.name}: expected a local copy in ${[cached, ...systemDirs].join(', ')}, found none and downloads are off (options.download is false)`);
  }
  for (const copy of rejected) if (copy !== cached) warn(`${copy} fails its published checksum; downloading a fresh copy into ${cached}`, 'AxonDatasetWarning');
  const stderr = (globalThis as { process?: { stderr?: { isTTY?: boolean } } }).process?.stderr;
  const bytes = await download(url, {
    name: file.name,
    hash: verify ? file.hash : undefined,
    progress: options.progress ?? stderr?.isTTY === true,
    destination: cached,
  });
  if (checked) verifiedCopies.add(cached);
  return bytes;
}
