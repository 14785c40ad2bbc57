// Optimizer rules against a float64 transcription of the Keras/tfjs formulas, several steps deep,
// through the backend interface the layers use.
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad, Adam, RMSprop, SGD, getBackend, getOptimizer, ready } from '../src/index.js';
import type { Optimizer } from '../src/index.js';
import { Parameter } from '../src/layers/layer.js';
import { closeness, uniformArray } from './helpers/random-data.js';

type Reference = (w: Float64Array, g: Float64Array, state: Float64Array[], t: number) => void;

const N = 37; // not a multiple of 4: exercises the SIMD tails

const cases: { name: string; make: () => Optimizer; slots: number; init?: number; step: Reference }[] = [
  {
    name: 'SGD', make: () => new SGD({ learningRate: 0.1 }), slots: 0,
    step: (w, g) => w.forEach((_, i) => (w[i]! -= 0.1 * g[i]!)),
  },
  {
    name: 'SGD nesterov', make: () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), slots: 1,
    step: (w, g, [a]) => w.forEach((_, i) => {
      a![i] = 0.9 * a![i]! + g[i]!;
      w[i]! -= 0.1 * (g[i]! + 0.9 * a![i]!);
    }),
  },
  {
    name: 'RMSprop centered with momentum (Keras: √(ms − mg² + ε))', make: () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }), slots: 3,
    step: (w, g, [ms, mom, mg]) => w.forEach((_, i) => {
      ms![i] = 0.9 * ms![i]! + 0.1 * g[i]! ** 2;
      mg![i] = 0.9 * mg![i]! + 0.1 * g[i]!;
      mom![i] = 0.5 * mom![i]! + (0.01 * g[i]!) / Math.sqrt(ms![i]! - mg![i]! ** 2 + 1e-7);
      w[i]! -= mom![i]!;
    }),
  },
  {
    name: 'Adam', make: () => new Adam({ learningRate: 0.01 }), slots: 2,
    step: (w, g, [m, v], t) => w.forEach((_, i) => {
      m![i] = 0.9 * m![i]! + 0.1 * g[i]!;
      v![i] = 0.999 * v![i]! + 0.001 * g[i]! ** 2;
      w[i]! -= (0.01 * (m![i]! / (1 - 0.9 ** t))) / (Math.sqrt(v![i]! / (1 - 0.999 ** t)) + 1e-7);
    }),
  },
  {
    name: 'Adagrad', make: () => new Adagrad({ learningRate: 0.05 }), slots: 1, init: 0.1,
    step: (w, g, [acc]) => w.forEach((_, i) => {
      acc![i]! += g[i]! ** 2;
      w[i]! -= (0.05 * g[i]!) / Math.sqrt(acc![i]! + 1e-7);
    }),
  },
];

beforeAll(() => ready());

describe('optimizer update rules', () => {
  for (const c of cases) {
    it(c.name, () => {
      const backend = getBackend();
      const w0 = uniformArray(N, 11);
      const param = new Parameter('w', [N], backend, w0);
      const optimizer = c.make();
      const w = Float64Array.from(w0);
      const state = Array.from({ length: c.slots }, () => new Float64Array(N).fill(c.init ?? 0));
      for (let t = 1; t <= 5; t++) {
        const g = uniformArray(N, 100 + t, -0.5, 0.5);
        backend.write(param.grad, g);
        optimizer.applyGradients([param], backend);
        c.step(w, Float64Array.from(g), state, t);
        expect(closeness(backend.read(param.value), w, 1e-5, 1e-6), `step ${t}`).toBeLessThanOrEqual(1);
      }
      optimizer.dispose();
      param.dispose();
    });
  }

  it('Keras defaults', () => {
    expect((getOptimizer('sgd') as SGD).learningRate).toBe(0.01);
    const rms = getOptimizer('RMSprop') as RMSprop;
    expect([rms.learningRate, rms.rho, rms.epsilon]).toEqual([0.001, 0.9, 1e-7]);
    const adam = getOptimizer('adam') as Adam;
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon]).toEqual([0.001, 0.9, 0.999, 1e-7]);
    const adagrad = getOptimizer('adagrad') as Adagrad;
    expect([adagrad.learningRate, adagrad.initialAccumulatorValue, adagrad.epsilon]).toEqual([0.001, 0.1, 1e-7]);
  });

  it('rejects unknown names and bad hyper-parameters', () => {
    expect(() => getOptimizer('adamw')).toThrow(/unknown optimizer "adamw"; expected one of sgd, rmsprop, adam, adagrad/);
    expect(() => new Adam({ learningRate: -1 })).toThrow(/Adam\(learningRate\): expected a number in \[0, ∞\), received -1/);
    expect(() => new RMSprop({ rho: 2 })).toThrow(/RMSprop\(rho\)/);
  });
});
