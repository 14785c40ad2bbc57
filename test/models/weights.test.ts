// Keras' sample and class weights: every loss and metric kernel against its unweighted rows (Wasm and
// gpu.js), class weights against TensorFlow.js' fit, sample weights against a float64 transcription
// of Keras' SUM_OVER_BATCH_SIZE loss and its gradient, weighted metrics and their log keys, and the
// errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Input, Model, SGD, Adam, Sequential, ShapeError, ValueError, getBackend, ready, setRandomSeed, tensor } from '../../src/index.js';
import type { Backend, DeviceBuffer } from '../../src/backends/backend.js';
import { LOSSES } from '../../src/backends/loss-registry.js';
import { createGpuBackend, registerGpuBackend } from '../../src/backends/gpu/index.js';
import { loadTf } from '../helpers/tfjs.js';
import type { Tf } from '../helpers/tfjs.js';
import { closeness, labels, lossTargets, oneHot, uniformArray } from '../helpers/random-data.js';

let tf: Tf;
let gpu: Backend;
beforeAll(async () => {
  await ready();
  tf = await loadTf();
  registerGpuBackend({ name: 'gpu-weights-cpu', mode: 'cpu' });
  gpu = createGpuBackend({ mode: 'cpu' });
  await gpu.ready();
});

const ROWS = 7;
const COLS = 3;
// Zero, fractional and large weights.
const WEIGHTS = Float32Array.from([0, 0.5, 1, 2.5, 0, 4, 0.25]);

/** One loss (or metric) call on fresh buffers: the sum and the gradient. */
function run(backend: Backend, kind: string, p: Float32Array, y: Float32Array | Int32Array, weights: Float32Array | null, metric: boolean): { sum: number; grad: Float32Array } {
  const buffers: DeviceBuffer[] = [];
  const put = (data: Float32Array | Int32Array): DeviceBuffer => {
    const b = backend.alloc(data.length, data instanceof Int32Array ? 'i32' : 'f32');
    backend.write(b, data);
    buffers.push(b);
    return b;
  };
  const pb = put(p);
  const yb = put(y);
  const gb = put(new Float32Array(ROWS * COLS));
  const wb = weights ? put(weights) : null;
  const sum = metric
    ? backend.metric(kind as never, pb, yb, ROWS, COLS, wb)
    : backend.loss(kind as never, pb, yb, ROWS, COLS, gb, 'softmax', 1 / ROWS, wb);
  const grad = backend.read(gb, ROWS * COLS);
  for (const b of buffers) backend.free(b);
  return { sum, grad };
}

/** Softmax rows, so that every loss sees values it takes (probabilities for the cross-entropies). */
function predictions(seed: number): Float32Array {
  const z = uniformArray(ROWS * COLS, seed, -2, 2);
  for (let r = 0; r < ROWS; r++) {
    let s = 0;
    for (let j = 0; j < COLS; j++) s += (z[r * COLS + j] = Math.exp(z[r * COLS + j]!));
    for (let j = 0; j < COLS; j++) z[r * COLS + j]! /= s;
  }
  return z;
}

