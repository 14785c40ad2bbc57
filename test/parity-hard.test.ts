// Parity with TensorFlow.js where a naive implementation and Keras/tfjs part ways: saturated
// outputs (where the 1e-7 clipping decides the loss and the gradient), tiny gradients (where an
// optimizer's epsilon decides the step), learning rates large enough to drive outputs across the
// clipping bounds, long runs, batch 1, and sizes that are not multiples of the SIMD width.
// Weight *updates* are compared relative to the update, so a small step is not hidden behind a
// large weight. test/parity.test.ts covers the moderate regime; test/kernels.test.ts covers the
// loss kernels exactly at the clipping bounds against a float64 reference.
//
// Where tfjs deviates from Keras, Axon follows Keras and the comparison is with a float64
// transcription of Keras' formula instead:
// - centered RMSprop: Keras divides by √(ms − mg² + ε); tfjs-core by √(ms − (mg² + ε)).
// Where Keras and tfjs differ and Axon follows tfjs (checked here against tfjs):
// - Adam adds ε to √(v/(1 − β₂ᵗ)) (tfjs, the Adam paper's Algorithm 1); Keras adds ε to √v and
//   folds the bias corrections into the learning rate (the paper's "ε̂" form). The two agree
//   except when √v is within a few orders of ε, the tiny-gradient regime below.
// The sigmoid + binary cross-entropy output is compared with tfjs only clear of p = 1 − 1e-7 or
// fully saturated (p rounds to 1 in float32): between, 1 − p has only a few float32 values, so a
// last-bit difference in the sigmoid flips a sample across the clipping bound.
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation, Adagrad, Adam, Dense, RMSprop, SGD, Sequential, getBackend, ready, setRandomSeed, tensor } from '../src/index.js';
import type { ActivationName, Optimizer, Tensor } from '../src/index.js';
import { Parameter } from '../src/layers/layer.js';
import { Random } from '../src/random.js';
import { loadTf } from './helpers/tfjs.js';
import type { Tf } from './helpers/tfjs.js';
import { closeness, labels, lossTargets, oneHot, uniformArray } from './helpers/random-data.js';

type TfOptimizer = InstanceType<Tf['Optimizer']>;
type OptimizerCase = { name: string; axon: () => Optimizer; tf?: (tf: Tf) => TfOptimizer; keras?: KerasRule };
// One float64 step of a rule on weights w with gradient g and state slots, at step t (from 1).
type KerasRule = { slots: number; step: (w: Float64Array, g: Float64Array, state: Float64Array[], t: number) => void };

const centeredRmsprop = (lr: number, rho: number, momentum: number, eps: number): KerasRule => ({
  slots: 3,
  step: (w, g, [ms, mom, mg]) => w.forEach((_, i) => {
    ms![i] = rho * ms![i]! + (1 - rho) * g[i]! ** 2;
    mg![i] = rho * mg![i]! + (1 - rho) * g[i]!;
    const increment = (lr * g[i]!) / Math.sqrt(ms![i]! - mg![i]! ** 2 + eps);
    mom![i] = momentum * mom![i]! + increment;
    w[i]! -= momentum > 0 ? mom![i]! : increment;
  }),
});

// Every optimizer and every option it has, with non-default hyper-parameters where they exist.
const OPTIMIZERS: OptimizerCase[] = [
  { name: 'SGD', axon: () => new SGD({ learningRate: 0.3 }), tf: (tf) => tf.train.sgd(0.3) },
  { name: 'SGD momentum', axon: () => new SGD({ learningRate: 0.2, momentum: 0.9 }), tf: (tf) => tf.train.momentum(0.2, 0.9) },
  { name: 'SGD nesterov', axon: () => new SGD({ learningRate: 0.2, momentum: 0.7, nesterov: true }), tf: (tf) => tf.train.momentum(0.2, 0.7, true) },
  { name: 'RMSprop', axon: () => new RMSprop({ learningRate: 0.01 }), tf: (tf) => tf.train.rmsprop(0.01) },
  { name: 'RMSprop rho, momentum, epsilon', axon: () => new RMSprop({ learningRate: 0.02, rho: 0.8, momentum: 0.6, epsilon: 1e-6 }), tf: (tf) => tf.train.rmsprop(0.02, 0.8, 0.6, 1e-6) },
  { name: 'RMSprop centered (Keras form)', axon: () => new RMSprop({ learningRate: 0.01, centered: true }), keras: centeredRmsprop(0.01, 0.9, 0, 1e-7) },
  { name: 'RMSprop centered, momentum (Keras form)', axon: () => new RMSprop({ learningRate: 0.02, rho: 0.85, momentum: 0.5, epsilon: 1e-6, centered: true }), keras: centeredRmsprop(0.02, 0.85, 0.5, 1e-6) },
  { name: 'Adam', axon: () => new Adam({ learningRate: 0.01 }), tf: (tf) => tf.train.adam(0.01) },
  { name: 'Adam beta1, beta2, epsilon', axon: () => new Adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 }), tf: (tf) => tf.train.adam(0.05, 0.8, 0.99, 1e-8) },
  { name: 'Adagrad', axon: () => new Adagrad({ learningRate: 0.05 }), tf: (tf) => tf.train.adagrad(0.05) },
  // A tiny initial accumulator lets epsilon decide the first steps.
  { name: 'Adagrad small accumulator', axon: () => new Adagrad({ learningRate: 0.05, initialAccumulatorValue: 1e-13 }), tf: (tf) => tf.train.adagrad(0.05, 1e-13) },
];

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
  await ready();
});

