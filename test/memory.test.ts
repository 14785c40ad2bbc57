// Wasm memory and process RSS stay bounded across thousands of fit/predict calls and across
// models created and disposed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, StateError, getBackend, ready, tensor } from '../src/index.js';
import { labels, uniformArray } from './helpers/random-data.js';

beforeAll(() => ready());

// The garbage collector, reachable without restarting Node with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects, then lets the FinalizationRegistry callbacks (queued as tasks) run. */
async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('memory', () => {
  it('2,000 fit/predict calls leave Wasm memory and RSS bounded', async () => {
    const backend = getBackend();
    const x = tensor(uniformArray(64 * 8, 1), [64, 8]);
    const y = tensor(labels(64, 3, 2), [64]);
    const model = new Sequential([new Dense(16, { activation: 'relu', inputShape: [8] }), new Dense(3, { activation: 'softmax' })]);
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    const warmUp = async (calls: number) => {
      for (let i = 0; i < calls; i++) {
        await model.fit(x, y, { epochs: 1, verbose: 0 });
        await model.predict(x.slice(0, 5));
        await model.evaluate(x, y);
      }
    };
    await warmUp(50);
    const wasmBefore = backend.memoryBytes();
    const rssBefore = process.memoryUsage().rss;
    await warmUp(2000);
    expect(backend.memoryBytes()).toBe(wasmBefore);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    model.dispose();
  });

  it('creating and disposing 300 models does not grow Wasm memory', async () => {
    const backend = getBackend();
    const x = tensor(uniformArray(32 * 20, 3), [32, 20]);
    const y = tensor(labels(32, 5, 4), [32]);
    const cycle = async () => {
      const model = new Sequential([new Dense(64, { activation: 'relu', inputShape: [20] }), new Dense(5, { activation: 'softmax' })]);
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'rmsprop' });
      await model.fit(x, y, { verbose: 0 });
      await model.predict(x);
      model.dispose();
    };
    for (let i = 0; i < 10; i++) await cycle();
    const before = backend.memoryBytes();
    for (let i = 0; i < 300; i++) await cycle();
    expect(backend.memoryBytes()).toBe(before);
  });

  it('a disposed model refuses every later call instead of drawing new weights', async () => {
    const model = new Sequential([new Dense(2, { inputShape: [3] })]);
    model.compile({ loss: 'mse' });
    await model.build();
    model.dispose();
    model.dispose();
    const x = tensor(new Float32Array(6), [2, 3]);
    expect(() => model.getWeights()).toThrow(/getWeights\(\): the model "sequential(_\d+)?" was disposed; create a new model/);
    await expect(model.predict(x)).rejects.toThrow(StateError);
    await expect(model.fit(x, tensor(new Float32Array(4), [2, 2]), { verbose: 0 })).rejects.toThrow(/fit\(\): the model .* was disposed/);
    await expect(model.build()).rejects.toThrow(/build\(\): the model .* was disposed/);
    expect(() => model.compile({ loss: 'mse' })).toThrow(/compile\(\): the model .* was disposed/);
  });

  it('a second fit() while one runs is refused; dispose() during a fit stops it at the next batch', async () => {
    const model = new Sequential([new Dense(2, { inputShape: [3] })]);
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    const x = tensor(uniformArray(64 * 3, 8), [64, 3]);
    const y = tensor(uniformArray(64 * 2, 9), [64, 2]);
    const first = model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(/fit\(\): the model .* is already training; await the running fit\(\) before starting another/);
    await first;
    // Once it has finished, fit() runs again.
    await model.fit(x, y, { verbose: 0 });
    const stopped = model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: { onBatchEnd: (batch: number) => { if (batch === 2) model.dispose(); } } });
    await expect(stopped).rejects.toThrow(/fit\(\): the model .* was disposed during training \(epoch 1, batch 4\)/);
  });

  it('memoryBytes() is the size of linear memory, and grows with it', () => {
    const backend = getBackend();
    const bytes = backend.memoryBytes();
    expect(bytes % 65536).toBe(0);
    // The core's own export, reached here only to check the figure it reports.
    const memory = (backend as unknown as { core: { memory: WebAssembly.Memory } }).core.memory;
    expect(bytes).toBe(memory.buffer.byteLength);
    // A buffer larger than the memory forces growth by at least its size.
    const big = backend.alloc(bytes / 4 + 1000);
    const grown = backend.memoryBytes();
    expect(grown).toBeGreaterThanOrEqual(bytes + bytes + 4000);
    expect(grown).toBe(memory.buffer.byteLength);
    backend.write(big, new Float32Array(big.size).fill(2));
    expect(backend.read(big, 3, big.size - 3)).toEqual(new Float32Array([2, 2, 2]));
    backend.free(big);
    // Wasm memory never shrinks; a freed block is reused, not returned.
    expect(backend.memoryBytes()).toBe(grown);
  });

  it('models nobody disposes are reclaimed once unreachable', async () => {
    const backend = getBackend();
    const x = tensor(uniformArray(32 * 100, 5), [32, 100]);
    const y = tensor(labels(32, 10, 6), [32]);
    // About 1.7 MB each: 26,000 parameters × (weight, gradient, two Adam slots) plus batch buffers.
    const abandon = async () => {
      const model = new Sequential([new Dense(256, { activation: 'relu', inputShape: [100] }), new Dense(10, { activation: 'softmax' })]);
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
      await model.fit(x, y, { verbose: 0 });
      await model.predict(x);
    };
    const perModel = (100 * 256 + 256 + 256 * 10 + 10) * 16;
    for (let i = 0; i < 5; i++) await abandon();
    await collectGarbage();
    const before = backend.memoryBytes();
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 5; i++) await abandon();
      await collectGarbage();
    }
    // Without reclaiming, the 60 models' parameters alone would add about 60 × perModel (100 MB).
    expect(backend.memoryBytes() - before).toBeLessThan(10 * perModel);
  });

  it('a buffer freed explicitly is not freed again when it is collected', async () => {
    const backend = getBackend();
    let kept = backend.alloc(1000);
    backend.free(kept);
    // The next allocation of the same size reuses the block; a second free of it would corrupt it.
    kept = backend.alloc(1000);
    backend.write(kept, new Float32Array(1000).fill(7));
    await collectGarbage();
    const filler = backend.alloc(1000);
    backend.write(filler, new Float32Array(1000).fill(3));
    expect(backend.read(kept, 2)).toEqual(new Float32Array([7, 7]));
    backend.free(filler);
    backend.free(kept);
  });
});
