#!/usr/bin/env node
// GPU backend benchmark suite (issue 5). Run after `npm run build`:
//   node bench/gpu/run.mjs [--mode webgpu|webgl2|headlessgl|cpu] [--quick] [--out DIR]
// Measures, on the same machine:
//   1. GEMM 1024–8192 on the GPU backend (GFLOP/s, GPU-resident operands, one readback at the end),
//      with the Wasm backend's GEMM on the CPU for reference (sizes it can do in reasonable time);
//   2. one training epoch (60,000 samples, Adam, sparse softmax cross-entropy) of 784→4096→4096→10
//      and 784→1024→1024→10 at batch 256 and 1024, GPU backend vs Wasm backend, through the exact
//      Executor and Adam calls fit() makes (bench/gpu/mlp.mjs). Where a run would take too long (the Wasm
//      backend on the wide model) it is timed over its first steps and extrapolated; the JSON says so;
//   3. @tensorflow/tfjs-backend-webgpu on the same model, if it is installed and gets an adapter.
// Prints a JSON report and writes it (plus a markdown table) to --out (default bench/gpu/results).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Mlp, initialWeights, syntheticData } from './mlp.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const QUICK = argv.includes('--quick');
const MODE = opt('mode', 'webgpu');
const OUT = opt('out', new URL('./results', import.meta.url).pathname);
const EPOCH_ROWS = Number(opt('rows', QUICK ? 2048 : 60000));
const GPU_EPOCH_CAP_S = Number(opt('gpu-cap', 45));
// Whole-run budget: configurations that would start after it are skipped (and listed in notes).
const BUDGET_S = Number(opt('budget', 400));
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const WASM_CAP_S = Number(opt('wasm-cap', QUICK ? 5 : 20));

const axon = await import('../../dist/index.js');
const { createGpuBackend } = await import('../../dist/backends/gpu/index.js');
await axon.ready();
const wasm = axon.getBackend('wasm');

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  mode: MODE,
  gpu: null,
  gemm: [],
  training: [],
  tfjsWebgpu: null,
  notes: [],
};
const log = (...a) => console.log(...a);

function save() {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `gpu-bench-${MODE}${QUICK ? '-quick' : ''}.json`), JSON.stringify(report, null, 2));
}

// The kernel-level suite drives the backend on this thread (WebGPU: asynchronous readback).
const gpu = createGpuBackend({ mode: MODE, worker: false });
const t0 = performance.now();
try {
  await gpu.ready();
} catch (error) {
  report.gpu = { ...gpu.getBackendInfo(), error: String(error?.message ?? error) };
  log('GPU backend did not start:', JSON.stringify(report.gpu));
  save();
  process.exit(1);
}
report.gpu = { ...gpu.getBackendInfo(), readySeconds: (performance.now() - t0) / 1000 };
log('GPU backend:', JSON.stringify(report.gpu));

const read = (be, b, n) => (be.readAsync ? be.readAsync(b, n) : Promise.resolve(be.read(b, n)));
const flush = async (be) => (be.flush ? be.flush() : undefined);

function rand(n, seed) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

async function gemm(be, n, { minSeconds = 1, maxReps = 50 } = {}) {
  const a = be.alloc(n * n), b = be.alloc(n * n), c = be.alloc(n * n);
  const A = rand(n * n, 1);
  const B = rand(n * n, 2);
  be.write(a, A);
  be.write(b, B);
  be.matMul({ m: n, n, k: n, a, b, c }); // warm-up
  await read(be, c, 1);
  let reps = 0;
  const start = performance.now();
  let elapsed = 0;
  while (reps < maxReps) {
    be.matMul({ m: n, n, k: n, a, b, c });
    reps++;
    if (reps === 1 || reps % 2 === 0) {
      await read(be, c, 1);
      elapsed = (performance.now() - start) / 1000;
      if (elapsed >= minSeconds) break;
    }
  }
  await read(be, c, 1);
  elapsed = (performance.now() - start) / 1000;
  const sample = await read(be, c, 8);
  // Check C[0, 0..8) against a float64 product of the same operands.
  let maxRelErr = 0;
  for (let j = 0; j < 8; j++) {
    let ref = 0, mag = 0;
    for (let p = 0; p < n; p++) {
      ref += A[p] * B[p * n + j];
      mag += Math.abs(A[p] * B[p * n + j]);
    }
    maxRelErr = Math.max(maxRelErr, Math.abs(sample[j] - ref) / mag);
  }
  for (const x of [a, b, c]) be.free(x);
  return { n, reps, seconds: elapsed, gflops: (2 * n ** 3 * reps) / elapsed / 1e9, sample: Array.from(sample), maxRelErr };
}