/** Differences in float64 of consecutive float32 weight vectors. */
function delta(after: ArrayLike<number>, before: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: after.length }, (_, i) => after[i]! - before[i]!);
}

/**
 * Updates agree relative to themselves: each element within rtol of the reference update, with an
 * absolute floor that is a small fraction of the largest reference update (float32 rounding of a
 * weight larger than its update shows up there, not in the comparison of large updates).
 */
function expectUpdatesClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, rtol: number, label: string): void {
  let largest = 0;
  for (let i = 0; i < theirs.length; i++) largest = Math.max(largest, Math.abs(theirs[i]!));
  expect(closeness(ours, theirs, rtol, Math.max(largest * 1e-5, 1e-30)), label).toBeLessThanOrEqual(1);
}

/** Gradients spread over 1e-9 … 1e-6 in magnitude, random signs, about one in ten exactly zero. */
function tinyGradients(n: number, random: Random): Float32Array {
  return Float32Array.from({ length: n }, () => {
    if (random.uniform() < 0.1) return 0;
    const magnitude = 10 ** (-9 + 3 * random.uniform());
    return random.uniform() < 0.5 ? -magnitude : magnitude;
  });
}

describe('optimizers with gradients of 1e-9 to 1e-6, 30 steps', () => {
  // 1 and 3 run only the scalar tail; 37 runs the SIMD body and a tail of 1.
  for (const o of OPTIMIZERS) {
    for (const n of [1, 3, 37]) {
      it(`${o.name}, ${n} weights, against ${o.tf ? 'TensorFlow.js' : "a float64 transcription of Keras' rule"}`, () => {
        const backend = getBackend();
        const random = new Random(n * 101 + o.name.length);
        // Weights start at zero so that float32 rounding of the weight never hides a tiny update.
        const param = new Parameter('w', [n], backend, new Float32Array(n));
        const optimizer = o.axon();
        const tfVariable = o.tf ? tf.variable(tf.zeros([n]), true, `w${n}_${o.name.replace(/\W/g, '_')}`) : null;
        const tfOptimizer = o.tf?.(tf) ?? null;
        const reference = new Float64Array(n);
        const state = Array.from({ length: o.keras?.slots ?? 0 }, () => new Float64Array(n));
        let ours: Float32Array = new Float32Array(n);
        let theirs: Float64Array | Float32Array = new Float64Array(n);
        for (let t = 1; t <= 30; t++) {
          const g = tinyGradients(n, random);
          backend.write(param.grad, g);
          optimizer.applyGradients([param], backend);
          const next = backend.read(param.value);
          let nextTheirs: Float32Array | Float64Array;
          if (tfOptimizer && tfVariable) {
            tf.tidy(() => tfOptimizer.applyGradients({ [tfVariable.name]: tf.tensor1d(g) }));
            nextTheirs = tfVariable.dataSync() as Float32Array;
          } else {
            o.keras!.step(reference, Float64Array.from(g), state, t);
            nextTheirs = Float64Array.from(reference);
          }
          expectUpdatesClose(delta(next, ours), delta(nextTheirs, theirs), 1e-4, `update at step ${t}`);
          ours = next;
          theirs = nextTheirs;
        }
        optimizer.dispose();
        param.dispose();
        tfOptimizer?.dispose();
        tfVariable?.dispose();
      });
    }
  }
});

type LossCase = { loss: string; output: ActivationName; units: number; separateActivation?: boolean; metric: string; tfMetric: string };

