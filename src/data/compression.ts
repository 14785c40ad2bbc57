import { FormatError } from '../errors.js';
import { isNode } from './runtime.js';

/** True when the bytes start with gzip's magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Format = 'gzip' | 'deflate-raw';

async function viaStream(bytes: Uint8Array, format: Format): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function decompress(bytes: Uint8Array, format: Format, file: string): Promise<Uint8Array> {
  try {
    if (isNode()) {
      // The callback API runs on libuv's thread pool, so a loader's files decompress in parallel.
      const zlib = await import('node:zlib');
      const run = format === 'gzip' ? zlib.gunzip : zlib.inflateRaw;
      const out = await new Promise<Buffer>((resolve, reject) => run(bytes, (err, result) => (err ? reject(err) : resolve(result))));
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    return await viaStream(bytes, format);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new FormatError(`${file}: expected valid ${format === 'gzip' ? 'gzip' : 'deflate'} data, but decompression failed (${reason}); the file is corrupt or truncated`);
  }
}

/** Decompresses a whole gzip member (node:zlib in Node, DecompressionStream in browsers). */
export function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  return decompress(bytes, 'gzip', file);
}

/** Decompresses a raw deflate stream, as stored inside zip entries. */
export function inflateRaw(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  return decompress(bytes, 'deflate-raw', file);
}

/** Gunzips when the bytes carry gzip's magic, and passes them through otherwise. */
export async function maybeGunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, file) : bytes;
}
