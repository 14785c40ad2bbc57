// Analytic gradients (what backward() leaves in each parameter's grad buffer) against central
// finite differences of evaluate()'s loss, for every activation and loss in the core.
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation, Dense, SGD, Sequential, getBackend, ready, setRandomSeed, tensor } from '../src/index.js';
import type { ActivationName, Tensor } from '../src/index.js';
import { lossTargets, uniformArray } from './helpers/random-data.js';

const N = 5;
const IN = 4;
const H = 3;

// `targets`: lossTargets' kind where it is not the loss itself.
const cases: { loss: string; hidden: ActivationName; output: ActivationName; units: number; split?: boolean; targets?: string }[] = [
  { loss: 'sparse_categorical_crossentropy', hidden: 'tanh', output: 'softmax', units: 3 },
  { loss: 'categorical_crossentropy', hidden: 'sigmoid', output: 'softmax', units: 3, split: true },
  { loss: 'binary_crossentropy', hidden: 'relu', output: 'sigmoid', units: 2 },
  { loss: 'mean_squared_error', hidden: 'linear', output: 'tanh', units: 2 },
  { loss: 'mean_squared_error', hidden: 'relu', output: 'sigmoid', units: 1 },
  { loss: 'mean_absolute_error', hidden: 'tanh', output: 'linear', units: 2 },
  { loss: 'huber', hidden: 'relu', output: 'linear', units: 2, targets: 'wide_regression' },
  { loss: 'log_cosh', hidden: 'tanh', output: 'linear', units: 2 },
  { loss: 'kl_divergence', hidden: 'sigmoid', output: 'softmax', units: 3 },
  { loss: 'poisson', hidden: 'tanh', output: 'sigmoid', units: 2 },
  { loss: 'categorical_hinge', hidden: 'relu', output: 'softmax', units: 3, targets: 'categorical_crossentropy' },
  { loss: 'hinge', hidden: 'tanh', output: 'tanh', units: 2 },
  { loss: 'hinge', hidden: 'sigmoid', output: 'linear', units: 1, targets: 'binary_crossentropy' },
];

beforeAll(() => ready());

function targets(kind: string, units: number): Tensor {
  const y = lossTargets(kind, units, N, 5, 0.5);
  return tensor(y.axon, y.shape);
}

describe('gradients match finite differences', () => {
  for (const c of cases) {
    it(`${c.loss} with ${c.hidden} → ${c.split ? `Activation(${c.output})` : c.output}`, async () => {
      setRandomSeed(17);
      const model = new Sequential([
        new Dense(H, { activation: c.hidden, inputShape: [IN] }),
        new Dense(c.units, { activation: c.split ? 'linear' : c.output, biasInitializer: 'random_normal' }),
        ...(c.split ? [new Activation(c.output)] : []),
      ]);
      model.compile({ loss: c.loss, optimizer: new SGD({ learningRate: 0 }) });
      const x = tensor(uniformArray(N * IN, 3), [N, IN]);
      const y = targets(c.targets ?? c.loss, c.units);
      // One full batch with learning rate 0: the grads are left in place, the weights unchanged.
      await model.fit(x, y, { batchSize: N, epochs: 1, shuffle: false, verbose: 0 });
      const backend = getBackend();
      const params = model.layers.flatMap((l) => [...l.weights]);
      const weights = model.getWeights();
      // Small enough not to step over relu's and |x|'s kinks at these sizes, large enough for float32.
      const h = 1e-3;
      for (let p = 0; p < params.length; p++) {
        const analytic = backend.read(params[p]!.grad);
        for (let i = 0; i < analytic.length; i++) {
          const at = async (delta: number): Promise<number> => {
            const changed = weights.map((w) => tensor(w.data.slice(), [...w.shape]));
            changed[p]!.data[i]! += delta;
            model.setWeights(changed);
            return (await model.evaluate(x, y, { batchSize: N })) as number;
          };
          const numeric = ((await at(h)) - (await at(-h))) / (2 * h);
          expect(Math.abs(analytic[i]! - numeric), `${params[p]!.name}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`).toBeLessThanOrEqual(2e-3 + 2e-2 * Math.abs(numeric));
        }
      }
      model.setWeights(weights);
      model.dispose();
    });
  }
});
