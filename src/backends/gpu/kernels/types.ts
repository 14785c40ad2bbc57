// Shared typing for gpu.js kernel sources. Kernel bodies are plain functions that gpu.js parses and
// translates (GLSL, WGSL, or JavaScript in its `cpu` mode), so they may use only what gpu.js
// understands: `this.thread.x`, arithmetic, `Math.*`, loops and ternaries over their arguments.

/** `this` inside a gpu.js kernel body. */
export interface KernelThis {
  thread: { x: number; y: number; z: number };
}

/** A GPU-resident array as a kernel sees it (a texture or storage buffer, or an array in cpu mode). */
export type Arr = number[];

/** One kernel: its source plus the gpu.js type of every argument (arrays are GPU handles). */
export interface KernelDef {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (this: KernelThis, ...args: any[]) => number;
  /** Argument types in order: 'Array' (a device buffer), 'Upload' (a JS typed array), 'Integer', 'Float'. */
  args: readonly ArgType[];
  /** 'flat' (default): output [size], one thread per element. 'matrix': output [cols, rows]. */
  grid?: 'flat' | 'matrix';
  /** Helper functions the body calls; scalars in and out only (gpu.js cannot pass GPU arrays to them everywhere). */
  helpers?: readonly ((...args: number[]) => number)[];
}

export type ArgType = 'Array' | 'Upload' | 'Integer' | 'Float';

/** What a loss's GPU plan needs of the backend: queue a kernel (its result's handle comes back), free a handle. */
export interface KernelQueue {
  run(def: KernelDef, shape: number | [number, number], ...args: unknown[]): unknown;
  release(handle: unknown): void;
}

/**
 * How the GPU backend runs one loss: the kernels it queues for `p` (predictions) and `t` (targets),
 * returning the handle of per-row losses and, when `scale` is given, of scale·∂loss/∂p (the backend
 * then applies the output activation's backward).
 */
export type GpuLoss = (queue: KernelQueue, p: unknown, t: unknown, rows: number, cols: number, scale: number | null) => { rows: unknown; grad: unknown };