describe('loss and metric kernels with sample weights', () => {
  const backends = (): [string, Backend][] => [['wasm', getBackend('wasm')], ['gpu.js cpu', gpu]];

  for (const { name } of LOSSES) {
    it(`${name}: Σ w·loss and w-scaled gradient rows on Wasm and gpu.js; no weights is bit-identical to all ones' loss`, () => {
      const p = predictions(11);
      const y = lossTargets(name, COLS, ROWS, 12, 1).axon;
      for (const [label, backend] of backends()) {
        const plain = run(backend, name, p, y, null, false);
        const weighted = run(backend, name, p, y, WEIGHTS, false);
        // Each row alone, unweighted: Σ w_r·loss_r and w_r·grad_r are what the weights must give.
        let expected = 0;
        const expectedGrad = new Float32Array(ROWS * COLS);
        for (let r = 0; r < ROWS; r++) {
          const rowOnly = new Float32Array(ROWS);
          rowOnly[r] = 1;
          const one = run(backend, name, p, y, rowOnly, false);
          expected += WEIGHTS[r]! * one.sum;
          for (let j = 0; j < COLS; j++) expectedGrad[r * COLS + j] = WEIGHTS[r]! * plain.grad[r * COLS + j]!;
        }
        expect(Math.abs(weighted.sum - expected), `${label} sum`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(expected)));
        expect(closeness(weighted.grad, expectedGrad, 1e-5, 1e-7), `${label} gradient`).toBeLessThanOrEqual(1);
        const ones = run(backend, name, p, y, new Float32Array(ROWS).fill(1), false);
        expect(ones.sum, `${label} all-ones weights`).toBe(plain.sum);
        expect(Array.from(ones.grad), `${label} all-ones gradient`).toEqual(Array.from(plain.grad));
      }
    });
  }

  it('accuracy metrics count each hit by its weight, on Wasm and gpu.js', () => {
    const p = predictions(21);
    const y = labels(ROWS, COLS, 22);
    const hits = Array.from({ length: ROWS }, (_, r) => {
      const row = Array.from(p.subarray(r * COLS, (r + 1) * COLS));
      return row.indexOf(Math.max(...row)) === y[r] ? 1 : 0;
    });
    const expected = hits.reduce((s, h, r) => s + h * WEIGHTS[r]!, 0);
    const binaryTargets = Float32Array.from(uniformArray(ROWS * COLS, 23, 0, 1), (v) => (v > 0.5 ? 1 : 0));
    const binaryExpected = Array.from({ length: ROWS }, (_, r) => {
      let h = 0;
      for (let j = 0; j < COLS; j++) h += (p[r * COLS + j]! > 0.5 ? 1 : 0) === binaryTargets[r * COLS + j] ? 1 : 0;
      return (WEIGHTS[r]! * h) / COLS;
    }).reduce((a, b) => a + b, 0);
    for (const [label, backend] of backends()) {
      expect(run(backend, 'sparse_categorical_accuracy', p, y, WEIGHTS, true).sum, label).toBeCloseTo(expected, 6);
      expect(run(backend, 'categorical_accuracy', p, oneHot(y, COLS), WEIGHTS, true).sum, label).toBeCloseTo(expected, 6);
      expect(run(backend, 'binary_accuracy', p, binaryTargets, WEIGHTS, true).sum, label).toBeCloseTo(binaryExpected, 6);
      expect(run(backend, 'mean_squared_error', p, binaryTargets, WEIGHTS, true).sum, label).toBeCloseTo(run(backend, 'mean_squared_error', p, binaryTargets, WEIGHTS, false).sum, 6);
    }
  });
});

const N = 45; // three batches of 16, the last partial
const FEATURES = 5;
const CLASSES = 4;
const x = uniformArray(N * FEATURES, 31);

/** A Dense(6, tanh) → Dense(units, activation) model in Axon and the same in tfjs, with Axon's initial weights. */
async function twin(units: number, activation: 'softmax' | 'sigmoid', backend?: string): Promise<{ axon: Sequential; tf: ReturnType<Tf['sequential']> }> {
  setRandomSeed(5);
  const axon = new Sequential([new Dense(6, { inputShape: [FEATURES], activation: 'tanh' }), new Dense(units, { activation })], backend ? { backend } : {});
  await axon.build();
  const tfModel = tf.sequential({ layers: [tf.layers.dense({ inputShape: [FEATURES], units: 6, activation: 'tanh' }), tf.layers.dense({ units, activation })] });
  tfModel.setWeights(axon.getWeights().map((w) => tf.tensor(w.data as Float32Array, [...w.shape])));
  return { axon, tf: tfModel };
}

