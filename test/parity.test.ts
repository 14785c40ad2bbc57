// Same initial weights and batches in Axon and TensorFlow.js must give the same losses and updated
// weights, for every optimizer × loss × activation the core implements.
import { beforeAll, describe, it } from 'vitest';
import { Adagrad, Adam, Adamax, RMSprop, SGD, ready } from '../src/index.js';
import { loadTf } from './helpers/tfjs.js';
import type { Tf } from './helpers/tfjs.js';
import { expectParity } from './helpers/parity.js';
import type { LossCase, OptimizerCase } from './helpers/parity.js';

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

const SHAPE = { inputs: 6, hidden: 5, batch: 8, steps: 3 };

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
  await ready();
});

describe('Keras parity with TensorFlow.js', () => {
  for (const o of optimizers) {
    for (const c of losses) {
      const title = `${o.name} · ${c.loss} · ${c.hidden}→${c.separateActivation ? 'Activation(' + c.output + ')' : c.output}`;
      it(title, () => expectParity(tf, o, c, title, SHAPE));
    }
  }
});
