import { FormatError } from '../errors.js';
import { inflateRaw } from './compression.js';
import { crc32 } from './crc32.js';

/** One member of a zip archive, read from the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at, true));
}

/** Sizes and offsets of 0xffffffff mean "see the zip64 extra field" (numpy forces zip64 on). */
function applyZip64(entry: ZipEntry, view: DataView, extraStart: number, extraEnd: number, file: string): void {
  let at = extraStart;
  while (at + 4 <= extraEnd) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      const field = (): number => {
        if (p + 8 > Math.min(at + 4 + size, extraEnd)) throw new FormatError(`${file}: corrupt zip64 extra field of ${JSON.stringify(entry.name)}, too short for its 8-byte values`);
        const v = u64(view, p);
        p += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = field();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = field();
      if (entry.localOffset === 0xffffffff) entry.localOffset = field();
      return;
    }
    at += 4 + size;
  }
}

/** Lists a zip archive's entries from its central directory. */
export function listZip(bytes: Uint8Array, file: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) {
    const hint = bytes.length >= 4 && view.getUint32(0, true) === LOCAL ? 'the archive is truncated' : 'not a zip/.npz file';
    throw new FormatError(`${file}: expected a zip end-of-central-directory record, found none (${hint})`);
  }
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const record = u64(view, eocd - 12);
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD) throw new FormatError(`${file}: corrupt zip64 end record`);
    count = u64(view, record + 32);
    cdOffset = u64(view, record + 48);
  }
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) {
      throw new FormatError(`${file}: corrupt zip central directory, expected entry ${i + 1} of ${count} at offset ${at}`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength + extraLength + commentLength > bytes.length) {
      throw new FormatError(`${file}: corrupt zip central directory, entry ${i + 1} at offset ${at} runs past the end of the file`);
    }
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    applyZip64(entry, view, at + 46 + nameLength, at + 46 + nameLength + extraLength, file);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry (stored or deflated), checked against its CRC-32. */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry, file: string): Promise<Uint8Array> {
  const where = `${file}:${entry.name}`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new FormatError(`${where}: corrupt zip, expected a local file header at offset ${at}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new FormatError(`${where}: truncated zip entry, expected ${entry.compressedSize} bytes, received ${Math.max(0, bytes.length - start)}`);
  const raw = bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = await inflateRaw(raw, where, entry.size);
  else throw new FormatError(`${where}: unsupported zip compression method ${entry.method}, expected 0 (stored) or 8 (deflate)`);
  if (data.length !== entry.size) throw new FormatError(`${where}: expected ${entry.size} uncompressed bytes, received ${data.length}`);
  if (crc32(data) !== entry.crc) throw new FormatError(`${where}: CRC-32 mismatch, the zip entry is corrupt`);
  return data;
}
