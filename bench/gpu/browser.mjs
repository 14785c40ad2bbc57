#!/usr/bin/env node
// The GPU backend in a browser against its peer there: in one headless Chromium page, Sequential.fit
// on the 'gpu' backend versus @tensorflow/tfjs, same model, same synthetic data and batch, the Wasm
// backend as a reference. Default: gpu.js WebGL2 vs tfjs-backend-webgl; --webgpu: gpu.js WebGPU vs
// tfjs-backend-webgpu. On a machine without a GPU the renderer is SwiftShader (software): the figures
// then compare the kernel designs, not GPU speed.
//   node bench/gpu/browser.mjs [--webgpu] [--steps N] [--out DIR]   (after npm run build)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { WEBGPU_FLAGS, launchChromium, serveRepository } from '../../scripts/chromium.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const STEPS = Number(opt('steps', 60));
const WEBGPU = argv.includes('--webgpu');
const MODE = WEBGPU ? 'webgpu' : 'webgl2';
const TFJS = WEBGPU ? 'webgpu' : 'webgl';
const OUT = opt('out', new URL('./results', import.meta.url).pathname);
const CASES = [
  { dims: [784, 100, 10], batch: 32 },
  { dims: [784, 100, 10], batch: 256 },
  { dims: [784, 300, 100, 10], batch: 256 },
];

// Page code: times `steps` batches of one fit epoch after a warm-up epoch of 3 batches (shader
// compilation), for each runner; returns milliseconds per step.
const PAGE = `async ({ cases, steps, tfjsBackend }) => {
  const axon = await import('/dist/index.js');
  const rand = (n, seed) => { let s = seed >>> 0; const out = new Float32Array(n); for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = s / 4294967296; } return out; };
  async function axonRun(backend, dims, batch, x, y) {
    await axon.setBackend(backend);
    axon.setRandomSeed(1);
    const layers = dims.slice(1).map((u, i) => new axon.Dense(u, { activation: i === dims.length - 2 ? 'softmax' : 'relu', ...(i === 0 ? { inputShape: [dims[0]] } : {}) }));
    const model = new axon.Sequential(layers);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const rows = steps * batch;
    await model.fit(axon.tensor(x.subarray(0, 3 * batch * dims[0]), [3 * batch, dims[0]]), axon.tensor(y.subarray(0, 3 * batch), [3 * batch]), { batchSize: batch, epochs: 1, verbose: 0 });
    const t = performance.now();
    const h = await model.fit(axon.tensor(x, [rows, dims[0]]), axon.tensor(y, [rows]), { batchSize: batch, epochs: 1, verbose: 0, shuffle: false });
    const ms = (performance.now() - t) / steps;
    model.dispose();
    return { msPerStep: ms, loss: h.history.loss[0], mode: axon.getBackendInfo().mode ?? null };
  }
  async function tfjsRun(dims, batch, x, y) {
    const ok = await tf.setBackend(tfjsBackend);
    if (!ok) throw new Error('tf.setBackend(' + tfjsBackend + ') returned false');
    await tf.ready();
    const model = tf.sequential({ layers: dims.slice(1).map((u, i) => tf.layers.dense({ units: u, activation: i === dims.length - 2 ? 'softmax' : 'relu', ...(i === 0 ? { inputShape: [dims[0]] } : {}) })) });
    model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const rows = steps * batch;
    const xt = tf.tensor2d(x, [rows, dims[0]]), yt = tf.tensor1d(Float32Array.from(y));
    const wx = xt.slice([0, 0], [3 * batch, dims[0]]), wy = yt.slice([0], [3 * batch]);
    await model.fit(wx, wy, { batchSize: batch, epochs: 1, verbose: 0 });
    const t = performance.now();
    const h = await model.fit(xt, yt, { batchSize: batch, epochs: 1, verbose: 0, shuffle: false });
    const ms = (performance.now() - t) / steps;
    tf.dispose([xt, yt, wx, wy]);
    model.dispose();
    return { msPerStep: ms, loss: h.history.loss[0], backend: tf.getBackend() };
  }
  const out = [];
  for (const { dims, batch } of cases) {
    const x = rand(steps * batch * dims[0], 7), y = Int32Array.from(rand(steps * batch, 9), (v) => Math.floor(v * dims[dims.length - 1]));
    const row = { model: dims.join('→'), batch, steps };
    row.axonGpu = await axonRun('gpu', dims, batch, x, y);
    row.tfjs = await tfjsRun(dims, batch, x, y);
    row.axonWasm = await axonRun('wasm', dims, batch, x, y);
    console.log(JSON.stringify(row));
    out.push(row);
  }
  return out;
}`;

if (!Number.isInteger(STEPS) || STEPS < 1) throw new Error(`--steps: expected a positive integer, received "${opt('steps')}"`);
const server = await serveRepository();
const chromium = await launchChromium(WEBGPU ? WEBGPU_FLAGS : ['--disable-gpu']);
let rows;
try {
  const page = await chromium.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.text().startsWith('{')) console.log(m.text()); });
  await page.goto(`${server.url}/gpu.html`);
  await page.addScriptTag({ url: '/node_modules/@tensorflow/tfjs/dist/tf.min.js' });
  if (WEBGPU) await page.addScriptTag({ url: '/node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js' });
  rows = await page.evaluate(`(${PAGE})(${JSON.stringify({ cases: CASES, steps: STEPS, tfjsBackend: TFJS })})`);
  const mode = rows[0]?.axonGpu.mode;
  if (mode !== MODE) throw new Error(`the GPU backend ran on ${mode}, not ${MODE}${WEBGPU ? ' (no WebGPU adapter in this Chromium?)' : ''}`);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
} finally {
  await chromium.close();
  await server.close();
}

const browser = WEBGPU ? `Debian chromium, headless, ${WEBGPU_FLAGS.join(' ')} (SwiftShader's WebGPU adapter where no GPU)` : 'Debian chromium, headless, --disable-gpu (WebGL2 on SwiftShader where no GPU)';
const report = { date: new Date().toISOString(), browser, mode: MODE, tfjsBackend: TFJS, cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`, rows };
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, `browser-${MODE}.json`), JSON.stringify(report, null, 2) + '\n');
const md = [
  `# GPU backend (${MODE}) in Chromium vs tfjs-backend-${TFJS} (bench/gpu/browser.mjs${WEBGPU ? ' --webgpu' : ''})`,
  '',
  `${report.date}, ${report.browser}, CPU ${report.cpu}. Milliseconds per training step (Sequential.fit / tf.LayersModel.fit, Adam, sparse softmax cross-entropy, ${STEPS} steps after a warm-up).`,
  '',
  `| model | batch | axon gpu (${MODE}) | tfjs ${TFJS} | axon gpu time ÷ tfjs time | axon wasm |`,
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.model} | ${r.batch} | ${r.axonGpu.msPerStep.toFixed(1)} | ${r.tfjs.msPerStep.toFixed(1)} | ${(r.axonGpu.msPerStep / r.tfjs.msPerStep).toFixed(2)}× | ${r.axonWasm.msPerStep.toFixed(2)} |`),
  '',
].join('\n');
writeFileSync(join(OUT, `browser-${MODE}.md`), md);
console.log(md);
