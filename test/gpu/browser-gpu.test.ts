// The GPU backend in a real browser: headless Debian Chromium on SwiftShader (software). A small
// Sequential trains, evaluates and predicts on the 'gpu' backend chosen with setBackend, and on 'wasm'
// in the same page; results must agree. Without a WebGPU adapter (--disable-gpu) the backend picks
// WebGL2; with SwiftShader's WebGPU adapter it picks WebGPU, whose values come back only
// asynchronously (the models then use the backend's *Async reads). bench/gpu/mlp.mjs's training loop
// is also checked on WebGPU.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBGPU_FLAGS, launchChromium, serveRepository } from '../../scripts/chromium.mjs';
import { closeness } from '../helpers/random-data.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Same tolerance as the Node model test: float32, different summation orders, a few epochs.
const RTOL = 2e-3;
const ATOL = 2e-5;

let server: Awaited<ReturnType<typeof serveRepository>>;
let base = '';

beforeAll(async () => {
  for (const f of ['dist/index.js', 'dist/backends/gpu/index.js', 'build/axon.wasm', 'node_modules/gpu.js/dist/gpu-browser.min.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`browser GPU test: ${f} is missing; run \`npm run build\` first`);
  }
  server = await serveRepository();
  base = server.url;
});

afterAll(async () => {
  await server?.close();
});

/**
 * Page code: a 4200×4100 product (17.2M outputs, past 2^24, where float index arithmetic would go
 * wrong) whose exact result is known; returns the number of wrong elements in the last 300 rows.
 */
const BIG_PRODUCT = `async (backend) => {
  const m = 4200, n = 4100, k = 2;
  const a = backend.alloc(m * k), b = backend.alloc(k * n), c = backend.alloc(m * n);
  backend.write(a, new Float32Array(m * k).map((_, i) => (i % 2 === 0 ? i / 2 : 0)));
  backend.write(b, new Float32Array(k * n).map((_, i) => (i < n ? i % 1000 : 0)));
  backend.matMul({ m, n, k, a, b, c });
  const out = await backend.readAsync(c);
  let bad = 0;
  for (let r = m - 300; r < m; r++) for (let j = 0; j < n; j++) if (out[r * n + j] !== r * (j % 1000)) bad++;
  for (const x of [a, b, c]) backend.free(x);
  return bad;
}`;

type Trained = { history: Record<string, number[]>; weights: number[][]; predictions: number[]; evaluation: number[] };
type SequentialResult = { skipped?: string; info: { mode: string; asyncReadback: boolean }; current: string; onGpu: Trained; onWasm: Trained; syncWeightsError: string; bigProductErrors: number };

/**
 * Page code: the default 'gpu' backend (no mode given: WebGPU where an adapter exists, else WebGL2)
 * chosen with setBackend trains a small Sequential; the same model trains on 'wasm' in the page.
 * Weights come back through getWeightsAsync, which works on every mode (WebGPU reads back only
 * asynchronously); getWeights() must then refuse with a clear message on WebGPU.
 */
const SEQUENTIAL = `(async () => {
  const axon = await import('/dist/index.js');
  await axon.ready();
  try { await axon.setBackend('gpu'); } catch (e) { return { skipped: String(e.message) }; }
  const gpu = axon.getBackend('gpu');
  const rows = 45, inputs = 12, classes = 4;
  const x = new Float32Array(rows * inputs).map((_, i) => Math.sin(i * 0.7) * 0.8);
  const y = new Int32Array(rows).map((_, i) => (i * 7) % classes);
  let syncWeightsError = '';
  async function train(backend) {
    axon.setRandomSeed(7);
    const model = new axon.Sequential([
      new axon.Dense(16, { inputShape: [inputs], activation: 'relu' }),
      new axon.Dense(8, { activation: 'tanh' }),
      new axon.Dense(classes, { activation: 'softmax' }),
    ], backend ? { backend } : {});
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new axon.Adam({ learningRate: 0.02 }), metrics: ['accuracy'] });
    const xt = axon.tensor(x, [rows, inputs]), yt = axon.tensor(y, [rows]);
    const h = await model.fit(xt, yt, { epochs: 4, batchSize: 16, validationData: [xt, yt], verbose: 0 });
    const evaluation = await model.evaluate(xt, yt);
    const predictions = Array.from((await model.predict(xt)).data);
    const weights = (await model.getWeightsAsync()).map((w) => Array.from(w.data));
    if (!backend) { try { model.getWeights(); } catch (e) { syncWeightsError = String(e.message); } }
    model.dispose();
    return { history: h.history, weights, predictions, evaluation };
  }
  const onGpu = await train(undefined); // the current backend: 'gpu', chosen by setBackend
  const onWasm = await train('wasm');
  const bigProductErrors = await (${BIG_PRODUCT})(gpu);
  return { info: gpu.getBackendInfo(), current: axon.getBackend().name, onGpu, onWasm, syncWeightsError, bigProductErrors };
})()`;

/**
 * Page code: a functional model with every graph layer (the merges, Concatenate, a seeded Dropout,
 * BatchNormalization, Reshape, regularizers) trained with AdamW on 'gpu' and on 'wasm'.
 */
const FUNCTIONAL = `(async () => {
  const axon = await import('/dist/index.js');
  await axon.ready();
  try { await axon.setBackend('gpu'); } catch (e) { return { skipped: String(e.message) }; }
  const rows = 30;
  const xa = new Float32Array(rows * 6).map((_, i) => Math.sin(i * 0.3));
  const xb = new Float32Array(rows * 4).map((_, i) => Math.cos(i * 0.5));
  const y = new Int32Array(rows).map((_, i) => i % 3);
  async function train(backend) {
    axon.setRandomSeed(11);
    const a = axon.Input({ shape: [6] }), b = axon.Input({ shape: [4] });
    const h = new axon.Dense(8, { activation: 'relu', kernelRegularizer: axon.regularizers.l2(0.01) }).apply(a);
    const g = new axon.Dense(8, { activation: 'tanh', activityRegularizer: 'l1' }).apply(b);
    const n = new axon.BatchNormalization().apply(new axon.Dropout(0.25, { seed: 3 }).apply(h));
    const merged = axon.concatenate([axon.add([n, g]), axon.subtract([n, g]), axon.multiply([n, g, h]), axon.average([n, g]), axon.maximum([n, g])]);
    const out = new axon.Dense(3, { activation: 'softmax' }).apply(new axon.Reshape({ targetShape: [40] }).apply(merged));
    const model = new axon.Model({ inputs: [a, b], outputs: out, ...(backend ? { backend } : {}) });
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new axon.AdamW({ learningRate: 0.01 }) });
    const xs = [axon.tensor(xa, [rows, 6]), axon.tensor(xb, [rows, 4])];
    const history = await model.fit(xs, axon.tensor(y, [rows]), { epochs: 3, batchSize: 10, verbose: 0, shuffle: false });
    const predictions = Array.from((await model.predict(xs)).data);
    const weights = (await model.getWeightsAsync()).map((w) => Array.from(w.data));
    model.dispose();
    return { loss: history.history.loss, predictions, weights };
  }
  const onGpu = await train(undefined);
  const onWasm = await train('wasm');
  return { info: axon.getBackend('gpu').getBackendInfo(), onGpu, onWasm };
})()`;

type FunctionalResult = { skipped?: string; info: { mode: string; skipped?: Record<string, string> }; onGpu: { loss: number[]; predictions: number[]; weights: number[][] }; onWasm: { loss: number[]; predictions: number[]; weights: number[][] } };

/**
 * Skips only where Chromium offers no WebGPU adapter; a WebGPU mode that exists but fails to start
 * (a kernel WebGPU cannot build) is a failure, not a skip.
 */
function webgpuMissing(ctx: { skip(note: string): void }, skipped: string | undefined, info: { mode?: string; skipped?: Record<string, string> } | undefined): boolean {
  const reason = skipped ?? info?.skipped?.['webgpu'];
  if (info?.mode === 'webgpu' && !skipped) return false;
  expect(reason ?? '', 'WebGPU exists but did not start').not.toMatch(/failed to start/);
  ctx.skip(`no WebGPU adapter in this Chromium: ${reason ?? JSON.stringify(info)}`);
  return true;
}

function expectFunctionalLikeWasm(result: FunctionalResult): void {
  expect(closeness(result.onGpu.loss, result.onWasm.loss, RTOL, ATOL), 'loss').toBeLessThanOrEqual(1);
  expect(closeness(result.onGpu.predictions, result.onWasm.predictions, RTOL, ATOL), 'predictions').toBeLessThanOrEqual(1);
  result.onGpu.weights.forEach((w, i) => expect(closeness(w, result.onWasm.weights[i]!, RTOL, ATOL), `weights ${i}`).toBeLessThanOrEqual(1));
}

/** Opens the GPU page in a fresh Chromium with `flags`, evaluates `code` there, and checks that no page error occurred. */
async function inPage<T>(flags: string[], code: string): Promise<T> {
  const chromium = await launchChromium(flags);
  try {
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/gpu.html`);
    // A string, so that vitest's transform leaves the page's dynamic imports alone.
    const result = (await page.evaluate(code)) as T;
    expect(errors).toEqual([]);
    return result;
  } finally {
    await chromium.close();
  }
}

function expectLikeWasm(result: SequentialResult): void {
  expect(result.bigProductErrors, 'wrong elements in a product past 2^24 outputs').toBe(0);
  expect(result.current).toBe('gpu');
  const { onGpu, onWasm } = result;
  expect(onGpu.history['loss']!.length).toBe(4);
  expect(onGpu.history['loss']![3]!).toBeLessThan(onGpu.history['loss']![0]!);
  for (const key of Object.keys(onWasm.history)) expect(closeness(onGpu.history[key]!, onWasm.history[key]!, RTOL, ATOL), key).toBeLessThanOrEqual(1);
  onGpu.weights.forEach((w, i) => expect(closeness(w, onWasm.weights[i]!, RTOL, ATOL), `weights ${i}`).toBeLessThanOrEqual(1));
  expect(closeness(onGpu.predictions, onWasm.predictions, RTOL, ATOL), 'predictions').toBeLessThanOrEqual(1);
  expect(closeness(onGpu.evaluation, onWasm.evaluation, RTOL, ATOL), 'evaluate').toBeLessThanOrEqual(1);
}

describe('GPU backend in headless Chromium', () => {
  it('WebGL2 (SwiftShader): setBackend("gpu") trains, evaluates and predicts like the Wasm backend', async () => {
    const result = await inPage<SequentialResult>(['--disable-gpu'], SEQUENTIAL); // no WebGPU adapter: WebGL2
    expect(result.skipped).toBeUndefined();
    expect(result.info.mode).toBe('webgl2');
    expect(result.info.asyncReadback).toBe(false);
    expect(result.syncWeightsError).toBe('');
    expectLikeWasm(result);
  });

  it('WebGL2 and WebGPU: a functional model with every graph layer, BatchNormalization and AdamW trains like the Wasm backend', async (ctx) => {
    const webgl = await inPage<FunctionalResult>(['--disable-gpu'], FUNCTIONAL);
    expect(webgl.skipped).toBeUndefined();
    expect(webgl.info.mode).toBe('webgl2');
    expectFunctionalLikeWasm(webgl);
    const webgpu = await inPage<FunctionalResult>(WEBGPU_FLAGS, FUNCTIONAL);
    if (webgpuMissing(ctx, webgpu.skipped, webgpu.info)) return;
    expectFunctionalLikeWasm(webgpu);
  });

  it('WebGPU (SwiftShader adapter): setBackend("gpu") picks WebGPU, and Sequential trains like the Wasm backend', async (ctx) => {
    const result = await inPage<SequentialResult>(WEBGPU_FLAGS, SEQUENTIAL);
    if (webgpuMissing(ctx, result.skipped, result.info)) return;
    expect(result.info.asyncReadback).toBe(true);
    expect(result.syncWeightsError).toMatch(/getWeightsAsync/);
    expectLikeWasm(result);
  });

  it('WebGPU (SwiftShader adapter): the bench training loop matches the Wasm backend', async (ctx) => {
    type MlpResult = { skipped?: string; info: { mode: string; asyncReadback: boolean }; runs: Record<'gpu' | 'wasm', { losses: number[]; weights: number[][] }>; syncReadError: string; bigProductErrors: number };
    const result = await inPage<MlpResult>(WEBGPU_FLAGS, `(async () => {
      const axon = await import('/dist/index.js');
      const { createGpuBackend } = await import('/dist/backends/gpu/index.js');
      const { Mlp, syntheticData, initialWeights } = await import('/bench/gpu/mlp.mjs');
      await axon.ready();
      const gpu = createGpuBackend({ mode: 'webgpu' });
      try { await gpu.ready(); } catch (e) { return { skipped: String(e.message) }; }
      const dims = [20, 33, 17, 5];
      const data = syntheticData(70, dims[0], dims[3], 3);
      const weights = initialWeights(dims, 4);
      const runs = {};
      for (const [name, backend] of [['gpu', gpu], ['wasm', axon.getBackend('wasm')]]) {
        const mlp = new Mlp(backend, dims, 16, weights, { learningRate: 0.01 });
        const losses = [];
        for (let e = 0; e < 3; e++) losses.push((await mlp.epoch(data)).loss);
        runs[name] = { losses, weights: (await mlp.weights()).flatMap((l) => [Array.from(l.w), Array.from(l.b)]) };
        mlp.dispose();
      }
      let syncReadError = '';
      const probe = gpu.alloc(3);
      try { gpu.read(probe); } catch (e) { syncReadError = String(e.message); }
      const bigProductErrors = await (${BIG_PRODUCT})(gpu);
      return { info: gpu.getBackendInfo(), runs, syncReadError, bigProductErrors };
    })()`);
    if (webgpuMissing(ctx, result.skipped, result.info)) return;
    expect(result.info.mode).toBe('webgpu');
    expect(result.info.asyncReadback).toBe(true);
    expect(result.syncReadError).toMatch(/readAsync/);
    expect(result.bigProductErrors, 'wrong elements in a product past 2^24 outputs').toBe(0);
    const { gpu, wasm } = result.runs;
    expect(closeness(gpu.losses, wasm.losses, RTOL, ATOL), 'losses').toBeLessThanOrEqual(1);
    gpu.weights.forEach((w, i) => expect(closeness(w, wasm.weights[i]!, RTOL, ATOL), `weights ${i}`).toBeLessThanOrEqual(1));
  });
});
