// One parity run: the same initial weights and batches in Axon and TensorFlow.js (tfjs-layers) must
// give the same loss at every step and the same updated weights.
import { expect } from 'vitest';
import { Activation, Dense, Sequential, setRandomSeed, tensor } from '../../src/index.js';
import type { ActivationName, Optimizer } from '../../src/index.js';
import type { Tf } from './tfjs.js';
import { closeness, lossTargets, uniformArray } from './random-data.js';

export type OptimizerCase = { name: string; axon: () => Optimizer; tf: (tf: Tf) => InstanceType<Tf['Optimizer']> };

/** tfjs-layers' loss: a name it knows, or a function of (yTrue, yPred) giving per-sample losses. */
export type TfLoss = string | ((yTrue: ReturnType<Tf['tensor']>, yPred: ReturnType<Tf['tensor']>) => ReturnType<Tf['tensor']>);

export type LossCase = {
  loss: string;
  output: ActivationName;
  units: number;
  hidden: ActivationName;
  separateActivation?: boolean;
  metric: string;
  /** tfjs' loss where its name is not the camelCase of `loss` or its formula differs from Keras'. */
  tfLoss?: (tf: Tf) => TfLoss;
  /** lossTargets' kind of targets where it is not `loss` itself. */
  targets?: string;
};

export type ParityShape = { inputs: number; hidden: number; batch: number; steps: number };

export async function expectParity(tf: Tf, o: OptimizerCase, c: LossCase, title: string, shape: ParityShape): Promise<void> {
  const { inputs, hidden, batch, steps } = shape;
  const seed = title.length * 7919;
  setRandomSeed(seed);
  const n = batch * steps;
  const x = uniformArray(n * inputs, seed);
  const y = lossTargets(c.targets ?? c.loss, c.units, n, seed + 1, 0.8);

  const outputLayer = c.separateActivation ? 'linear' : c.output;
  const model = new Sequential([
    new Dense(hidden, { activation: c.hidden, inputShape: [inputs] }),
    new Dense(c.units, { activation: outputLayer, kernelInitializer: 'glorot_normal', biasInitializer: 'random_normal' }),
    ...(c.separateActivation ? [new Activation(c.output)] : []),
  ]);
  model.compile({ optimizer: o.axon(), loss: c.loss, metrics: [c.metric] });
  await model.build();

  const tfModel = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: c.hidden, inputShape: [inputs] }),
      tf.layers.dense({ units: c.units, activation: outputLayer }),
      ...(c.separateActivation ? [tf.layers.activation({ activation: c.output })] : []),
    ],
  });
  tfModel.setWeights(model.getWeights().map((w) => tf.tensor(w.data, [...w.shape])));
  tfModel.compile({ optimizer: o.tf(tf), loss: c.tfLoss ? c.tfLoss(tf) : c.loss.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()) });

  for (let step = 0; step < steps; step++) {
    const rows = [step * batch, (step + 1) * batch] as const;
    const xb = x.slice(rows[0] * inputs, rows[1] * inputs);
    const cols = y.shape.length === 1 ? 1 : y.shape[1]!;
    const ybAxon = y.axon.slice(rows[0] * cols, rows[1] * cols);
    const ybTf = y.tf.slice(rows[0] * cols, rows[1] * cols);
    const history = await model.fit(tensor(xb, [batch, inputs]), tensor(ybAxon, [batch, ...y.shape.slice(1)]), { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
    const tfLoss = (await tfModel.trainOnBatch(tf.tensor(xb, [batch, inputs]), tf.tensor(ybTf, [batch, ...y.shape.slice(1)]))) as number;
    expect(closeness([history.history['loss']![0]!], [tfLoss], 1e-4, 1e-6), `loss at step ${step}`).toBeLessThanOrEqual(1);
    const ours = model.getWeights();
    const theirs = tfModel.getWeights().map((w) => w.dataSync());
    ours.forEach((w, i) => {
      expect(closeness(w.data, theirs[i]!, 1e-4, 1e-5), `weight ${i} after step ${step}`).toBeLessThanOrEqual(1);
    });
  }
  model.dispose();
  tfModel.dispose();
}
