import { FormatError } from '../errors.js';

/** One regular file inside a tar archive. */
export interface TarEntry {
  name: string;
  data: Uint8Array;
}

function field(bytes: Uint8Array, start: number, length: number): string {
  const raw = bytes.subarray(start, start + length);
  const end = raw.indexOf(0);
  return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
}

function octal(bytes: Uint8Array, start: number, length: number, file: string): number {
  const text = field(bytes, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new FormatError(`${file}: corrupt tar header, expected an octal size, received ${JSON.stringify(text)}`);
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** Header checksum: the byte sum with the checksum field itself read as spaces. */
function checksumOk(header: Uint8Array, file: string): boolean {
  const stored = octal(header, 148, 8, file);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === stored;
}

/**
 * Lists the regular files of an uncompressed tar archive (v7, ustar and GNU long names), enough
 * for dataset archives such as scikit-learn's cal_housing.tgz.
 */
export function parseTar(bytes: Uint8Array, file = '<tar bytes>'): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return entries;
    if (!checksumOk(header, file)) throw new FormatError(`${file}: corrupt tar header at offset ${at} (checksum mismatch); not a tar archive or damaged`);
    const size = octal(header, 124, 12, file);
    const type = String.fromCharCode(header[156]!);
    const start = at + 512;
    if (start + size > bytes.length) {
      throw new FormatError(`${file}: truncated tar archive, expected ${size} bytes for entry ${JSON.stringify(field(header, 0, 100))}, received ${bytes.length - start}`);
    }
    const data = bytes.subarray(start, start + size);
    at = start + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    const prefix = field(header, 257, 6) === 'ustar' ? field(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type === '0' || type === '\0' || type === '7') entries.push({ name, data });
  }
  if (at === 0 && bytes.length > 0) throw new FormatError(`${file}: expected a tar archive, received ${bytes.length} bytes without a full header`);
  if (at < bytes.length || entries.length === 0) {
    // Archives end with zero blocks; running out of bytes first means the file was cut short.
    throw new FormatError(`${file}: truncated tar archive, expected an end-of-archive block after offset ${at}`);
  }
  return entries;
}
