// The seed script (examples/fashion-mnist.mjs, real Fashion-MNIST, 48,000/12,000 split, seed 42) on
// the 'gpu' backend against 'wasm', in headless Chromium where gpu.js runs on WebGL2 (SwiftShader:
// no GPU on CI). The 784→10 model runs the script's full five epochs; the 784→100→10 model one epoch,
// because SwiftShader takes about two minutes per epoch of it (its five-epoch figures are in the note
// of issue 5, from `node examples/fashion-mnist-browser.mjs mlp`). One epoch of 784→10 also runs on
// WebGPU, with SwiftShader's WebGPU adapter, where Chromium offers it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, runSeedScriptInChromium } from '../../examples/fashion-mnist-browser.mjs';

type ModelRun = { name: string; valAccuracy: number; valLoss: number; history: Record<string, number[]> };
type BackendRun = { info: { name: string; mode?: string }; models: ModelRun[] };

// The bar: the same script on 'gpu' within half a point of 'wasm'.
const MAX_GAP = 0.005;

async function run(model: string, epochs: number, webgpu = false): Promise<Record<'wasm' | 'gpu', ModelRun> & { mode?: string }> {
  const results = (await runSeedScriptInChromium({ models: [model], backends: ['wasm', 'gpu'], epochs, verbose: 0, webgpu })) as Record<'wasm' | 'gpu', BackendRun>;
  expect(results.wasm.info.name).toBe('wasm');
  expect(results.gpu.info.name).toBe('gpu');
  if (!webgpu) expect(results.gpu.info.mode).toBe('webgl2');
  return { wasm: results.wasm.models[0]!, gpu: results.gpu.models[0]!, mode: results.gpu.info.mode };
}

describe.skipIf(!existsSync(FASHION_MNIST_DIR))('seed script on the GPU backend (Chromium, WebGL2)', () => {
  it('784→10 softmax, RMSprop, 5 epochs: validation accuracy within 0.5 points of wasm', async () => {
    const { wasm, gpu } = await run('linear', 5);
    expect(gpu.history['val_accuracy']).toHaveLength(5);
    expect(wasm.valAccuracy).toBeGreaterThanOrEqual(0.84);
    expect(Math.abs(gpu.valAccuracy - wasm.valAccuracy)).toBeLessThanOrEqual(MAX_GAP);
    expect(gpu.valLoss).toBeCloseTo(wasm.valLoss, 2);
  }, 600_000);

  it('784→100 relu→10 softmax, Adam, 1 epoch: validation accuracy within 0.5 points of wasm', async () => {
    const { wasm, gpu } = await run('mlp', 1);
    expect(wasm.valAccuracy).toBeGreaterThanOrEqual(0.83);
    expect(Math.abs(gpu.valAccuracy - wasm.valAccuracy)).toBeLessThanOrEqual(MAX_GAP);
    expect(gpu.valLoss).toBeCloseTo(wasm.valLoss, 2);
  }, 600_000);

  it('784→10 on WebGPU (SwiftShader adapter), 1 epoch: validation accuracy within 0.5 points of wasm', async (ctx) => {
    const { wasm, gpu, mode } = await run('linear', 1, true);
    if (mode !== 'webgpu') {
      ctx.skip(`no WebGPU adapter in this Chromium (the GPU backend picked ${mode})`);
      return;
    }
    expect(Math.abs(gpu.valAccuracy - wasm.valAccuracy)).toBeLessThanOrEqual(MAX_GAP);
    expect(gpu.valLoss).toBeCloseTo(wasm.valLoss, 2);
  }, 600_000);
});