describe('fit with classWeight against TensorFlow.js', () => {
  const cases = [
    { name: 'sparse categorical cross-entropy, SGD', loss: 'sparse_categorical_crossentropy', units: CLASSES, activation: 'softmax' as const, classWeight: { 0: 1, 1: 3, 2: 0.5, 3: 2 }, optimizer: () => [new SGD({ learningRate: 0.2 }), tf.train.sgd(0.2)] as const },
    { name: 'categorical cross-entropy (one-hot), Adam', loss: 'categorical_crossentropy', units: CLASSES, activation: 'softmax' as const, classWeight: { 0: 0, 1: 1.5, 2: 4, 3: 1 }, optimizer: () => [new Adam({ learningRate: 0.02 }), tf.train.adam(0.02)] as const },
    { name: 'binary cross-entropy (one 0/1 column), SGD', loss: 'binary_crossentropy', units: 1, activation: 'sigmoid' as const, classWeight: { 0: 0.25, 1: 3 }, optimizer: () => [new SGD({ learningRate: 0.3 }), tf.train.sgd(0.3)] as const },
  ];
  for (const c of cases) {
    it(`${c.name}: losses and weights within 1e-4 over 3 epochs of 3 batches`, async () => {
      const { axon, tf: tfModel } = await twin(c.units, c.activation);
      const classes = labels(N, c.units === 1 ? 2 : CLASSES, 32);
      const yAxon = c.loss === 'sparse_categorical_crossentropy' ? tensor(classes, [N]) : c.units === 1 ? tensor(Float32Array.from(classes), [N, 1]) : tensor(oneHot(classes, CLASSES), [N, CLASSES]);
      const yTf = c.loss === 'sparse_categorical_crossentropy' ? tf.tensor(Float32Array.from(classes), [N]) : tf.tensor(yAxon.data as Float32Array, [...yAxon.shape]);
      const [axonOptimizer, tfOptimizer] = c.optimizer();
      axon.compile({ loss: c.loss as never, optimizer: axonOptimizer });
      tfModel.compile({ loss: c.loss === 'sparse_categorical_crossentropy' ? 'sparseCategoricalCrossentropy' : c.loss === 'binary_crossentropy' ? 'binaryCrossentropy' : 'categoricalCrossentropy', optimizer: tfOptimizer });
      const ours = await axon.fit(tensor(x, [N, FEATURES]), yAxon, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0, classWeight: c.classWeight });
      const theirs = await tfModel.fit(tf.tensor(x, [N, FEATURES]), yTf, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0, classWeight: c.classWeight });
      expect(closeness(ours.history.loss!, theirs.history.loss as number[], 1e-4, 1e-4)).toBeLessThanOrEqual(1);
      const tfWeights = tfModel.getWeights().map((w) => w.dataSync());
      axon.getWeights().forEach((w, i) => expect(closeness(w.data as Float32Array, tfWeights[i]!, 1e-4, 1e-4), `weight ${i}`).toBeLessThanOrEqual(1));
      axon.dispose();
    });
  }
});

/**
 * Keras' weighted loss in float64 for one Dense(units, softmax) layer with sparse cross-entropy,
 * trained by SGD over batches in order: each batch's loss is Σ w·loss / batch size (tf.keras'
 * compute_weighted_loss with SUM_OVER_BATCH_SIZE), its gradient in the logits w·(p − onehot)/n.
 */
