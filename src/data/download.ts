import { AxonError } from '../errors.js';
import { concatBytes } from './bytes.js';
import { verifyChecksum } from './checksum.js';
import { isNode, nodeImport } from '../runtime.js';

/**
 * A download that failed: unreachable host, an HTTP error status, a connection cut mid-body, or a
 * cache folder it cannot be written to (read-only, full, not a folder).
 */
export class DownloadError extends AxonError {
  override name = 'DownloadError';
}

const FS_REASONS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
};

/** An fs error while storing a download, as a DownloadError that names the folder and the fix. */
function storeError(err: unknown, dir: string, name: string): unknown {
  const code = (err as { code?: string }).code;
  const reason = code === undefined ? undefined : FS_REASONS[code];
  if (reason === undefined) return err;
  return new DownloadError(`${name}: cannot store the download in ${dir}: ${reason} (${code}); point AXON_DATA_DIR or options.cacheDir at a writable folder`);
}

/**
 * Removes `<file>.<pid>.<random>.part` leftovers of downloads whose process is gone (killed
 * mid-write); a live process's temp file is left alone.
 */
async function removeOrphans(destination: string): Promise<void> {
  const fs = await nodeImport('node:fs/promises');
  const path = await nodeImport('node:path');
  const base = path.basename(destination);
  let names: string[];
  try {
    names = await fs.readdir(path.dirname(destination));
  } catch {
    return;
  }
  for (const name of names) {
    const match = name.startsWith(`${base}.`) ? /^\.(\d+)\.[0-9a-f]+\.part$/.exec(name.slice(base.length)) : null;
    if (!match) continue;
    try {
      process.kill(Number(match[1]), 0);
    } catch (err) {
      if ((err as { code?: string }).code === 'ESRCH') await fs.rm(path.join(path.dirname(destination), name), { force: true });
    }
  }
}

export interface DownloadOptions {
  /** Name used in messages and in the progress bar. */
  name: string;
  /** Published checksum (hex); the download is rejected when it differs. */
  hash?: string | undefined;
  progress: boolean;
  /** Where to store the file (Node only); written to a temporary sibling first, then renamed. */
  destination?: string;
}

function megabytes(n: number): string {
  return (n / 1e6).toFixed(1);
}

/** A one-line progress bar redrawn in place, at most a few times a second. */
function progressBar(name: string, total: number | undefined): { update(received: number, final?: boolean): void; done(): void } {
  const stderr = (globalThis as { process?: { stderr?: { write(s: string): boolean } } }).process?.stderr;
  let last = 0;
  const draw = (received: number): void => {
    if (!stderr) return;
    if (total) {
      const fraction = Math.min(1, received / total);
      const filled = Math.round(fraction * 30);
      const bar = '='.repeat(filled) + ' '.repeat(30 - filled);
      stderr.write(`\r${name} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${megabytes(received)}/${megabytes(total)} MB`);
    } else {
      stderr.write(`\r${name} ${megabytes(received)} MB`);
    }
  };
  return {
    update(received, final = false) {
      const now = Date.now();
      if (!final && now - last < 100) return;
      last = now;
      draw(received);
    },
    done() {
      if (stderr) stderr.write('\n');
    },
  };
}

async function fetchBytes(url: string, options: DownloadOptions): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new DownloadError(`${options.name}: could not download ${url} (${(err as Error).message}${causeOf(err)})`);
  }
  if (!response.ok || !response.body) {
    throw new DownloadError(`${options.name}: expected HTTP 200 from ${url}, received ${response.status} ${response.statusText}`);
  }
  const header = response.headers.get('content-length');
  const total = header === null ? undefined : Number(header);
  const bar = options.progress ? progressBar(options.name, total) : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        bar?.update(received, true);
        break;
      }
      chunks.push(value);
      received += value.length;
      bar?.update(received);
    }
  } catch (err) {
    throw new DownloadError(`${options.name}: download from ${url} was interrupted after ${received} bytes (${(err as Error).message}${causeOf(err)})`);
  } finally {
    bar?.done();
  }
  if (total !== undefined && Number.isFinite(total) && received !== total) {
    throw new DownloadError(`${options.name}: download from ${url} was interrupted, expected ${total} bytes, received ${received}`);
  }
  return concatBytes(chunks);
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { message?: string } }).cause;
  return cause?.message ? `: ${cause.message}` : '';
}

/**
 * Fetches a file, checks its checksum, and (in Node) stores it at `destination` through a
 * temporary file and a rename, so an interrupted or corrupt download never leaves a file behind.
 */
export async function download(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const bytes = await fetchBytes(url, options);
  if (options.hash !== undefined) await verifyChecksum(bytes, options.hash, options.name);
  if (options.destination !== undefined && isNode()) {
    const fs = await nodeImport('node:fs/promises');
    const path = await nodeImport('node:path');
    const crypto = await nodeImport('node:crypto');
    const dir = path.dirname(options.destination);
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (err) {
      throw storeError(err, dir, options.name);
    }
    await removeOrphans(options.destination);
    // The process id in the name lets a later run tell a dead download's leftover from a live one.
    const temp = `${options.destination}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.part`;
    try {
      await fs.writeFile(temp, bytes);
      await fs.rename(temp, options.destination);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw storeError(err, dir, options.name);
    }
  }
  return bytes;
}
