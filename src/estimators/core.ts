import { StateError } from '../errors.js';
import { instantiateCore } from '../backends/wasm/loader.js';
import { wasmBackend } from '../backends/index.js';
import type { CoreExports, WasmSource } from '../backends/wasm/loader.js';

/** The linear-model kernels of assembly/linear-models.ts, next to the core's allocator. */
export interface LinearCore extends CoreExports {
  sgdFit(x: number, n: number, d: number, y: number, sw: number, order: number, mask: number, w: number, q: number, params: number): number;
  linearDecision(x: number, n: number, d: number, w: number, b: number, k: number, out: number): void;
}

/** Slots of the f64 parameter block that sgdFit reads and writes (assembly/linear-models.ts). */
export const P = {
  loss: 0, penalty: 1, alpha: 2, l1Ratio: 3, maxIter: 4, tol: 5, fitIntercept: 6, shuffle: 7, seed: 8,
  weightPos: 9, weightNeg: 10, learningRate: 11, eta0: 12, powerT: 13, t: 14, nIterNoChange: 15,
  earlyStopping: 16, interceptDecay: 17, intercept: 18, outNIter: 19, outBest: 20, epsilon: 21,
} as const;
export const PARAM_SLOTS = 24;

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
        const c = core as LinearCore;
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
  constructor(readonly core: LinearCore) {}

  alloc(bytes: number): number {
    const p = this.core.alloc(Math.max(16, bytes));
    if (!p) throw new StateError(`estimators: the Wasm core is out of memory allocating ${bytes} bytes`);
    this.pointers.push(p);
    return p;
  }

  /** Copies a typed array into a fresh block of linear memory; returns its address. */
  copyIn(data: Float32Array | Float64Array | Uint8Array): number {
    const p = this.alloc(data.byteLength);
    new Uint8Array(this.core.memory.buffer, p, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return p;
  }

  // Views are taken fresh because an allocation may grow memory and detach older views.
  viewF64(p: number, length: number): Float64Array {
    return new Float64Array(this.core.memory.buffer, p, length);
  }

  viewI32(p: number, length: number): Int32Array {
    return new Int32Array(this.core.memory.buffer, p, length);
  }

  dispose(): void {
    for (const p of this.pointers) this.core.free(p);
    this.pointers.length = 0;
  }
}