function kerasReference(kernel: Float64Array, bias: Float64Array, y: Int32Array, w: Float32Array, batchSize: number, lr: number, units: number): { loss: number } {
  let lossSum = 0;
  for (let start = 0; start < N; start += batchSize) {
    const n = Math.min(batchSize, N - start);
    const dK = new Float64Array(kernel.length);
    const dB = new Float64Array(units);
    for (let r = start; r < start + n; r++) {
      const z = Array.from({ length: units }, (_, j) => bias[j]! + Array.from({ length: FEATURES }, (_, k) => x[r * FEATURES + k]! * kernel[k * units + j]!).reduce((a, b) => a + b, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / s);
      lossSum += w[r]! * -Math.log(p[y[r]!]!);
      for (let j = 0; j < units; j++) {
        const g = (w[r]! * (p[j]! - (j === y[r] ? 1 : 0))) / n;
        dB[j]! += g;
        for (let k = 0; k < FEATURES; k++) dK[k * units + j]! += x[r * FEATURES + k]! * g;
      }
    }
    for (let i = 0; i < kernel.length; i++) kernel[i]! -= lr * dK[i]!;
    for (let j = 0; j < units; j++) bias[j]! -= lr * dB[j]!;
  }
  return { loss: lossSum / N };
}

function softmaxModel(): Sequential {
  setRandomSeed(9);
  return new Sequential([new Dense(CLASSES, { inputShape: [FEATURES], activation: 'softmax', biasInitializer: 'random_normal' })]);
}

describe('fit with sampleWeight against a float64 transcription of Keras', () => {
  it('SGD over three batches: the loss is Σ w·loss / batch size and the updated weights match', async () => {
    const model = softmaxModel();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new SGD({ learningRate: 0.5 }) });
    await model.build();
    const [k0, b0] = model.getWeights().map((t) => Float64Array.from(t.data as Float32Array));
    const y = labels(N, CLASSES, 33);
    const w = Float32Array.from(uniformArray(N, 34, 0, 3), (v, i) => (i % 5 === 0 ? 0 : v));
    const history = await model.fit(tensor(x, [N, FEATURES]), tensor(y, [N]), { epochs: 1, batchSize: 16, shuffle: false, verbose: 0, sampleWeight: w });
    const reference = kerasReference(k0!, b0!, y, w, 16, 0.5, CLASSES);
    expect(history.history.loss![0]).toBeCloseTo(reference.loss, 5);
    const [k1, b1] = model.getWeights().map((t) => t.data as Float32Array);
    expect(closeness(k1!, k0!, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    expect(closeness(b1!, b0!, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    model.dispose();
  });

  it('shuffled: each weight stays with its sample, so samples weighted 0 are as good as absent', async () => {
    // [x; other] weighted [1; 0] in one shuffled batch of 2N at learning rate 2η takes the steps of
    // x alone at η: Keras divides Σ w·loss by the 2N rows. Weights that did not follow the shuffle
    // would land on the other half.
    const y = labels(N, CLASSES, 35);
    const other = uniformArray(N * FEATURES, 51, -3, 3);
    const doubled = new Float32Array(2 * N * FEATURES);
    doubled.set(x);
    doubled.set(other, N * FEATURES);
    const yDoubled = new Int32Array(2 * N);
    yDoubled.set(y);
    yDoubled.set(labels(N, CLASSES, 52), N);
    const w = new Float32Array(2 * N);
    w.fill(1, 0, N);
    const train = async (xs: Float32Array, ys: Int32Array, rows: number, lr: number, sampleWeight?: Float32Array): Promise<Float32Array[]> => {
      const model = softmaxModel();
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new SGD({ learningRate: lr }) });
      await model.fit(tensor(xs, [rows, FEATURES]), tensor(ys, [rows]), { epochs: 3, batchSize: rows, shuffle: true, verbose: 0, ...(sampleWeight ? { sampleWeight } : {}) });
      const weights = model.getWeights().map((t) => Float32Array.from(t.data as Float32Array));
      model.dispose();
      return weights;
    };
    const weighted = await train(doubled, yDoubled, 2 * N, 1, w);
    const alone = await train(x, y, N, 0.5);
    weighted.forEach((v, i) => expect(closeness(v, alone[i]!, 1e-5, 1e-6), `weight ${i}`).toBeLessThanOrEqual(1));
  });

  it('all-zero sample weights leave the weights bit-identical and the loss 0', async () => {
    const model = softmaxModel();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new SGD({ learningRate: 0.5, momentum: 0.9 }) });
    await model.build();
    const before = model.getWeights().map((t) => Array.from(t.data));
    const history = await model.fit(tensor(x, [N, FEATURES]), tensor(labels(N, CLASSES, 36), [N]), { epochs: 2, batchSize: 16, verbose: 0, sampleWeight: new Float32Array(N) });
    expect(model.getWeights().map((t) => Array.from(t.data))).toEqual(before);
    expect(history.history.loss).toEqual([0, 0]);
    model.dispose();
  });
});