// 1. GEMM
const sizes = QUICK ? [64, 128] : [1024, 2048, 4096, 8192];
for (const n of sizes) {
  let g;
  try {
    g = await gemm(gpu, n);
  } catch (error) {
    report.notes.push(`GEMM ${n} failed: ${String(error?.message ?? error).split('\n')[0]}`);
    log('GEMM failed', n, error);
    continue;
  }
  const row = { n, gpuGflops: g.gflops, gpuReps: g.reps, gpuSeconds: g.seconds, gpuMaxRelErr: g.maxRelErr };
  if (n <= (QUICK ? 128 : 2048)) {
    const w = await gemm(wasm, n, { minSeconds: 0.5, maxReps: 3 });
    row.wasmGflops = w.gflops;
    row.speedup = g.gflops / w.gflops;
    row.maxAbsDiff = Math.max(...g.sample.map((v, i) => Math.abs(v - w.sample[i])));
  }
  report.gemm.push(row);
  log('GEMM', JSON.stringify(row));
  save();
}

// 2. Training epochs
const models = QUICK ? [[784, 64, 64, 10]] : [[784, 4096, 4096, 10], [784, 1024, 1024, 10]];
const batches = QUICK ? [32, 128] : [256, 1024];
const data = syntheticData(EPOCH_ROWS, 784, 10, 1);

async function timedEpoch(be, dims, batch, capSeconds) {
  const mlp = new Mlp(be, dims, batch, initialWeights(dims, 2), { learningRate: 0.001 });
  // Warm-up step (kernel compilation, first allocations), not timed; then a fresh model.
  await mlp.epoch(data, 1);
  mlp.dispose();
  const model = new Mlp(be, dims, batch, initialWeights(dims, 2), { learningRate: 0.001 });
  const steps = Math.ceil(data.rows / batch);
  // Time a first chunk; if the whole epoch would exceed the cap, extrapolate from it.
  const probe = await model.epoch(data, Math.min(steps, 2));
  const perStep = probe.seconds / probe.steps;
  let result;
  if (perStep * steps <= capSeconds) {
    model.dispose();
    const full = new Mlp(be, dims, batch, initialWeights(dims, 2), { learningRate: 0.001 });
    const r = await full.epoch(data);
    full.dispose();
    result = { measuredSteps: r.steps, epochSeconds: r.seconds, extrapolated: false, meanLoss: r.loss };
  } else {
    const more = Math.max(1, Math.min(steps - 2, Math.floor(capSeconds / perStep) - 2));
    const r = await model.epoch(data, 2 + more); // continues from step 0: a fresh pass over the first steps
    model.dispose();
    result = { measuredSteps: r.steps, epochSeconds: (r.seconds / r.steps) * steps, measuredSeconds: r.seconds, extrapolated: true, meanLoss: r.loss };
  }
  result.samplesPerSecond = data.rows / result.epochSeconds;
  return result;
}

async function lossParity(dims, batch) {
  // Same weights and batches on both backends: the first three step losses.
  const out = {};
  for (const [name, be] of [['gpu', gpu], ['wasm', wasm]]) {
    const m = new Mlp(be, dims, batch, initialWeights(dims, 2), { learningRate: 0.001 });
    const order = Uint32Array.from({ length: data.rows }, (_, i) => i);
    out[name] = [];
    for (let s = 0; s < 3; s++) out[name].push((await m.step(data, order, s * batch, batch)) / batch);
    m.dispose();
  }
  return out;
}

