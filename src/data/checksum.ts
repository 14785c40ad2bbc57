import { FormatError } from '../errors.js';
import { isNode, nodeImport } from '../runtime.js';

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * Hex digest with the algorithm implied by the expected hash's length, the convention Keras'
 * `get_file` uses: 64 hex digits mean SHA-256 and 32 mean MD5.
 */
async function digestLike(bytes: Uint8Array, expected: string): Promise<string | undefined> {
  const algorithm = expected.length === 32 ? 'md5' : 'sha256';
  if (isNode()) {
    const crypto = await nodeImport('node:crypto');
    return crypto.createHash(algorithm).update(bytes).digest('hex');
  }
  // Web Crypto has no MD5; those files are trusted to TLS in browsers.
  if (algorithm === 'md5' || !globalThis.crypto?.subtle) return undefined;
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** Throws FormatError naming the file when its bytes do not match the published checksum. */
export async function verifyChecksum(bytes: Uint8Array, expected: string, file: string): Promise<void> {
  const want = expected.toLowerCase();
  if (!/^([0-9a-f]{32}|[0-9a-f]{64})$/.test(want)) {
    throw new FormatError(`${file}: expected a checksum of 32 (MD5) or 64 (SHA-256) hex digits, received ${JSON.stringify(expected)}`);
  }
  const actual = await digestLike(bytes, want);
  if (actual !== undefined && actual !== want) {
    const algorithm = want.length === 32 ? 'MD5' : 'SHA-256';
    throw new FormatError(`${file}: checksum mismatch, expected ${algorithm} ${want}, received ${actual}; the download is corrupt or the mirror serves another file`);
  }
}
