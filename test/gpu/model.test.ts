// A Sequential trained on the GPU backend (gpu.js cpu mode, registered under a test name) against the
// same model on the Wasm backend: losses, metrics, weights and predictions within tolerance. Also the
// error when no GPU mode exists, and the explicit Wasm fallback.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, Average, Dense, Dropout, Input, Maximum, Model, Multiply, RMSprop, Reshape, SGD, Sequential, Subtract,
  add, concatenate, getBackend, ready, regularizers, setBackend, setRandomSeed, tensor,
} from '../../src/index.js';
import type { Optimizer } from '../../src/index.js';
import { GpuUnavailableError, createGpuBackend, registerGpuBackend } from '../../src/backends/gpu/index.js';
import { closeness, labels, oneHot, uniformArray } from '../helpers/random-data.js';

// Training tolerance: float32 on both sides with different summation orders, over a few epochs.
const RTOL = 2e-3;
const ATOL = 2e-5;

beforeAll(async () => {
  await ready();
  registerGpuBackend({ name: 'gpu-test-cpu', mode: 'cpu' });
});

type Case = { name: string; loss: string; out: 'softmax' | 'sigmoid' | 'linear'; hidden: 'relu' | 'tanh' | 'sigmoid'; units: number; metrics: string[]; optimizer: () => Optimizer; target: (rows: number) => Float32Array | Int32Array };

const ROWS = 37; // not a multiple of the batch size: the last batch is partial
const INPUTS = 11;

const cases: Case[] = [
  { name: 'sparse CE + adam', loss: 'sparse_categorical_crossentropy', out: 'softmax', hidden: 'relu', units: 5, metrics: ['accuracy'], optimizer: () => new Adam({ learningRate: 0.01 }), target: (r) => labels(r, 5, 3) },
  { name: 'categorical CE + rmsprop', loss: 'categorical_crossentropy', out: 'softmax', hidden: 'tanh', units: 3, metrics: ['accuracy'], optimizer: () => new RMSprop({ learningRate: 0.01, momentum: 0.5 }), target: (r) => oneHot(labels(r, 3, 4), 3) },
  { name: 'binary CE + sgd momentum', loss: 'binary_crossentropy', out: 'sigmoid', hidden: 'sigmoid', units: 2, metrics: ['binary_accuracy'], optimizer: () => new SGD({ learningRate: 0.1, momentum: 0.9 }), target: (r) => Float32Array.from(uniformArray(r * 2, 5, 0, 1), (v) => (v > 0.5 ? 1 : 0)) },
  { name: 'mse + sgd', loss: 'mean_squared_error', out: 'linear', hidden: 'relu', units: 3, metrics: ['mae'], optimizer: () => new SGD({ learningRate: 0.05 }), target: (r) => uniformArray(r * 3, 6) },
];

async function train(c: Case, backend: string): Promise<{ history: Record<string, number[]>; weights: Float32Array[]; predictions: Float32Array; evaluation: number }> {
  setRandomSeed(1234);
  const model = new Sequential([new Dense(9, { inputShape: [INPUTS], activation: c.hidden }), new Dense(c.units, { activation: c.out })], { backend });
  model.compile({ loss: c.loss, optimizer: c.optimizer(), metrics: c.metrics });
  const x = tensor(uniformArray(ROWS * INPUTS, 2), [ROWS, INPUTS]);
  const yData = c.target(ROWS);
  const y = tensor(yData, yData.length === ROWS ? [ROWS] : [ROWS, c.units]);
  const history = await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
  const weights = model.getWeights().map((w) => Float32Array.from(w.data as Float32Array));
  const predictions = Float32Array.from((await model.predict(x, { batchSize: 16 })).data as Float32Array);
  const ev = await model.evaluate(x, y, { batchSize: 16 });
  const evaluation = Array.isArray(ev) ? ev[0]! : (ev as number);
  model.dispose();
  return { history: history.history, weights, predictions, evaluation };
}

describe('Sequential on the GPU backend (gpu.js cpu mode) vs Wasm', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const wasm = await train(c, 'wasm');
      const gpu = await train(c, 'gpu-test-cpu');
      for (const key of Object.keys(wasm.history)) {
        expect(closeness(gpu.history[key]!, wasm.history[key]!, RTOL, ATOL), `history ${key}`).toBeLessThanOrEqual(1);
      }
      expect(gpu.weights.length).toBe(wasm.weights.length);
      gpu.weights.forEach((w, i) => expect(closeness(w, wasm.weights[i]!, RTOL, ATOL), `weights ${i}`).toBeLessThanOrEqual(1));
      expect(closeness(gpu.predictions, wasm.predictions, RTOL, ATOL), 'predictions').toBeLessThanOrEqual(1);
      expect(closeness([gpu.evaluation], [wasm.evaluation], RTOL, ATOL), 'evaluate').toBeLessThanOrEqual(1);
    });
  }

  it('frees all its GPU memory on dispose', async () => {
    const backend = getBackend('gpu-test-cpu');
    await backend.ready();
    const before = backend.memoryBytes();
    await train(cases[0]!, 'gpu-test-cpu');
    expect(backend.memoryBytes()).toBe(before);
  });
});

