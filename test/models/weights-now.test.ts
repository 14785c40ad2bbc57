// Keras creates a model's weights as soon as its input shape is known. In Node the Wasm core can be
// compiled without an await, so this file never calls ready(): the first getWeights() loads it.
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model, Sequential, getBackend, registerBackend, tensor } from '../../src/index.js';
import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';

describe('weights without an await (Node)', () => {
  it('a Sequential with an inputShape has weights at once: getWeights, setWeights, summary, countParams', () => {
    expect(getBackend().isReady).toBe(false);
    const model = new Sequential([new Dense(8, { inputShape: [4] }), new Dense(2)]);
    const weights = model.getWeights();
    expect(getBackend().isReady).toBe(true);
    expect(weights.map((w) => w.shape)).toEqual([[4, 8], [8], [8, 2], [2]]);
    model.setWeights(weights.map((w) => tensor(new Float32Array(w.size).fill(0.5), [...w.shape])));
    expect(model.getWeights()[0]!.data[0]).toBe(0.5);
    expect(model.countParams()).toBe(4 * 8 + 8 + 8 * 2 + 2);
    expect(model.summary(65, () => undefined)).toContain('Total params: 58');
    model.dispose();
  });

  it('a functional model likewise; a backend that must be awaited says so', () => {
    const x = Input({ shape: [3] });
    const model = new Model({ inputs: x, outputs: new Dense(2).apply(x) });
    expect(model.getWeights().map((w) => w.shape)).toEqual([[3, 2], [2]]);
    model.dispose();
    // The threaded core starts workers, which cannot happen without an await.
    registerBackend('wasm-threads-later', () => threaded);
    const threaded = new WasmBackend({ threads: 2 });
    const later = new Sequential([new Dense(2, { inputShape: [3] })], { backend: 'wasm-threads-later' });
    expect(() => later.getWeights()).toThrow(/getWeights\(\): the model "sequential(_\d+)?" has no weights yet and its backend loads asynchronously here; await ready\(\) \(or model.build\(\)\) first/);
  });
});