const LOSSES: LossCase[] = [
  { loss: 'sparse_categorical_crossentropy', output: 'softmax', units: 5, metric: 'accuracy', tfMetric: 'accuracy' },
  { loss: 'categorical_crossentropy', output: 'softmax', units: 3, metric: 'accuracy', tfMetric: 'categoricalAccuracy' },
  { loss: 'categorical_crossentropy', output: 'softmax', units: 3, separateActivation: true, metric: 'accuracy', tfMetric: 'categoricalAccuracy' },
  { loss: 'binary_crossentropy', output: 'sigmoid', units: 1, metric: 'accuracy', tfMetric: 'binaryAccuracy' },
  { loss: 'binary_crossentropy', output: 'sigmoid', units: 3, metric: 'binary_accuracy', tfMetric: 'binaryAccuracy' },
  { loss: 'mean_squared_error', output: 'linear', units: 2, metric: 'mae', tfMetric: 'mae' },
  { loss: 'mean_squared_error', output: 'tanh', units: 3, metric: 'mse', tfMetric: 'mse' },
  { loss: 'mean_squared_error', output: 'sigmoid', units: 1, metric: 'mae', tfMetric: 'mae' },
  { loss: 'mean_squared_error', output: 'relu', units: 5, metric: 'mse', tfMetric: 'mse' },
  { loss: 'mean_absolute_error', output: 'linear', units: 2, metric: 'mse', tfMetric: 'mse' },
  { loss: 'mean_absolute_error', output: 'tanh', units: 5, metric: 'mae', tfMetric: 'mae' },
];

type Run = {
  c: LossCase;
  hidden: number | null; // width of a tanh hidden layer, or none
  inputs: number;
  batch: number;
  steps: number;
  x: Float32Array;
  axonOptimizer: () => Optimizer;
  tfOptimizer: (tf: Tf) => TfOptimizer;
  /** Replaces the initial weights (Keras order) before both models see them. */
  initialWeights?: (weights: Tensor[]) => Tensor[];
  seed: number;
  rtol: number;
  /**
   * Give tfjs Axon's weights before every step, so that each step's update is compared from the same
   * point: at large learning rates the training map is chaotic, and float32 differences of 1e-7
   * would otherwise grow to any size over 30 steps. Optimizer state still accumulates on each side.
   */
  resync?: boolean;
};

/** Trains the same model in Axon and tfjs on the same batches; compares loss, metric and every update. */
async function trainBoth(run: Run): Promise<void> {
  const { c } = run;
  setRandomSeed(run.seed);
  const y = lossTargets(c.loss, c.units, run.batch * run.steps, run.seed + 1, 0.9);
  const outputLayer = c.separateActivation ? 'linear' : c.output;
  const model = new Sequential([
    ...(run.hidden ? [new Dense(run.hidden, { activation: 'tanh', inputShape: [run.inputs] })] : []),
    new Dense(c.units, { activation: outputLayer, biasInitializer: 'random_normal', ...(run.hidden ? {} : { inputShape: [run.inputs] }) }),
    ...(c.separateActivation ? [new Activation(c.output)] : []),
  ]);
  model.compile({ optimizer: run.axonOptimizer(), loss: c.loss, metrics: [c.metric] });
  await model.build();
  if (run.initialWeights) model.setWeights(run.initialWeights(model.getWeights()));

  const tfModel = tf.sequential({
    layers: [
      ...(run.hidden ? [tf.layers.dense({ units: run.hidden, activation: 'tanh', inputShape: [run.inputs] })] : []),
      tf.layers.dense({ units: c.units, activation: outputLayer, ...(run.hidden ? {} : { inputShape: [run.inputs] }) }),
      ...(c.separateActivation ? [tf.layers.activation({ activation: c.output })] : []),
    ],
  });
  tfModel.setWeights(model.getWeights().map((w) => tf.tensor(w.data, [...w.shape])));
  tfModel.compile({ optimizer: run.tfOptimizer(tf), loss: c.loss.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), metrics: [c.tfMetric] });

  const cols = y.shape.length === 1 ? 1 : y.shape[1]!;
  let ours: Float32Array[] = model.getWeights().map((w) => w.data.slice());
  let theirs: Float32Array[] = ours.map((w) => w.slice());
  for (let step = 0; step < run.steps; step++) {
    if (run.resync) {
      tfModel.setWeights(ours.map((w, i) => tf.tensor(w, tfModel.getWeights()[i]!.shape)));
      theirs = ours.map((w) => w.slice());
    }
    const [from, to] = [step * run.batch, (step + 1) * run.batch];
    const xb = run.x.slice(from * run.inputs, to * run.inputs);
    const history = await model.fit(tensor(xb, [run.batch, run.inputs]), tensor(y.axon.slice(from * cols, to * cols), [run.batch, ...y.shape.slice(1)]), { batchSize: run.batch, epochs: 1, shuffle: false, verbose: 0 });
    const [tfLoss, tfMetric] = (await tfModel.trainOnBatch(tf.tensor(xb, [run.batch, run.inputs]), tf.tensor(y.tf.slice(from * cols, to * cols), [run.batch, ...y.shape.slice(1)]))) as number[];
    expect(closeness([history.history['loss']![0]!], [tfLoss!], run.rtol, 1e-6), `loss at step ${step}: ${history.history['loss']![0]} vs ${tfLoss}`).toBeLessThanOrEqual(1);
    expect(closeness([history.history[c.metric]![0]!], [tfMetric!], run.rtol, 1e-6), `${c.metric} at step ${step}`).toBeLessThanOrEqual(1);
    const nextOurs = model.getWeights().map((w) => w.data.slice());
    const nextTheirs = tfModel.getWeights().map((w) => w.dataSync() as Float32Array);
    nextOurs.forEach((w, i) => expectUpdatesClose(delta(w, ours[i]!), delta(nextTheirs[i]!, theirs[i]!), run.rtol, `update of weight ${i} at step ${step}`));
    ours = nextOurs;
    theirs = nextTheirs;
  }
  model.dispose();
  tfModel.dispose();
}

