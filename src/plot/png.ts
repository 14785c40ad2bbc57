// A grey-scale PNG encoder small enough to read at once: 8-bit pixels, no row filter, and zlib
// "stored" (uncompressed) deflate blocks. imageGrid embeds one PNG per image as a data URL.
//
// Why PNG, and why uncompressed: a Fashion-MNIST image (28 × 28) becomes 812 bytes of rows plus 57
// of PNG and zlib framing, about 1.2 kB as base64; drawn as <rect> runs of equal pixels the same
// image takes 15–25 kB, since most of its 784 pixels differ from their neighbours. Deflating would
// halve the PNG at most, but CompressionStream is asynchronous, and imageGrid stays a plain function.
import { concatBytes } from '../data/bytes.js';
import { crc32 } from '../data/crc32.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The largest payload of one stored deflate block (its length field has 16 bits). */
const STORED_BLOCK = 0xffff;

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  // The CRC covers the type and the data, not the length.
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_BLOCK));
  const out = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  const view = new DataView(out.buffer);
  // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31.
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * STORED_BLOCK;
    const length = Math.min(STORED_BLOCK, raw.length - start);
    out[at] = b === blocks - 1 ? 1 : 0;
    view.setUint16(at + 1, length, true);
    view.setUint16(at + 3, ~length & 0xffff, true);
    out.set(raw.subarray(start, start + length), at + 5);
    at += 5 + length;
  }
  view.setUint32(at, adler32(raw));
  return out;
}

/** A PNG of 8-bit grey `pixels`, `width` × `height`, row-major. */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bits per sample
  header[9] = 0; // colour type: grey-scale
  // Rows are stored with filter type 0 (none) in front of each.
  const rows = new Uint8Array(height * (width + 1));
  for (let r = 0; r < height; r++) rows.set(pixels.subarray(r * width, (r + 1) * width), r * (width + 1) + 1);
  return concatBytes([Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', zlibStored(rows)), chunk('IEND', new Uint8Array(0))]);
}

/** `bytes` as base64, for a data: URL (btoa exists in browsers, Node, Deno, Bun and workerd). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes its arguments on the stack: 32 K at a time stays well within it.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