for (const dims of models) {
  for (const batch of batches) {
    const label = `${dims.join('→')} batch ${batch}`;
    if (elapsed() > BUDGET_S) {
      report.notes.push(`skipped ${label}: the run's ${BUDGET_S} s budget was spent`);
      log('skipped', label);
      continue;
    }
    let g;
    try {
      g = await timedEpoch(gpu, dims, batch, GPU_EPOCH_CAP_S);
    } catch (error) {
      report.notes.push(`training ${label} failed on the GPU: ${String(error?.message ?? error).split('\n')[0]}`);
      log('train GPU failed', label, error);
      continue;
    }
    log('train GPU ', label, JSON.stringify(g));
    const w = await timedEpoch(wasm, dims, batch, WASM_CAP_S);
    log('train Wasm', label, JSON.stringify(w));
    const row = { model: dims.join('→'), batch, rows: data.rows, gpu: g, wasm: w, speedup: w.epochSeconds / g.epochSeconds };
    if (batch === batches[0]) row.lossParity = await lossParity(dims, batch);
    report.training.push(row);
    log('speedup', label, row.speedup.toFixed(2), row.lossParity ? JSON.stringify(row.lossParity) : '');
    save();
  }
}

// 3. The same model code through Sequential: setBackend-style selection by name. In Node the GPU
//    backend then runs in a worker thread (synchronous readback for Sequential).
if (elapsed() <= BUDGET_S) {
  try {
    const { registerGpuBackend } = await import('../../dist/backends/gpu/index.js');
    const seqBackend = registerGpuBackend({ name: 'gpu-seq', mode: MODE, worker: true });
    await seqBackend.ready();
    const dims = QUICK ? [784, 64, 64, 10] : [784, 1024, 1024, 10];
    const batch = QUICK ? 64 : 256;
    const rows = Math.min(data.rows, QUICK ? 1024 : 15360);
    const x = axon.tensor(data.x.subarray(0, rows * 784), [rows, 784]);
    const y = axon.tensor(data.y.subarray(0, rows), [rows]);
    const seq = {};
    for (const backend of ['gpu-seq', 'wasm']) {
      axon.setRandomSeed(3);
      const model = new axon.Sequential([
        new axon.Dense(dims[1], { inputShape: [784], activation: 'relu' }),
        new axon.Dense(dims[2], { activation: 'relu' }),
        new axon.Dense(dims[3], { activation: 'softmax' }),
      ], { backend });
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
      await model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0, shuffle: false }); // warm-up epoch
      const t = performance.now();
      const h = await model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0, shuffle: false });
      const seconds = (performance.now() - t) / 1000;
      seq[backend] = { seconds, loss: h.history.loss[0], samplesPerSecond: rows / seconds };
      model.dispose();
      if (backend === 'wasm' && seconds > 60) break;
    }
    report.sequential = { model: dims.join('→'), batch, rows, info: seqBackend.getBackendInfo(), ...seq, speedup: seq.wasm && seq['gpu-seq'] ? seq.wasm.seconds / seq['gpu-seq'].seconds : null };
    log('Sequential', JSON.stringify(report.sequential));
    seqBackend.destroy();
  } catch (error) {
    report.notes.push(`Sequential on the GPU backend failed: ${String(error?.message ?? error).split('\n')[0]}`);
    log('Sequential failed', error);
  }
  save();
}