const caseTitle = (c: LossCase): string => `${c.loss} · ${c.separateActivation ? `Activation(${c.output})` : c.output} · ${c.units} unit${c.units > 1 ? 's' : ''}`;

/** Rows of a one-hot encoding: each sample selects one kernel row, so its logits are that row exactly. */
function oneHotInputs(rows: number, classes: number, seed: number): Float32Array {
  return oneHot(labels(rows, classes, seed), classes);
}

// Logits drawn from these values are either fully saturated (|z| ≥ 24: sigmoid rounds to 0 or 1,
// tanh to ±1, softmax probabilities clip at 1e-7) or clear of every bound; no two differ by about
// 16.1, where a softmax probability would sit on the 1e-7 bound.
const SATURATING_LOGITS = [-30, -24, -3, 0.5, 2, 24, 30];

describe('saturated outputs: logits at ±24…±30, 25 steps', () => {
  for (const c of LOSSES) {
    for (const batch of [5, 1]) {
      it(`${caseTitle(c)}, batch ${batch}`, async () => {
        const inputs = 7;
        const seed = 31 + c.units * 7 + batch + c.loss.length;
        const random = new Random(seed);
        await trainBoth({
          c, hidden: null, inputs, batch, steps: 25, seed, rtol: 1e-4,
          x: oneHotInputs(batch * 25, inputs, seed + 2),
          axonOptimizer: () => new SGD({ learningRate: 0.5 }),
          tfOptimizer: (t) => t.train.sgd(0.5),
          initialWeights: ([kernel, bias]) => [
            tensor(Float32Array.from(kernel!.data, () => SATURATING_LOGITS[random.integer(SATURATING_LOGITS.length)]!), [...kernel!.shape]),
            tensor(new Float32Array(bias!.size), [...bias!.shape]),
          ],
        });
      });
    }
  }
});

describe('large learning rates that drive outputs across the clipping bounds and into saturation, 30 steps', () => {
  // The sigmoid + binary cross-entropy output would pass through the band just below p = 1 where
  // tfjs is ill-conditioned (see the top of this file); test/kernels.test.ts covers its clipping.
  for (const c of LOSSES.filter((l) => !(l.loss === 'binary_crossentropy'))) {
    it(caseTitle(c), async () => {
      const inputs = 7;
      const batch = 5;
      const seed = 57 + c.units * 13 + c.loss.length + (c.separateActivation ? 1 : 0);
      // Cross-entropy's gradient is bounded, so a large rate saturates the softmax within a few
      // steps; the regression losses would diverge at that rate.
      const learningRate = c.loss.endsWith('crossentropy') ? 4 : 0.4;
      await trainBoth({
        c, hidden: 5, inputs, batch, steps: 30, seed, rtol: 1e-4, resync: true,
        x: uniformArray(batch * 30 * inputs, seed, -2, 2),
        axonOptimizer: () => new SGD({ learningRate }),
        tfOptimizer: (t) => t.train.sgd(learningRate),
      });
    });
  }
});

describe('every optimizer in a 26-step run at batch 1 and batch 7', () => {
  const cases = [LOSSES[1]!, LOSSES[5]!];
  for (const o of OPTIMIZERS.filter((x) => x.tf)) {
    for (const c of cases) {
      for (const batch of [1, 7]) {
        it(`${o.name} · ${caseTitle(c)} · batch ${batch}`, async () => {
          const inputs = 6;
          const seed = 91 + o.name.length * 3 + batch + c.units;
          await trainBoth({
            c, hidden: 9, inputs, batch, steps: 26, seed, rtol: 1e-4, resync: true,
            x: uniformArray(batch * 26 * inputs, seed, -1.5, 1.5),
            axonOptimizer: o.axon,
            tfOptimizer: o.tf!,
          });
        });
      }
    }
  }
});
