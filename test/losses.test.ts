// The Keras losses beyond the cross-entropies and mse/mae (huber, log_cosh, kl_divergence, poisson,
// categorical_hinge, hinge): each Wasm kernel's value and fused gradient against TensorFlow.js
// (Keras' formula in tfjs ops, its gradient by tf.grad) on random data with the edges that decide
// the result (|p − y| = δ for huber, clipped probabilities and zero targets for kl_divergence, zero
// targets for poisson, 0/1 labels that hinge reads as −1/1, the hinges' kinks); a small model
// trained 3 steps against tfjs-layers; and the names compile() and metrics take.
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, SGD, Sequential, getBackend, ready, tensor } from '../src/index.js';
import type { ActivationName, Backend, LossKind } from '../src/index.js';
import { findLoss, resolveLoss } from '../src/losses.js';
import { resolveMetric } from '../src/metrics.js';
import { loadTf } from './helpers/tfjs.js';
import type { Tf } from './helpers/tfjs.js';
import { closeness, labels, oneHot, uniformArray } from './helpers/random-data.js';
import { expectParity } from './helpers/parity.js';
import type { LossCase, TfLoss } from './helpers/parity.js';

type T = ReturnType<Tf['tensor']>;

let tf: Tf;
let backend: Backend;
beforeAll(async () => {
  tf = await loadTf();
  await ready();
  backend = getBackend('wasm');
});

/** Keras' per-sample loss (tf.keras.losses.<name>) written in tfjs ops, so that tf.grad differentiates it. */
const keras: Record<string, (tf: Tf, y: T, p: T) => T> = {
  // tfjs-core's own Huber op, per element, then Keras' mean over the last axis.
  huber: (tf, y, p) => tf.losses.huberLoss(y, p, undefined, 1, tf.Reduction.NONE).mean(-1),
  log_cosh: (tf, y, p) => {
    const d = p.sub(y);
    return d.add(tf.softplus(d.mul(-2))).sub(Math.log(2)).mean(-1);
  },
  kl_divergence: (tf, y, p) => {
    const yc = tf.clipByValue(y, 1e-7, 1);
    return yc.mul(tf.log(yc.div(tf.clipByValue(p, 1e-7, 1)))).sum(-1);
  },
  poisson: (tf, y, p) => p.sub(y.mul(tf.log(p.add(1e-7)))).mean(-1),
  // tf.maximum(x, 0) in Keras' argument order: tfjs then passes the gradient where x >= 0, as TF does.
  categorical_hinge: (tf, y, p) => {
    const pos = y.mul(p).sum(-1);
    const neg = tf.scalar(1).sub(y).mul(p).max(-1);
    return tf.maximum(neg.sub(pos).add(1), 0);
  },
  hinge: (tf, y, p) => {
    const binary = tf.logicalOr(y.equal(0), y.equal(1)).all().dataSync()[0] === 1;
    const yc = binary ? y.mul(2).sub(1) : y;
    return tf.maximum(tf.scalar(1).sub(yc.mul(p)), 0).mean(-1);
  },
};

const activate = (tf: Tf, name: ActivationName, z: T): T => (name === 'linear' ? z : name === 'softmax' ? tf.softmax(z) : name === 'relu' ? tf.relu(z) : name === 'sigmoid' ? tf.sigmoid(z) : tf.tanh(z));

type KernelCase = { name: string; kind: LossKind; rows: number; cols: number; activation: ActivationName; z: Float32Array; y: Float32Array };

const ROWS = 6;
const COLS = 5;
const n = ROWS * COLS;
const withEdges = (values: Float32Array, edges: number[]): Float32Array => {
  const out = values.slice();
  out.set(edges);
  return out;
};
const probabilities = uniformArray(n, 4, 0.01, 1);

