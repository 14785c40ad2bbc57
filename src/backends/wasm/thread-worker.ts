import type { UpdateKernelName } from '../backend.js';

/** A job a worker runs: gemmBlock (its packing space appended by the worker), gemvBlock or an optimizer kernel. */
export type WorkerOp = 'gemmBlock' | 'gemvBlock' | UpdateKernelName;

/**
 * The jobs a worker can run, by their index in the control block: gemmBlock, gemvBlock, then every optimizer
 * kernel the threaded core exports (the `<rule>Update` names of assembly/optimizers.ts) in the
 * module's export order. The pool and its workers derive the list from the same module, so a new
 * kernel needs no entry here. The optimizer updates are elementwise, so a range of a parameter is the
 * same call with offset pointers and a shorter length.
 */
export function workerOps(module: WebAssembly.Module): WorkerOp[] {
  const kernels = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function' && e.name.endsWith('Update'));
  return ['gemmBlock', 'gemvBlock', ...kernels.map((e) => e.name as UpdateKernelName)];
}

/**
 * One worker's control block in shared memory, 256 bytes (its own cache lines):
 *   Int32 [0]  job sequence number, bumped by the main thread to post a job
 *   Int32 [1]  the last sequence number this worker finished
 *   Int32 [2]  the job: an index into workerOps(module), or -1 to quit
 *   Int32 [3]  the job's argument count
 *   Int32 [16] non-zero when the job threw (the worker keeps serving)
 *   Float64 [16..31] the job's arguments (pointers, lengths and f32 scalars are exact in f64)
 */
export const CTL = { ints: 64, seq: 0, done: 1, op: 2, argc: 3, error: 16, argsF64: 16, maxArgs: 16 } as const;

/**
 * The source of one worker, as a classic script that runs both as a Node `worker_threads` worker
 * (`eval: true`, CommonJS `require`) and as a browser Web Worker (from a Blob URL), so no separate
 * file has to be located next to the bundle.
 *
 * The worker instantiates build/axon.threads.wasm on the shared memory WITHOUT running its start
 * function (`_initialize`), so it never touches the allocator; gemmBlock runs with the packing
 * space the main thread allocated for it.
 */
export const WORKER_SOURCE = `'use strict';
function axonWorker(data, post) {
  var memory = data.memory;
  var instance = new WebAssembly.Instance(data.module, { env: { memory: memory, abort: function () { throw new Error('Wasm core aborted in a worker'); } } });
  var ops = data.ops.map(function (name) { return instance.exports[name]; });
  var I = new Int32Array(memory.buffer, data.ctl, ${CTL.ints});
  var F = new Float64Array(memory.buffer, data.ctl, ${CTL.ints / 2});
  var scratch = data.scratch;
  var spin = data.spin;
  var seen = Atomics.load(I, ${CTL.seq});
  post('ready');
  for (;;) {
    var s = Atomics.load(I, ${CTL.seq});
    for (var i = 0; s === seen && i < spin; i++) s = Atomics.load(I, ${CTL.seq});
    while (s === seen) {
      Atomics.wait(I, ${CTL.seq}, seen);
      s = Atomics.load(I, ${CTL.seq});
    }
    seen = s;
    var op = I[${CTL.op}];
    if (op < 0) break;
    try {
      // gemmBlock's packing space goes after its arguments. Exports ignore extra arguments, so every
      // job is one call with all ${CTL.maxArgs} slots: no array and no apply per job.
      if (op === 0) F[${CTL.argsF64} + I[${CTL.argc}]] = scratch;
      ops[op](${Array.from({ length: CTL.maxArgs }, (_, i) => `F[${CTL.argsF64 + i}]`).join(', ')});
    } catch (e) {
      Atomics.store(I, ${CTL.error}, 1);
    }
    Atomics.store(I, ${CTL.done}, seen);
    Atomics.notify(I, ${CTL.done});
  }
  post('exit');
}
if (typeof require === 'function') {
  var wt = require('node:worker_threads');
  axonWorker(wt.workerData, function (m) { wt.parentPort.postMessage(m); });
} else {
  self.onmessage = function (e) { axonWorker(e.data, function (m) { self.postMessage(m); }); };
}
`;