describe('evaluate, weightedMetrics and validation weights', () => {
  it('evaluate(sampleWeight) and weighted accuracy: Σ w·loss / n and Σ w·hit / Σ w, logged as Keras names them', async () => {
    const model = softmaxModel();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'sgd', metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
    const y = labels(N, CLASSES, 37);
    const w = uniformArray(N, 38, 0, 2);
    const ev = (await model.evaluate(tensor(x, [N, FEATURES]), tensor(y, [N]), { sampleWeight: w, batchSize: 10, returnDict: true })) as Record<string, number>;
    expect(Object.keys(ev)).toEqual(['loss', 'accuracy', 'weighted_accuracy']);
    const p = ((await model.predict(tensor(x, [N, FEATURES]))) as { data: Float32Array }).data;
    let loss = 0, hits = 0, weightedHits = 0, total = 0;
    for (let r = 0; r < N; r++) {
      const row = Array.from(p.subarray(r * CLASSES, (r + 1) * CLASSES));
      const hit = row.indexOf(Math.max(...row)) === y[r] ? 1 : 0;
      loss += w[r]! * -Math.log(row[y[r]!]!);
      hits += hit;
      weightedHits += w[r]! * hit;
      total += w[r]!;
    }
    expect(ev.loss).toBeCloseTo(loss / N, 5);
    expect(ev.accuracy).toBeCloseTo(hits / N, 6);
    expect(ev.weighted_accuracy).toBeCloseTo(weightedHits / total, 6);
    // Without weights, a weighted metric is the plain one.
    const plain = (await model.evaluate(tensor(x, [N, FEATURES]), tensor(y, [N]), { returnDict: true })) as Record<string, number>;
    expect(plain.weighted_accuracy).toBeCloseTo(plain.accuracy!, 12);
    model.dispose();
  });

  it('a weighted metric alone keeps its plain key; validationData takes Keras\' third element', async () => {
    const model = softmaxModel();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'sgd', weightedMetrics: ['accuracy'] });
    const y = labels(N, CLASSES, 39);
    const w = uniformArray(N, 40, 0, 2);
    const history = await model.fit(tensor(x, [N, FEATURES]), tensor(y, [N]), { epochs: 1, verbose: 0, validationData: [tensor(x, [N, FEATURES]), tensor(y, [N]), w] });
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    const ev = (await model.evaluate(tensor(x, [N, FEATURES]), tensor(y, [N]), { sampleWeight: w, returnDict: true })) as Record<string, number>;
    expect(history.history.val_loss![0]).toBeCloseTo(ev.loss!, 6);
    expect(history.history.val_accuracy![0]).toBeCloseTo(ev.accuracy!, 6);
    model.dispose();
  });

  it('multi-output: sampleWeight per output by name; weighted keys are <output>_weighted_<metric>', async () => {
    setRandomSeed(3);
    const input = Input({ shape: [FEATURES] });
    const a = new Dense(2, { name: 'a' }).apply(input);
    const b = new Dense(1, { name: 'b' }).apply(input);
    const model = new Model({ inputs: input, outputs: [a, b] });
    model.compile({ loss: 'mse', optimizer: 'sgd', metrics: ['mae'], weightedMetrics: ['mae'] });
    const ya = uniformArray(N * 2, 41);
    const yb = uniformArray(N, 42);
    const wa = uniformArray(N, 43, 0, 2);
    const ev = (await model.evaluate(tensor(x, [N, FEATURES]), [tensor(ya, [N, 2]), tensor(yb, [N, 1])], { sampleWeight: { a: wa }, returnDict: true })) as Record<string, number>;
    expect(Object.keys(ev)).toEqual(['loss', 'a_loss', 'b_loss', 'a_mae', 'a_weighted_mae', 'b_mae', 'b_weighted_mae']);
    const [pa, pb] = ((await model.predict(tensor(x, [N, FEATURES]))) as { data: Float32Array }[]).map((t) => t.data);
    let la = 0, lb = 0, maeA = 0, wMaeA = 0, total = 0;
    for (let r = 0; r < N; r++) {
      const sq = ((pa![2 * r]! - ya[2 * r]!) ** 2 + (pa![2 * r + 1]! - ya[2 * r + 1]!) ** 2) / 2;
      const abs = (Math.abs(pa![2 * r]! - ya[2 * r]!) + Math.abs(pa![2 * r + 1]! - ya[2 * r + 1]!)) / 2;
      la += wa[r]! * sq;
      lb += (pb![r]! - yb[r]!) ** 2;
      maeA += abs;
      wMaeA += wa[r]! * abs;
      total += wa[r]!;
    }
    expect(ev.a_loss).toBeCloseTo(la / N, 5);
    expect(ev.b_loss).toBeCloseTo(lb / N, 5);
    expect(ev.loss).toBeCloseTo((la + lb) / N, 5);
    expect(ev.a_mae).toBeCloseTo(maeA / N, 5);
    expect(ev.a_weighted_mae).toBeCloseTo(wMaeA / total, 5);
    expect(ev.b_weighted_mae).toBeCloseTo(ev.b_mae!, 6);
    model.dispose();
  });
});

describe('the GPU backend (gpu.js cpu mode) trains with weights as Wasm does', () => {
  it('sampleWeight, classWeight and weightedMetrics: losses, metrics and weights within float32 tolerance', async () => {
    const results = [];
    for (const backend of ['wasm', 'gpu-weights-cpu']) {
      const { axon } = await twin(CLASSES, 'softmax', backend);
      axon.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new Adam({ learningRate: 0.01 }), metrics: ['accuracy'], weightedMetrics: ['accuracy', 'sparse_categorical_crossentropy'] });
      setRandomSeed(77);
      const history = await axon.fit(tensor(x, [N, FEATURES]), tensor(labels(N, CLASSES, 44), [N]), {
        epochs: 2, batchSize: 16, verbose: 0, sampleWeight: uniformArray(N, 45, 0, 2), classWeight: { 0: 1, 1: 2, 2: 0.5, 3: 1 }, validationSplit: 0.2,
      });
      results.push({ history: history.history, weights: axon.getWeights().map((w) => Float32Array.from(w.data as Float32Array)) });
      axon.dispose();
    }
    const [wasm, gpuRun] = results;
    expect(Object.keys(gpuRun!.history)).toEqual(Object.keys(wasm!.history));
    for (const key of Object.keys(wasm!.history)) expect(closeness(gpuRun!.history[key]!, wasm!.history[key]!, 2e-3, 2e-5), key).toBeLessThanOrEqual(1);
    wasm!.weights.forEach((w, i) => expect(closeness(gpuRun!.weights[i]!, w, 2e-3, 2e-5), `weight ${i}`).toBeLessThanOrEqual(1));
  });
});

