import { StateError } from '../errors.js';
import { instantiateCore } from '../backends/wasm/loader.js';
import { wasmBackend } from '../backends/index.js';
import type { CoreExports, WasmSource } from '../backends/wasm/loader.js';
import { SGD_PARAMS } from '../backends/wasm/boundary.generated.js';
import { WasmHeap, f64Slots } from '../backends/wasm/heap.js';

/** The core the estimators run on: CoreExports includes assembly/linear-models.ts' kernels. */
export type LinearCore = CoreExports;

/** Slots of the f64 parameter block that sgdFit reads and writes (assembly/linear-models.ts SgdParams). */
export const P = f64Slots(SGD_PARAMS);
export const PARAM_SLOTS = SGD_PARAMS.size / Float64Array.BYTES_PER_ELEMENT;

let loading: Promise<LinearCore> | null = null;
let source: WasmSource | undefined;

/**
 * The estimators run in an instance of the core of their own: sgdFit keeps a whole training set in
 * linear memory for the duration of a fit, and a separate instance keeps that from fragmenting the
 * arena the Sequential models' weights live in. The module bytes are the same build/axon.wasm.
 */
export function linearCore(): Promise<LinearCore> {
  if (!loading) {
    // Without a source of their own, the estimators load what ready(source) was given (workerd's Module).
    loading = instantiateCore(source ?? wasmBackend.wasmSource).then(
      (core) => {
        const c: LinearCore = core;
        if (typeof c.sgdFit !== 'function' || typeof c.linearDecision !== 'function') {
          throw new StateError('estimators: build/axon.wasm lacks sgdFit/linearDecision; rebuild it with `npm run build:wasm`');
        }
        return c;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
  }
  return loading;
}

/** Chooses where the estimators' core comes from (same forms as `ready(source)`); before first use. */
export function setEstimatorWasmSource(wasm: WasmSource | undefined): void {
  if (loading) throw new StateError('setEstimatorWasmSource(): the estimators\' core is already loaded');
  source = wasm;
}

/** Allocations in the core that are all returned together, even when a fit throws. */
export class Arena {
  private readonly pointers: number[] = [];
  private readonly heap: WasmHeap;
  constructor(readonly core: LinearCore) {
    this.heap = new WasmHeap(core);
  }

  alloc(bytes: number): number {
    const p = this.heap.alloc(Math.max(16, bytes), 'estimators');
    this.pointers.push(p);
    return p;
  }

  /** Copies a typed array into a fresh block of linear memory; returns its address. */
  copyIn(data: Float32Array | Float64Array | Uint8Array): number {
    const p = this.heap.copyIn(data, 'estimators');
    this.pointers.push(p);
    return p;
  }

  viewF64(p: number, length: number): Float64Array {
    return this.heap.f64(p, length);
  }

  viewI32(p: number, length: number): Int32Array {
    return this.heap.i32(p, length);
  }

  dispose(): void {
    for (const p of this.pointers) this.heap.free(p);
    this.pointers.length = 0;
  }
}
