// The GPU backend in a real browser: headless Debian Chromium, gpu.js' WebGL2 mode on SwiftShader
// (software). A small model trains on the 'gpu' backend in the page (chosen with setBackend) and on
// 'wasm' in the same page; losses and weights must agree. A second browser with SwiftShader's WebGPU
// adapter runs the WebGPU mode (asynchronous readback) through bench/gpu/mlp.mjs's training loop
// against the Wasm backend, when that adapter is offered.
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

type Trained = { history: Record<string, number[]>; weights: number[][] };

describe('GPU backend in headless Chromium', () => {
  it('WebGL2 (SwiftShader): trains a small model like the Wasm backend', async () => {
    const chromium = await launchChromium(['--disable-gpu']);
    try {
      const page = await chromium.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/gpu.html`);
      // A string, so that vitest's transform leaves the page's dynamic imports alone.
      const result = (await page.evaluate(`(async () => {
        const axon = await import('/dist/index.js');
        const { registerGpuBackend } = await import('/dist/backends/gpu/index.js');
        await axon.ready();
        const gpu = registerGpuBackend({ mode: 'webgl2' });
        await axon.setBackend('gpu');
        const rows = 45, inputs = 12, classes = 4;
        const x = new Float32Array(rows * inputs).map((_, i) => Math.sin(i * 0.7) * 0.8);
        const y = new Int32Array(rows).map((_, i) => (i * 7) % classes);
        async function train(backend) {
          axon.setRandomSeed(7);
          const model = new axon.Sequential([
            new axon.Dense(16, { inputShape: [inputs], activation: 'relu' }),
            new axon.Dense(8, { activation: 'tanh' }),
            new axon.Dense(classes, { activation: 'softmax' }),
          ], backend ? { backend } : {});
          model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new axon.Adam({ learningRate: 0.02 }), metrics: ['accuracy'] });
          const h = await model.fit(axon.tensor(x, [rows, inputs]), axon.tensor(y, [rows]), { epochs: 4, batchSize: 16, verbose: 0 });
          const weights = model.getWeights().map((w) => Array.from(w.data));
          model.dispose();
          return { history: h.history, weights };
        }
        const onGpu = await train(undefined); // the current backend: 'gpu', chosen by setBackend
        const onWasm = await train('wasm');
        const bigProductErrors = await (${BIG_PRODUCT})(gpu);
        return { info: gpu.getBackendInfo(), current: axon.getBackend().name, onGpu, onWasm, bigProductErrors };
      })()`)) as { info: { mode: string }; current: string; onGpu: Trained; onWasm: Trained; bigProductErrors: number };
      expect(result.bigProductErrors, 'wrong elements in a product past 2^24 outputs').toBe(0);
      expect(errors).toEqual([]);
      expect(result.info.mode).toBe('webgl2');
      expect(result.current).toBe('gpu');
      const { onGpu, onWasm } = result;
      expect(onGpu.history['loss']!.length).toBe(4);
      expect(onGpu.history['loss']![3]!).toBeLessThan(onGpu.history['loss']![0]!);
      for (const key of Object.keys(onWasm.history)) expect(closeness(onGpu.history[key]!, onWasm.history[key]!, RTOL, ATOL), key).toBeLessThanOrEqual(1);
      onGpu.weights.forEach((w, i) => expect(closeness(w, onWasm.weights[i]!, RTOL, ATOL), `weights ${i}`).toBeLessThanOrEqual(1));
    } finally {
      await chromium.close();
    }
  });

  it('WebGPU (SwiftShader adapter): the bench training loop matches the Wasm backend', async (ctx) => {
    const chromium = await launchChromium(WEBGPU_FLAGS);
    try {
      const page = await chromium.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/gpu.html`);
      const result = (await page.evaluate(`(async () => {
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
      })()`)) as { skipped?: string; info: { mode: string; asyncReadback: boolean }; runs: Record<string, { losses: number[]; weights: number[][] }>; syncReadError: string; bigProductErrors: number };
      expect(errors).toEqual([]);
      if (result.skipped) {
        ctx.skip(`no WebGPU adapter in this Chromium: ${result.skipped}`);
        return;
      }
      expect(result.info.mode).toBe('webgpu');
      expect(result.info.asyncReadback).toBe(true);
      expect(result.syncReadError).toMatch(/readAsync/);
      expect(result.bigProductErrors, 'wrong elements in a product past 2^24 outputs').toBe(0);
      const { gpu, wasm } = result.runs as { gpu: { losses: number[]; weights: number[][] }; wasm: { losses: number[]; weights: number[][] } };
      expect(closeness(gpu.losses, wasm.losses, RTOL, ATOL), 'losses').toBeLessThanOrEqual(1);
      gpu.weights.forEach((w, i) => expect(closeness(w, wasm.weights[i]!, RTOL, ATOL), `weights ${i}`).toBeLessThanOrEqual(1));
    } finally {
      await chromium.close();
    }
  });
});
