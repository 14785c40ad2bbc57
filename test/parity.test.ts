// Same initial weights and batches in Axon and TensorFlow.js must give the same losses and updated
// weights, for every optimizer × loss × activation the core implements.
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation, Adagrad, Adam, Adamax, Dense, RMSprop, SGD, Sequential, ready, setRandomSeed, tensor } from '../src/index.js';
import type { ActivationName, Optimizer } from '../src/index.js';
import { loadTf } from './helpers/tfjs.js';
import type { Tf } from './helpers/tfjs.js';
import { closeness, lossTargets, uniformArray } from './helpers/random-data.js';

type OptimizerCase = { name: string; axon: () => Optimizer; tf: (tf: Tf) => InstanceType<Tf['Optimizer']> };

const optimizers: OptimizerCase[] = [
  { name: 'sgd', axon: () => new SGD({ learningRate: 0.1 }), tf: (tf) => tf.train.sgd(0.1) },
  { name: 'sgd+momentum', axon: () => new SGD({ learningRate: 0.05, momentum: 0.9 }), tf: (tf) => tf.train.momentum(0.05, 0.9) },
  { name: 'sgd+nesterov', axon: () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), tf: (tf) => tf.train.momentum(0.05, 0.9, true) },
  { name: 'rmsprop', axon: () => new RMSprop({ learningRate: 0.01 }), tf: (tf) => tf.train.rmsprop(0.01) },
  // Centered RMSprop is left out here: tfjs-core subtracts epsilon under the square root
  // (√(ms − mg² − ε)), Keras adds it; test/optimizers.test.ts checks Keras' form.
  { name: 'rmsprop+momentum', axon: () => new RMSprop({ learningRate: 0.01, momentum: 0.5 }), tf: (tf) => tf.train.rmsprop(0.01, 0.9, 0.5) },
  { name: 'adam', axon: () => new Adam({ learningRate: 0.01 }), tf: (tf) => tf.train.adam(0.01) },
  { name: 'adagrad', axon: () => new Adagrad({ learningRate: 0.05 }), tf: (tf) => tf.train.adagrad(0.05, 0.1) },
  // tfjs' Adamax is Keras' rule (with decay 0), rounded in another order; AdamW and Nadam are not in tfjs.
  { name: 'adamax', axon: () => new Adamax({ learningRate: 0.01 }), tf: (tf) => tf.train.adamax(0.01, 0.9, 0.999, 1e-7) },
];

type LossCase = { loss: string; output: ActivationName; units: number; hidden: ActivationName; separateActivation?: boolean; metric: string };

const losses: LossCase[] = [
  { loss: 'sparse_categorical_crossentropy', output: 'softmax', units: 4, hidden: 'relu', metric: 'accuracy' },
  { loss: 'categorical_crossentropy', output: 'softmax', units: 4, hidden: 'tanh', metric: 'accuracy' },
  { loss: 'categorical_crossentropy', output: 'softmax', units: 3, hidden: 'sigmoid', separateActivation: true, metric: 'accuracy' },
  { loss: 'binary_crossentropy', output: 'sigmoid', units: 1, hidden: 'relu', metric: 'accuracy' },
  { loss: 'binary_crossentropy', output: 'sigmoid', units: 3, hidden: 'linear', metric: 'binary_accuracy' },
  { loss: 'mean_squared_error', output: 'linear', units: 2, hidden: 'tanh', metric: 'mae' },
  { loss: 'mean_squared_error', output: 'tanh', units: 2, hidden: 'relu', metric: 'mse' },
  { loss: 'mean_absolute_error', output: 'linear', units: 2, hidden: 'sigmoid', metric: 'mse' },
];

const INPUTS = 6;
const HIDDEN = 5;
const BATCH = 8;
const STEPS = 3;

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
  await ready();
});

describe('Keras parity with TensorFlow.js', () => {
  for (const o of optimizers) {
    for (const c of losses) {
      const title = `${o.name} · ${c.loss} · ${c.hidden}→${c.separateActivation ? 'Activation(' + c.output + ')' : c.output}`;
      it(title, async () => {
        const seed = title.length * 7919;
        setRandomSeed(seed);
        const n = BATCH * STEPS;
        const x = uniformArray(n * INPUTS, seed);
        const y = lossTargets(c.loss, c.units, n, seed + 1, 0.8);

        const outputLayer = c.separateActivation ? 'linear' : c.output;
        const model = new Sequential([
          new Dense(HIDDEN, { activation: c.hidden, inputShape: [INPUTS] }),
          new Dense(c.units, { activation: outputLayer, kernelInitializer: 'glorot_normal', biasInitializer: 'random_normal' }),
          ...(c.separateActivation ? [new Activation(c.output)] : []),
        ]);
        model.compile({ optimizer: o.axon(), loss: c.loss, metrics: [c.metric] });
        await model.build();

        const tfModel = tf.sequential({
          layers: [
            tf.layers.dense({ units: HIDDEN, activation: c.hidden, inputShape: [INPUTS] }),
            tf.layers.dense({ units: c.units, activation: outputLayer }),
            ...(c.separateActivation ? [tf.layers.activation({ activation: c.output })] : []),
          ],
        });
        tfModel.setWeights(model.getWeights().map((w) => tf.tensor(w.data, [...w.shape])));
        tfModel.compile({ optimizer: o.tf(tf), loss: c.loss.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()) });

        for (let step = 0; step < STEPS; step++) {
          const rows = [step * BATCH, (step + 1) * BATCH] as const;
          const xb = x.slice(rows[0] * INPUTS, rows[1] * INPUTS);
          const cols = y.shape.length === 1 ? 1 : y.shape[1]!;
          const ybAxon = y.axon.slice(rows[0] * cols, rows[1] * cols);
          const ybTf = y.tf.slice(rows[0] * cols, rows[1] * cols);
          const history = await model.fit(tensor(xb, [BATCH, INPUTS]), tensor(ybAxon, [BATCH, ...y.shape.slice(1)]), { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
          const tfLoss = (await tfModel.trainOnBatch(tf.tensor(xb, [BATCH, INPUTS]), tf.tensor(ybTf, [BATCH, ...y.shape.slice(1)]))) as number;
          expect(closeness([history.history['loss']![0]!], [tfLoss], 1e-4, 1e-6), `loss at step ${step}`).toBeLessThanOrEqual(1);
          const ours = model.getWeights();
          const theirs = tfModel.getWeights().map((w) => w.dataSync());
          ours.forEach((w, i) => {
            expect(closeness(w.data, theirs[i]!, 1e-4, 1e-5), `weight ${i} after step ${step}`).toBeLessThanOrEqual(1);
          });
        }
        model.dispose();
        tfModel.dispose();
      });
    }
  }
});