describe('GPU backend availability', () => {
  it('throws a clear error when no GPU mode is available (no silent fallback)', async () => {
    // In Node on this machine: no navigator.gpu / Dawn binary, no WebGL, no headless-gl.
    const backend = createGpuBackend({ name: 'gpu-none', mode: ['webgpu', 'webgl2', 'webgl', 'headlessgl'] });
    const error = await backend.ready().then(() => null, (e: unknown) => e);
    if (error === null) {
      // A machine with a real GPU mode: nothing to check here beyond the info.
      expect(backend.getBackendInfo().mode).not.toBe('cpu');
      return;
    }
    expect(error).toBeInstanceOf(GpuUnavailableError);
    expect(String((error as Error).message)).toMatch(/no GPU mode is available.*fallback: 'wasm'/s);
    expect(backend.isReady).toBe(false);
    expect(backend.getBackendInfo().mode).toBeNull();
  });

  it('setBackend() rejects with that error, and the default backend stays wasm', async () => {
    registerGpuBackend({ name: 'gpu-none-registered', mode: ['webgl2', 'webgl', 'headlessgl'] });
    await expect(setBackend('gpu-none-registered')).rejects.toThrow(/no GPU mode is available/);
    expect(getBackend().name).toBe('wasm');
  });

  it("falls back to Wasm only when asked with { fallback: 'wasm' }, and says so", async () => {
    const backend = registerGpuBackend({ name: 'gpu-fallback', mode: ['webgl2', 'headlessgl'], fallback: 'wasm' });
    await backend.ready();
    const info = backend.getBackendInfo();
    expect(info.mode).toBe('wasm-fallback');
    expect(Object.keys(info.skipped)).toEqual(['webgl2', 'headlessgl']);
    const result = await train(cases[3]!, 'gpu-fallback');
    const wasm = await train(cases[3]!, 'wasm');
    expect(result.history['loss']).toEqual(wasm.history['loss']);
  });
});

describe('GPU backend in a Node worker thread (the synchronous path for WebGPU in Node)', () => {
  const workerUrl = new URL('../../dist/backends/gpu/gpu-worker.js', import.meta.url);

  it('trains Sequential like the Wasm backend, with the kernels in a worker', async () => {
    if (!existsSync(workerUrl)) throw new Error('dist/backends/gpu/gpu-worker.js is missing; run `npm run build` first');
    const backend = registerGpuBackend({ name: 'gpu-test-worker', mode: 'cpu', worker: true, workerUrl });
    await backend.ready();
    expect(backend.getBackendInfo()).toMatchObject({ mode: 'cpu', thread: 'worker', asyncReadback: false });
    for (const c of [cases[0]!, cases[1]!]) {
      const wasm = await train(c, 'wasm');
      const gpu = await train(c, 'gpu-test-worker');
      expect(closeness(gpu.history['loss']!, wasm.history['loss']!, RTOL, ATOL), `${c.name} loss`).toBeLessThanOrEqual(1);
      gpu.weights.forEach((w, i) => expect(closeness(w, wasm.weights[i]!, RTOL, ATOL), `${c.name} weights ${i}`).toBeLessThanOrEqual(1));
      expect(closeness(gpu.predictions, wasm.predictions, RTOL, ATOL), 'predictions').toBeLessThanOrEqual(1);
    }
  });

  it('reports worker-side errors on the next call that waits', async () => {
    const backend = createGpuBackend({ name: 'gpu-test-worker-errors', mode: 'cpu', worker: true, workerUrl });
    await backend.ready();
    const a = backend.alloc(4);
    backend.write(a, new Float32Array([1, 2, 3, 4]));
    expect(Array.from(backend.read(a, 2, 1))).toEqual([2, 3]);
    // An unknown activation fails in the worker without waiting; the next read reports it.
    backend.activation('nope' as never, a, 1, 4);
    const b = backend.alloc(2);
    expect(() => backend.read(b)).toThrow(/worker/);
    backend.free(a);
    expect(() => backend.read(a)).toThrow(/freed/);
    await backend.flush();
    backend.destroy();
  });
});

describe('a functional graph with every graph layer on the GPU backend (gpu.js cpu mode) vs Wasm', () => {
  it('Concatenate, Add, Subtract, Multiply, Average, Maximum, Dropout (seeded), Reshape and regularizers train alike', async () => {
    const run = async (backend: string): Promise<{ loss: number[]; weights: Float32Array[] }> => {
      setRandomSeed(77);
      const x1 = Input({ shape: [4], name: 'x1' });
      const x2 = Input({ shape: [3], name: 'x2' });
      const a = new Dense(6, { activation: 'tanh', kernelRegularizer: regularizers.l1l2({ l1: 0.01, l2: 0.01 }) }).apply(x1);
      const b = new Dense(6, { activation: 'relu', activityRegularizer: 'l2' }).apply(concatenate([x1, x2]));
      const dropped = new Dropout(0.3, { seed: 5 }).apply(b);
      const merged = concatenate([add([a, dropped]), new Subtract().apply([a, b]), new Multiply().apply([a, b, dropped]), new Average().apply([a, b]), new Maximum().apply([a, b])]);
      const out = new Dense(3, { activation: 'softmax' }).apply(new Reshape({ targetShape: [30] }).apply(merged));
      const model = new Model({ inputs: [x1, x2], outputs: out, backend });
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new SGD({ learningRate: 0.1 }) });
      const history = await model.fit([tensor(uniformArray(ROWS * 4, 8), [ROWS, 4]), tensor(uniformArray(ROWS * 3, 9), [ROWS, 3])], tensor(labels(ROWS, 3, 2), [ROWS]), { epochs: 3, batchSize: 8, verbose: 0, shuffle: false });
      const weights = model.getWeights().map((w) => Float32Array.from(w.data as Float32Array));
      model.dispose();
      return { loss: history.history['loss']!, weights };
    };
    const wasm = await run('wasm');
    const gpu = await run('gpu-test-cpu');
    expect(closeness(gpu.loss, wasm.loss, RTOL, ATOL)).toBeLessThanOrEqual(1);
    gpu.weights.forEach((w, i) => expect(closeness(w, wasm.weights[i]!, RTOL, ATOL), `weight ${i}`).toBeLessThanOrEqual(1));
  });
});
