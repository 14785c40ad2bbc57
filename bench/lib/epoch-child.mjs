// One library, one model, in a fresh process (clean peak RSS, cold JIT for everyone):
//   node bench/lib/epoch-child.mjs <axon|tfjs-wasm|tfjs-cpu> <modelId> <epochs> <trainRows>
// Prints one JSON line: seconds per epoch, test accuracy, peak RSS, and for Axon the arithmetic
// bound of an epoch from its own GEMM throughput measured at the model's shapes.
import { readFileSync, writeFileSync } from 'node:fs';
import { fashion, MODELS, TRAIN_ROWS, oneHot, axon, axonModel, tfjs, tfjsUse, tfjsModel, stepFlops, randomArray } from './common.mjs';

const [lib, modelId, epochsArg, rowsArg, orderArg] = process.argv.slice(2);
// 'fixed': no shuffling, so that Axon and tfjs see the same batches in the same order.
const SHUFFLE = orderArg !== 'fixed';
const model = MODELS.find((m) => m.id === modelId);
const epochs = Number(epochsArg ?? 1);
const rows = Number(rowsArg ?? TRAIN_ROWS);
const BATCH = 32;
let data = await fashion();
let xTrain = data.xTrain.subarray(0, rows * 784), yTrain = data.yTrain.subarray(0, rows);
const out = { lib, model: modelId, epochs, rows, batch: BATCH, shuffle: SHUFFLE, dataSource: data.source };
let baselineRss;

// Peak RSS of the fit alone: the data loading (gunzip, conversions) peaks higher than any fit, so
// the kernel's high-water mark is reset (Linux: /proc/self/clear_refs 5) once the data is in place.
async function resetPeak() {
  // Freed ArrayBuffers go back to the OS asynchronously: collect, let it settle, then reset.
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  globalThis.gc?.();
  try { writeFileSync('/proc/self/clear_refs', '5'); out.peakMethod = 'VmHWM after clear_refs'; } catch { out.peakMethod = 'maxRSS of the process (includes data loading)'; }
  baselineRss = process.memoryUsage().rss;
}
function peakRss() {
  try { return Number(readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s*(\d+)/)[1]) * 1024; } catch { return process.resourceUsage().maxRSS * 1024; }
}

if (lib === 'axon') {
  const A = await axon();
  const m = await axonModel(model, 1);
  const x = A.tensor(xTrain, [rows, 784]), y = A.tensor(yTrain, [rows]);
  const xt = A.tensor(data.xTest, [10000, 784]), yt = A.tensor(data.yTest, [10000]);
  await resetPeak();
  // One fit() of all the epochs; callbacks time each epoch (the test evaluation after the first
  // epoch happens outside the timed span).
  out.epochSeconds = [];
  let t0 = 0;
  const timer = {
    onEpochBegin() { t0 = performance.now(); },
    async onEpochEnd(epoch, logs) {
      out.epochSeconds.push((performance.now() - t0) / 1000);
      if (epoch === 0) {
        out.trainAccuracyEpoch1 = logs.accuracy ?? logs.acc;
        out.testAccuracyEpoch1 = (await m.evaluate(xt, yt, { batchSize: 1000 }))[1];
      }
    },
  };
  const tFit = performance.now();
  await m.fit(x, y, { epochs, batchSize: BATCH, shuffle: SHUFFLE, verbose: 0, callbacks: timer });
  out.fitSeconds = (performance.now() - tFit) / 1000;
  out.peakRssMiB = peakRss() / 2 ** 20;
  out.testAccuracy = (await m.evaluate(xt, yt, { batchSize: 1000 }))[1];
  // Arithmetic bound: each GEMM of a b32 step timed alone (best of many), times the steps.
  const be = A.getBackend();
  const dims = [784, ...model.hidden, 10];
  const products = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const i = dims[l], o = dims[l + 1];
    products.push({ m: BATCH, n: o, k: i }, { m: i, n: o, k: BATCH, transA: true });
    if (l > 0) products.push({ m: BATCH, n: i, k: o, transB: true });
  }
  let stepGemmSeconds = 0;
  for (const p of products) {
    const a = be.alloc(p.m * p.k), b = be.alloc(p.k * p.n), c = be.alloc(p.m * p.n);
    be.write(a, randomArray(p.m * p.k, 3));
    be.write(b, randomArray(p.k * p.n, 4));
    const spec = { ...p, a, b, c };
    let best = Infinity;
    for (let r = 0; r < 30; r++) {
      const reps = 20;
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) be.matMul(spec);
      best = Math.min(best, (performance.now() - t0) / 1000 / reps);
    }
    stepGemmSeconds += best;
    be.free(a); be.free(b); be.free(c);
  }
  const steps = Math.ceil(rows / BATCH);
  out.epochFlops = stepFlops(model, BATCH) * steps;
  out.gemmGflopsAtShapes = stepFlops(model, BATCH) / stepGemmSeconds / 1e9;
  out.boundSeconds = stepGemmSeconds * steps;
} else {
  const backend = lib.replace('tfjs-', '');
  const { tf } = await tfjs();
  out.backendInfo = await tfjsUse(backend);
  const m = await tfjsModel(model);
  // The same initial weights as the Axon run (same seed), so that accuracies compare like for like.
  const am = await axonModel(model, 1);
  m.setWeights(am.getWeights().map((w) => tf.tensor(w.data, [...w.shape])));
  am.dispose();
  out.sameInitAsAxon = true;
  const x = tf.tensor2d(xTrain, [rows, 784]), y = tf.tensor2d(oneHot(yTrain), [rows, 10]);
  const xt = tf.tensor2d(data.xTest, [10000, 784]), yt = tf.tensor2d(oneHot(data.yTest), [10000, 10]);
  // tfjs holds its own copies now; drop the JavaScript arrays (the setting most favourable to tfjs).
  data = null; xTrain = null; yTrain = null;
  await resetPeak();
  out.epochSeconds = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    const h = await m.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: SHUFFLE, verbose: 0 });
    out.epochSeconds.push((performance.now() - t0) / 1000);
    if (e === 0) out.trainAccuracyEpoch1 = h.history.acc?.[0] ?? h.history.accuracy?.[0];
  }
  out.peakRssMiB = peakRss() / 2 ** 20;
  if (rows === TRAIN_ROWS) {
    const r = m.evaluate(xt, yt, { batchSize: 1000 });
    out.testAccuracy = (await r[1].data())[0];
    if (epochs === 1) out.testAccuracyEpoch1 = out.testAccuracy;
  }
}
out.baselineRssMiB = baselineRss / 2 ** 20;
console.log(JSON.stringify(out));
process.exit(0);