const kernelCases: KernelCase[] = [
  // |p − y| exactly δ = 1 (both signs), 0, and far beyond δ.
  { name: 'huber at |p − y| = δ, 0 and beyond', kind: 'huber', rows: ROWS, cols: COLS, activation: 'linear', z: withEdges(uniformArray(n, 1, -3, 3), [1.5, -1.25, 0.25, 4]), y: withEdges(uniformArray(n, 2, -1, 1), [0.5, -0.25, 0.25, -3]) },
  { name: 'huber through tanh', kind: 'huber', rows: ROWS, cols: COLS, activation: 'tanh', z: uniformArray(n, 3, -3, 3), y: uniformArray(n, 5, -2, 2) },
  { name: 'log_cosh, small and large |p − y|', kind: 'log_cosh', rows: ROWS, cols: COLS, activation: 'linear', z: withEdges(uniformArray(n, 6, -3, 3), [20, -30, 1e-3]), y: uniformArray(n, 7, -1, 1) },
  { name: 'log_cosh through sigmoid', kind: 'log_cosh', rows: ROWS, cols: COLS, activation: 'sigmoid', z: uniformArray(n, 8, -3, 3), y: uniformArray(n, 9, 0, 1) },
  // p exactly 0, below ε, exactly 1 and above 1 (clipped: no gradient); zero targets.
  { name: 'kl_divergence with clipped p and zero targets', kind: 'kl_divergence', rows: ROWS, cols: COLS, activation: 'linear', z: withEdges(probabilities, [0, 1e-9, 1, 1.5, -0.2]), y: withEdges(uniformArray(n, 10, 0, 1), [0.3, 0, 0.5, 0, 0.2, 0]) },
  { name: 'kl_divergence through softmax, one-hot targets', kind: 'kl_divergence', rows: ROWS, cols: COLS, activation: 'softmax', z: uniformArray(n, 11, -4, 4), y: oneHot(labels(ROWS, COLS, 12), COLS) },
  { name: 'poisson with zero targets', kind: 'poisson', rows: ROWS, cols: COLS, activation: 'linear', z: withEdges(uniformArray(n, 13, 0.05, 3), [0, 1e-6]), y: Float32Array.from(labels(n, 4, 14)) },
  { name: 'poisson through sigmoid', kind: 'poisson', rows: ROWS, cols: COLS, activation: 'sigmoid', z: uniformArray(n, 15, -3, 3), y: Float32Array.from(labels(n, 3, 16)) },
  { name: 'categorical_hinge, margins of both signs', kind: 'categorical_hinge', rows: ROWS, cols: COLS, activation: 'linear', z: withEdges(uniformArray(n, 17, -2, 2), [0.5, 1.5, 0.25, -1, 0.1]), y: oneHot(labels(ROWS, COLS, 18), COLS) },
  { name: 'categorical_hinge through softmax', kind: 'categorical_hinge', rows: ROWS, cols: COLS, activation: 'softmax', z: uniformArray(n, 19, -3, 3), y: oneHot(labels(ROWS, COLS, 20), COLS) },
  { name: 'hinge, 0/1 labels (read as −1/1) and the kink', kind: 'hinge', rows: ROWS, cols: COLS, activation: 'linear', z: withEdges(uniformArray(n, 21, -2, 2), [1, -1]), y: withEdges(Float32Array.from(labels(n, 2, 22)), [1, 0]) },
  { name: 'hinge, −1/1 labels through tanh', kind: 'hinge', rows: ROWS, cols: COLS, activation: 'tanh', z: uniformArray(n, 23, -2, 2), y: Float32Array.from(labels(n, 2, 24), (v) => 2 * v - 1) },
  { name: 'hinge, labels not all 0/1 (taken as given)', kind: 'hinge', rows: ROWS, cols: COLS, activation: 'linear', z: uniformArray(n, 25, -2, 2), y: withEdges(Float32Array.from(labels(n, 2, 26)), [0.5]) },
];

