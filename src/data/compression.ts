import { FormatError, ValueError, describe } from '../errors.js';
import { concatBytes } from './bytes.js';
import { isNode, nodeImport } from '../runtime.js';

/** True when the bytes start with gzip's magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Format = 'gzip' | 'deflate-raw';

// A cap over every declared size: 1 GiB unless setMaxDecompressedBytes() says otherwise.
let maxDecompressedBytes = 2 ** 30;

/**
 * Sets the most bytes any gzip file or zip entry may inflate to, whatever its container declares
 * (default 1 GiB; Fashion-MNIST's largest file inflates to 47 MB, IMDB's to 33 MB).
 */
export function setMaxDecompressedBytes(bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new ValueError(`setMaxDecompressedBytes(bytes): expected a positive integer, received ${describe(bytes)}`);
  maxDecompressedBytes = bytes;
}

/** Bytes one inflation may produce: what the container declares, within the global cap. */
interface Limit {
  bytes: number;
  /** True when the global cap, not the declared size, is the tighter bound. */
  capped: boolean;
}

function tooLarge(file: string, limit: Limit): FormatError {
  if (limit.capped) {
    return new FormatError(`${file}: decompresses to more than ${limit.bytes} bytes, the limit set by setMaxDecompressedBytes(); raise it to read this file`);
  }
  return new FormatError(`${file}: decompresses to more than the ${limit.bytes} bytes its container declares; refusing to inflate it further (a corrupt file or a decompression bomb)`);
}

async function viaStream(bytes: Uint8Array, format: Format, limit: Limit, file: string): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format)).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit.bytes) {
      await reader.cancel();
      throw tooLarge(file, limit);
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/** Inflates at most `declared` bytes (and the global cap), checked while inflating, not after. */
async function decompress(bytes: Uint8Array, format: Format, file: string, declared: number): Promise<Uint8Array> {
  const limit: Limit = { bytes: Math.min(declared, maxDecompressedBytes), capped: maxDecompressedBytes < declared };
  let out: Uint8Array;
  try {
    if (isNode()) {
      // The callback API runs on libuv's thread pool, so a loader's files decompress in parallel.
      const zlib = await nodeImport('node:zlib');
      const run = format === 'gzip' ? zlib.gunzip : zlib.inflateRaw;
      const options = { maxOutputLength: Math.max(1, limit.bytes) };
      const result = await new Promise<Buffer>((resolve, reject) => run(bytes, options, (err, r) => (err ? reject(err) : resolve(r))));
      out = new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
    } else {
      out = await viaStream(bytes, format, limit, file);
    }
  } catch (err) {
    if (err instanceof FormatError) throw err;
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(file, limit);
    const reason = err instanceof Error ? err.message : String(err);
    throw new FormatError(`${file}: expected valid ${format === 'gzip' ? 'gzip' : 'deflate'} data, but decompression failed (${reason}); the file is corrupt or truncated`);
  }
  if (out.length > limit.bytes) throw tooLarge(file, limit);
  return out;
}

/**
 * The size a gzip file declares in its trailer (ISIZE, the size modulo 2^32): a bound on what
 * inflating it may produce, since one JavaScript array holds less than 4 GiB anyway.
 */
function declaredGzipSize(bytes: Uint8Array): number {
  if (bytes.length < 18) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
}

/** Decompresses a whole gzip member (node:zlib in Node, DecompressionStream in browsers), to at most the size its trailer declares. */
export function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  return decompress(bytes, 'gzip', file, declaredGzipSize(bytes));
}

/** Decompresses a raw deflate stream, as stored inside zip entries, to at most `maxBytes` (the entry's declared size). */
export function inflateRaw(bytes: Uint8Array, file: string, maxBytes: number): Promise<Uint8Array> {
  return decompress(bytes, 'deflate-raw', file, maxBytes);
}

/** Gunzips when the bytes carry gzip's magic, and passes them through otherwise. */
export async function maybeGunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, file) : bytes;
}
