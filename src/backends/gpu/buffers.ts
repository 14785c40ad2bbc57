// What the gpu.js runtime and the worker proxy both do for their device buffers on this side: count
// the live ones for memoryBytes(), release those collected without free() (see ../reclaim.ts), and
// gather a batch's rows before it goes up.
import { ValueError } from '../../errors.js';
import type { DeviceBuffer } from '../backend.js';
import { Reclaimer } from '../reclaim.js';

/** Elements a buffer holds on the device: an empty one still takes one. */
function heldElements(size: number): number {
  return Math.max(1, size);
}

export class LiveBuffers<Held> {
  private elements = 0;
  private readonly reclaimer: Reclaimer<{ held: Held; size: number }>;

  /** `release` frees what a buffer collected without free() held on the device. */
  constructor(release: (held: Held) => void) {
    this.reclaimer = new Reclaimer(({ held, size }) => {
      release(held);
      this.elements -= heldElements(size);
    });
  }

  /** Counts a new buffer; `held` must not reference it, or it is never collected. */
  add(buffer: DeviceBuffer, held: Held): void {
    this.elements += heldElements(buffer.size);
    this.reclaimer.track(buffer, { held, size: buffer.size });
  }

  /** Stops counting a buffer freed explicitly (its caller releases what it held, once). */
  remove(buffer: DeviceBuffer): void {
    this.reclaimer.untrack(buffer);
    this.elements -= heldElements(buffer.size);
  }

  /** Bytes held by live buffers (4 per element). */
  get bytes(): number {
    return this.elements * 4;
  }
}

/** Rows `indices[start..start+count)` of `source` (rows of rowLength), packed for `buffer`. */
export function gatherRows(buffer: DeviceBuffer, source: Float32Array | Int32Array, indices: Uint32Array, start: number, count: number, rowLength: number): Float32Array {
  if (count * rowLength > buffer.size) throw new ValueError(`GPU backend: ${count} rows of ${rowLength} overflow a buffer of ${buffer.size}`);
  const batch = new Float32Array(count * rowLength);
  for (let r = 0; r < count; r++) {
    const row = indices[start + r]!;
    batch.set(source.subarray(row * rowLength, (row + 1) * rowLength), r * rowLength);
  }
  return batch;
}