/** The loss and the gradient buffer Axon's Wasm kernel gives for z (through `activation`), with a guard after the gradient. */
function axonLoss(c: KernelCase, scale: number): { loss: number; grad: Float32Array } {
  const size = c.rows * c.cols;
  const p = backend.alloc(size);
  const y = backend.alloc(size);
  const grad = backend.alloc(size + 4);
  backend.write(p, c.z);
  if (c.activation !== 'linear') backend.activation(c.activation, p, c.rows, c.cols);
  backend.write(y, c.y);
  backend.write(grad, new Float32Array(size + 4).fill(-7));
  const loss = backend.loss(c.kind, p, y, c.rows, c.cols, grad, c.activation, scale);
  const out = backend.read(grad);
  for (const b of [p, y, grad]) backend.free(b);
  expect(Array.from(out.subarray(size)), 'the kernel writes nothing past the gradient').toEqual([-7, -7, -7, -7]);
  return { loss, grad: out.subarray(0, size) };
}

describe('loss kernels against TensorFlow.js (value, and gradient by tf.grad)', () => {
  for (const c of kernelCases) {
    it(c.name, () => {
      const scale = 1 / c.rows;
      const ours = axonLoss(c, scale);
      const y = tf.tensor(c.y, [c.rows, c.cols]);
      const perSample = (z: T): T => keras[c.kind]!(tf, y, activate(tf, c.activation, z));
      const z = tf.tensor(c.z, [c.rows, c.cols]);
      const want = perSample(z).sum().dataSync()[0]!;
      const wantGrad = tf.grad((zz: T) => perSample(zz).sum().mul(scale))(z).dataSync();
      expect(closeness([ours.loss], [want], 1e-5, 1e-6), `loss ${ours.loss} vs tfjs ${want}`).toBeLessThanOrEqual(1);
      expect(closeness(ours.grad, wantGrad, 1e-4, 1e-6), `gradient ${Array.from(ours.grad).slice(0, 6)} vs tfjs ${Array.from(wantGrad).slice(0, 6)}`).toBeLessThanOrEqual(1);
      expect(ours.grad.every(Number.isFinite)).toBe(true);
    });
  }

  it('hinge decides the label conversion over the whole batch, as Keras', () => {
    // One row's labels are all 0/1, another's are not: no conversion anywhere.
    const c: KernelCase = { name: '', kind: 'hinge', rows: 2, cols: 2, activation: 'linear', z: Float32Array.from([0.5, -0.5, 0.5, -0.5]), y: Float32Array.from([1, 0, 0.5, 1]) };
    // max(1 − y·p, 0) with y as given: [0.5, 1] and [0.75, 1.5].
    expect(axonLoss(c, 1).loss).toBeCloseTo((0.5 + 1) / 2 + (0.75 + 1.5) / 2, 6);
  });
});

describe('each new loss is a metric too', () => {
  it('resolves by any name and evaluates to the loss value', async () => {
    const x = tensor(uniformArray(8 * 3, 30), [8, 3]);
    const y = tensor(uniformArray(8 * 2, 31, 0, 1), [8, 2]);
    const model = new Sequential([new Dense(2, { inputShape: [3], activation: 'sigmoid' })]);
    const names = ['huber', 'logcosh', 'kld', 'poisson', 'categoricalHinge', 'hinge'] as const;
    model.compile({ loss: 'mse', optimizer: new SGD(), metrics: [...names] });
    const values = (await model.evaluate(x, y, { batchSize: 8 })) as number[];
    for (const [i, name] of names.entries()) {
      const check = new Sequential([new Dense(2, { inputShape: [3], activation: 'sigmoid' })]);
      check.compile({ loss: name, optimizer: new SGD() });
      await check.build();
      check.setWeights(model.getWeights());
      expect(values[i + 1], name).toBeCloseTo((await check.evaluate(x, y, { batchSize: 8 })) as number, 6);
      check.dispose();
    }
    model.dispose();
  });
});

