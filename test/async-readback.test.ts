// Models on a backend whose values come back only asynchronously (what the GPU backend is on WebGPU
// in a browser): the Wasm core behind a wrapper that sets asyncReadback, throws on every synchronous
// read and answers only the *Async methods, a microtask later. fit/evaluate/predict/getWeightsAsync
// must give exactly what the plain Wasm backend gives, and getWeights() a clear error.
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, getBackend, ready, registerBackend, setRandomSeed, tensor } from '../src/index.js';
import type { Backend } from '../src/backends/backend.js';
import { labels, uniformArray } from './helpers/random-data.js';

function asyncOnly(inner: Backend): Backend {
  const refuse = (what: string) => () => {
    throw new Error(`async-only backend: synchronous ${what}() was called`);
  };
  const later = <T>(f: () => T): Promise<T> => Promise.resolve().then(f);
  const overrides: Record<string | symbol, unknown> = {
    name: 'async-only',
    asyncReadback: true,
    read: refuse('read'),
    loss: refuse('loss'),
    metric: refuse('metric'),
    readAsync: (...a: Parameters<Backend['read']>) => {
      const values = inner.read(...a); // taken now: the buffer may be overwritten before the promise settles
      return later(() => values);
    },
    lossAsync: (...a: Parameters<Backend['loss']>) => {
      const sum = inner.loss(...a); // the gradient must be written at once, as the GPU backend dispatches it
      return later(() => sum);
    },
    metricAsync: (...a: Parameters<Backend['metric']>) => {
      const sum = inner.metric(...a);
      return later(() => sum);
    },
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  await ready();
  registerBackend('async-only', () => asyncOnly(getBackend('wasm')));
});

async function train(backend: string) {
  setRandomSeed(3);
  const model = new Sequential([new Dense(7, { inputShape: [9], activation: 'relu' }), new Dense(4, { activation: 'softmax' })], { backend });
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const x = tensor(uniformArray(50 * 9, 1), [50, 9]);
  const y = tensor(labels(50, 4, 2), [50]);
  const history = await model.fit(x, y, { epochs: 3, batchSize: 16, validationData: [x, y], verbose: 0 });
  const evaluation = await model.evaluate(x, y);
  const predictions = Array.from((await model.predict(x)).data);
  const weights = (await model.getWeightsAsync()).map((w) => Array.from(w.data));
  return { model, history: history.history, evaluation, predictions, weights };
}

describe('a backend with asynchronous readback', () => {
  it('trains, evaluates and predicts exactly like the synchronous backend', async () => {
    const sync = await train('wasm');
    const async = await train('async-only');
    expect(async.history).toEqual(sync.history);
    expect(async.evaluation).toEqual(sync.evaluation);
    expect(async.predictions).toEqual(sync.predictions);
    expect(async.weights).toEqual(sync.weights);
    expect(sync.model.getWeights().map((w) => Array.from(w.data))).toEqual(sync.weights);
    expect(() => async.model.getWeights()).toThrow(/getWeights\(\): the "async-only" backend .* use await model\.getWeightsAsync\(\)/);
    sync.model.dispose();
    async.model.dispose();
  });
});