// 4. tfjs-backend-webgpu, when installed
try {
  // tfjs-backend-webgpu registers itself at import only where navigator.gpu exists (in Node: after
  // the GPU backend installed the `webgpu` package's one, in 'webgpu' mode).
  if (!globalThis.navigator?.gpu) throw new Error('no WebGPU in this process (navigator.gpu is undefined)');
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  const ok = await tf.setBackend('webgpu');
  if (!ok) throw new Error('tf.setBackend("webgpu") returned false');
  const tfl = await import('@tensorflow/tfjs-layers');
  report.tfjsWebgpu = [];
  for (const dims of models) {
    for (const batch of batches) {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({ units: dims[1], activation: 'relu', inputShape: [dims[0]] }),
          ...dims.slice(2, -1).map((u) => tfl.layers.dense({ units: u, activation: 'relu' })),
          tfl.layers.dense({ units: dims[dims.length - 1], activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy' });
      const n = Math.min(data.rows, batch * 20);
      const x = tf.tensor2d(data.x.subarray(0, n * 784), [n, 784]);
      const y = tf.tensor1d(Float32Array.from(data.y.subarray(0, n)));
      await model.fit(x.slice([0, 0], [batch, 784]), y.slice([0], [batch]), { batchSize: batch, epochs: 1, verbose: 0 });
      const t = performance.now();
      await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0, shuffle: false });
      const seconds = (performance.now() - t) / 1000;
      const epochSeconds = (seconds / n) * data.rows;
      report.tfjsWebgpu.push({ model: dims.join('→'), batch, measuredRows: n, epochSeconds, extrapolated: n < data.rows });
      log('tfjs-webgpu', dims.join('→'), batch, epochSeconds);
      tf.dispose([x, y]);
      model.dispose();
    }
  }
} catch (error) {
  report.tfjsWebgpu = { skipped: String(error?.message ?? error).split('\n')[0] };
  log('tfjs-backend-webgpu skipped:', report.tfjsWebgpu.skipped);
}

report.totalSeconds = elapsed();
save();
const stamp = `${MODE}${QUICK ? '-quick' : ''}`;
writeFileSync(join(OUT, `gpu-bench-${stamp}.json`), JSON.stringify(report, null, 2));
const md = [
  `# GPU backend benchmark (${stamp})`,
  '',
  `${report.date}, Node ${report.node}, CPU ${report.cpu}, gpu.js mode ${report.gpu.mode}${report.gpu.adapter ? ` (${report.gpu.adapter})` : ''}.`,
  '',
  '## GEMM (C = A·B, n×n, float32, operands resident on the device)',
  '',
  '| n | GPU GFLOP/s | Wasm GFLOP/s | speed-up |',
  '|---|---|---|---|',
  ...report.gemm.map((r) => `| ${r.n} | ${r.gpuGflops.toFixed(1)} | ${r.wasmGflops?.toFixed(2) ?? '–'} | ${r.speedup ? `${r.speedup.toFixed(1)}×` : '–'} |`),
  '',
  `## One training epoch (${data.rows} samples, Adam, sparse softmax cross-entropy)`,
  '',
  '| model | batch | GPU epoch (s) | Wasm epoch (s) | speed-up |',
  '|---|---|---|---|---|',
  ...report.training.map((r) => `| ${r.model} | ${r.batch} | ${r.gpu.epochSeconds.toFixed(2)}${r.gpu.extrapolated ? ' (extrapolated)' : ''} | ${r.wasm.epochSeconds.toFixed(1)}${r.wasm.extrapolated ? ` (extrapolated from ${r.wasm.measuredSteps} steps)` : ''} | ${r.speedup.toFixed(1)}× |`),
  '',
  report.sequential ? `Sequential.fit (${report.sequential.model}, batch ${report.sequential.batch}, ${report.sequential.rows} rows, GPU backend in a ${report.sequential.info.thread} thread): GPU ${report.sequential['gpu-seq']?.seconds.toFixed(2)} s, Wasm ${report.sequential.wasm?.seconds.toFixed(2)} s.` : 'Sequential.fit: not measured.',
  '',
  `tfjs-backend-webgpu: ${Array.isArray(report.tfjsWebgpu) ? report.tfjsWebgpu.map((r) => `${r.model} b${r.batch}: ${r.epochSeconds.toFixed(2)} s`).join('; ') : `not measured (${report.tfjsWebgpu.skipped})`}`,
  '',
].join('\n');
writeFileSync(join(OUT, `gpu-bench-${stamp}.md`), md);
log(md);
log('REPORT_JSON ' + JSON.stringify(report));
gpu.destroy();
process.exit(0);