describe('weights are checked', () => {
  async function error(f: () => Promise<unknown>): Promise<Error> {
    try {
      await f();
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected an error');
  }
  const X = tensor(x, [N, FEATURES]);
  const Y = tensor(labels(N, CLASSES, 46), [N]);

  it('negative, NaN and wrongly sized sample weights; validationData of 4 elements', async () => {
    const model = softmaxModel();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'sgd' });
    const negative = Float32Array.from(uniformArray(N, 47, 0, 1), (v, i) => (i === 3 ? -1 : v));
    const nan = Float32Array.from(uniformArray(N, 48, 0, 1), (v, i) => (i === 7 ? NaN : v));
    let e = await error(() => model.fit(X, Y, { verbose: 0, sampleWeight: negative }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toBe('fit(sampleWeight): expected finite non-negative weights, received -1 at sample 3');
    e = await error(() => model.evaluate(X, Y, { sampleWeight: nan }));
    expect(e.message).toBe('evaluate(sampleWeight): expected finite non-negative weights, received NaN at sample 7');
    e = await error(() => model.fit(X, Y, { verbose: 0, sampleWeight: new Float32Array(N - 1) }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe(`fit(sampleWeight): expected one weight per sample, shape [${N}] or [${N}, 1], received shape [${N - 1}]`);
    e = await error(() => model.fit(X, Y, { verbose: 0, validationData: [X, Y, new Float32Array(N), 1] as never }));
    expect(e.message).toMatch(/^fit\(validationData\): expected \[xVal, yVal\] or \[xVal, yVal, sampleWeightVal\]/);
    model.dispose();
  });

  it('classWeight: a regression loss, a missing class, a bad key or weight, a multi-output model', async () => {
    const regression = new Sequential([new Dense(1, { inputShape: [FEATURES] })]);
    regression.compile({ loss: 'mse', optimizer: 'sgd' });
    let e = await error(() => regression.fit(X, tensor(uniformArray(N, 49), [N, 1]), { verbose: 0, classWeight: { 0: 1 } }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^fit\(classWeight\): the loss mean_squared_error does not take class targets/);
    regression.dispose();
    const model = softmaxModel();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'sgd' });
    e = await error(() => model.fit(X, Y, { verbose: 0, classWeight: { 0: 1, 1: 1 } }));
    expect(e.message).toMatch(/^fit\(classWeight\): the class [23] occurs in the targets \(sample \d+\) but has no weight/);
    e = await error(() => model.fit(X, Y, { verbose: 0, classWeight: { 0: 1, 1: 1, 2: 1, 5: 1 } }));
    expect(e.message).toBe('fit(classWeight): expected the keys 0 to 3 (a weight for each class, as Keras requires), received the key "5"');
    e = await error(() => model.fit(X, Y, { verbose: 0, classWeight: { 0: 1, 1: -2, 2: 1, 3: 1 } }));
    expect(e.message).toBe('fit(classWeight): expected finite non-negative weights, received -2 for class 1');
    model.dispose();
    const input = Input({ shape: [FEATURES] });
    const multi = new Model({ inputs: input, outputs: [new Dense(CLASSES, { activation: 'softmax', name: 'p' }).apply(input), new Dense(1, { name: 'q' }).apply(input)] });
    multi.compile({ loss: ['sparse_categorical_crossentropy', 'mse'], optimizer: 'sgd' });
    e = await error(() => multi.fit(X, [Y, tensor(uniformArray(N, 50), [N, 1])], { verbose: 0, classWeight: { 0: 1, 1: 1, 2: 1, 3: 1 } }));
    expect(e.message).toMatch(/^fit\(classWeight\): Keras supports class weights only for models with a single output; this model has 2 \(p, q\)/);
    multi.dispose();
  });
});