describe('names', () => {
  it('Keras and tfjs names, aliases included', () => {
    const cases: [string, LossKind][] = [
      ['huber', 'huber'], ['huber_loss', 'huber'], ['huberLoss', 'huber'],
      ['log_cosh', 'log_cosh'], ['logcosh', 'log_cosh'], ['logCosh', 'log_cosh'],
      ['kl_divergence', 'kl_divergence'], ['kld', 'kl_divergence'], ['KLD', 'kl_divergence'], ['kullback_leibler_divergence', 'kl_divergence'], ['kullbackLeiblerDivergence', 'kl_divergence'], ['klDivergence', 'kl_divergence'],
      ['poisson', 'poisson'], ['categorical_hinge', 'categorical_hinge'], ['categoricalHinge', 'categorical_hinge'], ['hinge', 'hinge'],
      ['mse', 'mean_squared_error'], ['meanAbsoluteError', 'mean_absolute_error'],
    ];
    for (const [name, kind] of cases) {
      expect(resolveLoss(name), name).toBe(kind);
      expect(resolveMetric(name, 'mean_squared_error').kind, name).toBe(kind);
    }
    expect(findLoss('squared_hinge')).toBeUndefined();
  });

  it('an unknown name is a ValueError listing the known ones', () => {
    expect(() => resolveLoss('huberr')).toThrow(/compile\(loss\): unknown loss "huberr"; expected one of sparse_categorical_crossentropy, .*, huber, huber_loss, log_cosh, logcosh, kl_divergence, kld, kullback_leibler_divergence, poisson, categorical_hinge, hinge$/);
    const model = new Sequential([new Dense(1, { inputShape: [2] })]);
    // @ts-expect-error 'huberr' is not a loss: LossName is a literal union
    expect(() => model.compile({ loss: 'huberr' })).toThrow(/unknown loss "huberr"/);
    expect(() => model.compile({ loss: 'huber' })).not.toThrow();
  });
});

// tfjs-layers' own losses where its name exists and its formula is Keras' on these targets; Keras'
// formula as a function where tfjs-layers has none (huber) or differs (hinge's 0/1 labels).
const kerasLoss = (name: string) => (tf: Tf): TfLoss => (yTrue: T, yPred: T) => keras[name]!(tf, yTrue, yPred);
const parityCases: LossCase[] = [
  { loss: 'huber', output: 'linear', units: 3, hidden: 'relu', metric: 'mae', targets: 'wide_regression', tfLoss: kerasLoss('huber') },
  { loss: 'log_cosh', output: 'linear', units: 3, hidden: 'tanh', metric: 'mse', tfLoss: () => 'logcosh' },
  { loss: 'kl_divergence', output: 'softmax', units: 3, hidden: 'relu', metric: 'accuracy', tfLoss: () => 'kullbackLeiblerDivergence' },
  { loss: 'poisson', output: 'sigmoid', units: 3, hidden: 'tanh', metric: 'mae' },
  { loss: 'categorical_hinge', output: 'softmax', units: 3, hidden: 'relu', metric: 'accuracy', targets: 'categorical_crossentropy' },
  { loss: 'categorical_hinge', output: 'linear', units: 3, hidden: 'tanh', metric: 'accuracy', targets: 'categorical_crossentropy' },
  { loss: 'hinge', output: 'tanh', units: 3, hidden: 'relu', metric: 'mae' },
  { loss: 'hinge', output: 'linear', units: 3, hidden: 'sigmoid', metric: 'binary_accuracy', targets: 'binary_crossentropy', tfLoss: kerasLoss('hinge') },
];

describe('a 4→8→3 model trains 3 SGD steps as tfjs-layers does', () => {
  const sgd = { name: 'sgd', axon: () => new SGD({ learningRate: 0.1 }), tf: (tf: Tf) => tf.train.sgd(0.1) };
  for (const c of parityCases) {
    const title = `${c.loss} · ${c.hidden}→${c.output}${c.targets ? ` · ${c.targets} targets` : ''}`;
    it(title, () => expectParity(tf, sgd, c, title, { inputs: 4, hidden: 8, batch: 8, steps: 3 }));
  }
});
