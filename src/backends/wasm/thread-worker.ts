/**
 * The source of one GEMM worker, as a classic script that runs both as a Node `worker_threads`
 * worker (`eval: true`, CommonJS `require`) and as a browser Web Worker (from a Blob URL), so no
 * separate file has to be located next to the bundle.
 *
 * The worker instantiates build/axon.threads.wasm on the shared memory WITHOUT running its start
 * function (`_initialize`), so it never touches the allocator; it only runs `gemmBlock` with the
 * packing space the main thread allocated for it. Control block (Int32, at `ctl`):
 *   [0] job sequence number, bumped by the main thread to post a job (m < 0 means quit)
 *   [1] the last sequence number this worker finished
 *   [2..15] gemmBlock's arguments m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate, bias, relu
 *   [16] non-zero when the job threw (the worker keeps serving)
 */
export const WORKER_SOURCE = `'use strict';
function axonGemmWorker(data, post) {
  var memory = data.memory;
  var instance = new WebAssembly.Instance(data.module, { env: { memory: memory, abort: function () { throw new Error('Wasm core aborted in a worker'); } } });
  var gemmBlock = instance.exports.gemmBlock;
  var I = new Int32Array(memory.buffer, data.ctl, ${32});
  var scratch = data.scratch;
  var spin = data.spin;
  var seen = Atomics.load(I, 0);
  post('ready');
  for (;;) {
    var s = Atomics.load(I, 0);
    for (var i = 0; s === seen && i < spin; i++) s = Atomics.load(I, 0);
    while (s === seen) {
      Atomics.wait(I, 0, seen);
      s = Atomics.load(I, 0);
    }
    seen = s;
    if (I[2] < 0) break;
    try {
      gemmBlock(I[2], I[3], I[4], I[5], I[6], I[7], I[8], I[9], I[10], I[11], I[12], I[13], I[14], I[15], scratch);
    } catch (e) {
      Atomics.store(I, 16, 1);
    }
    Atomics.store(I, 1, seen);
    Atomics.notify(I, 1);
  }
  post('exit');
}
if (typeof require === 'function') {
  var wt = require('node:worker_threads');
  axonGemmWorker(wt.workerData, function (m) { wt.parentPort.postMessage(m); });
} else {
  self.onmessage = function (e) { axonGemmWorker(e.data, function (m) { self.postMessage(m); }); };
}
`;
