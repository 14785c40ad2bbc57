// Node worker entry for the GPU backend (see worker-protocol.ts): runs a GpuBackend in this thread and
// answers the main thread's calls in order, through shared memory for the ones it waits on.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { parentPort, workerData } from 'node:worker_threads';
import type { DeviceBuffer } from '../backend.js';
import { GpuBackend } from './gpu-backend.js';

const port = parentPort!;
const control = new Int32Array(workerData.control as SharedArrayBuffer);
const scalar = new Float64Array(workerData.scalar as SharedArrayBuffer);
const errorBytes = new Uint8Array(workerData.error as SharedArrayBuffer);
const backend = new GpuBackend({ ...(workerData.options as object), worker: false });
const buffers = new Map<number, DeviceBuffer>();
let pendingError: string | null = null;
let chain: Promise<void> = Promise.resolve();

function decode(value: any): any {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(decode);
  if ('$buf' in value) {
    const b = buffers.get(value.$buf);
    if (!b) throw new Error(`unknown buffer ${value.$buf}`);
    return b;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v);
  return out;
}

function answer(value: number, error: string | null): void {
  scalar[0] = value;
  if (error) {
    const bytes = new TextEncoder().encode(error).slice(0, errorBytes.length);
    errorBytes.set(bytes);
    Atomics.store(control, 1, bytes.length);
  }
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
}

async function handle(message: any): Promise<void> {
  const { op } = message;
  try {
    const args = decode(message.args ?? []);
    const b = backend as any;
    switch (op) {
      case 'alloc':
        buffers.set(message.id, backend.alloc(args[0], args[1]));
        return;
      case 'free':
        backend.free(args[0]);
        buffers.delete(message.args[0].$buf);
        return;
      case 'loss':
        return finish(await backend.lossAsync(...(args as Parameters<GpuBackend['lossAsync']>)));
      case 'metric':
        return finish(await backend.metricAsync(...(args as Parameters<GpuBackend['metricAsync']>)));
      case 'l1l2Penalty':
        return finish(await backend.l1l2PenaltyAsync(...(args as Parameters<GpuBackend['l1l2PenaltyAsync']>)));
      case 'read': {
        const data = await backend.readAsync(args[0], args[1], args[2]);
        new Float32Array(message.out as SharedArrayBuffer).set(data);
        return finish(0);
      }
      case 'sync':
        await backend.flush();
        return finish(0);
      default:
        b[op](...args);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (message.sync) answer(NaN, text);
    else pendingError ??= `${op}: ${text}`;
  }

  function finish(value: number): void {
    const error = pendingError;
    pendingError = null;
    answer(value, error);
  }
}

port.on('message', (message: any) => {
  chain = chain.then(() => handle(message));
});

backend.ready().then(
  () => port.postMessage({ info: backend.getBackendInfo() }),
  (error: unknown) => {
    // The reason for the one mode this worker was given, rather than the whole "no GPU mode" text.
    const reasons = Object.values(backend.getBackendInfo().skipped);
    port.postMessage({ error: reasons.length ? reasons.join('; ') : error instanceof Error ? error.message : String(error) });
  },
);
