// BatchNormalization against tfjs-layers from the same weights and batches (training steps with
// the batch statistics, then predict with the moving ones), its moving statistics against a float64
// transcription of Keras' rule, its training-mode gradients by finite differences, the GPU backend
// (gpu.js cpu mode) against Wasm, and its options, config and weight bookkeeping.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Add, BatchNormalization, Dense, Flatten, Input, Model, SGD, Sequential, getBackend, ready, setRandomSeed, tensor,
} from '../../src/index.js';
import type { BatchNormalizationArgs, SymbolicTensor } from '../../src/index.js';
import { Executor } from '../../src/models/executor.js';
import { registerGpuBackend } from '../../src/backends/gpu/index.js';
import { loadTf } from '../helpers/tfjs.js';
import type { Tf } from '../helpers/tfjs.js';
import { closeness, uniformArray } from '../helpers/random-data.js';

let tf: Tf;
beforeAll(async () => {
  await ready();
  tf = await loadTf();
  registerGpuBackend({ name: 'gpu-bn-cpu', mode: 'cpu' });
});

type TfTensor = ReturnType<Tf['tensor']>;
type TfSymbolic = ReturnType<Tf['input']>;

/** Non-default gamma, beta and moving statistics, so that every weight takes part from the start. */
function perturbWeights(model: Model): void {
  for (const layer of model.layers) {
    if (!(layer instanceof BatchNormalization)) continue;
    const [gammaOrBeta] = layer.weights;
    const channels = gammaOrBeta!.size;
    const offsets = { gamma: 1, beta: 0, moving_mean: 0, moving_variance: 1.5 };
    layer.setWeights(layer.weights.map((p, i) => {
      const kind = p.name.slice(p.name.lastIndexOf('/') + 1) as keyof typeof offsets;
      return Float32Array.from(uniformArray(channels, 50 + i, -0.5, 0.5), (v) => offsets[kind] + v);
    }));
  }
}

/**
 * Input(shape) → Dense(6) → BatchNormalization(bn) → Flatten → Dense(3, softmax), in Axon and in
 * tfjs with the same names and weights.
 */
async function pairWithBatchNorm(shape: number[], bn: BatchNormalizationArgs): Promise<{ axon: Model; tf: ReturnType<Tf['model']> }> {
  setRandomSeed(21);
  const x = Input({ shape });
  const normalized = new BatchNormalization({ name: 'bn', ...bn }).apply(new Dense(6, { name: 'hidden', biasInitializer: 'random_normal' }).apply(x));
  const out = new Dense(3, { name: 'out', activation: 'softmax' }).apply(shape.length > 1 ? new Flatten().apply(normalized) : normalized);
  const axon = new Model({ inputs: x, outputs: out });
  await axon.build();
  perturbWeights(axon);
  const tx = tf.input({ shape });
  const tfBn = tf.layers.batchNormalization({ name: 'bn', axis: bn.axis ?? -1, momentum: bn.momentum ?? 0.99, epsilon: bn.epsilon ?? 1e-3 });
  let th = tfBn.apply(tf.layers.dense({ units: 6, name: 'hidden' }).apply(tx)) as TfSymbolic;
  if (shape.length > 1) th = tf.layers.flatten().apply(th) as TfSymbolic;
  const tfModel = tf.model({ inputs: tx, outputs: tf.layers.dense({ units: 3, name: 'out', activation: 'softmax' }).apply(th) as TfSymbolic });
  for (const layer of axon.layers) {
    if (layer.weights.length) tfModel.getLayer(layer.name).setWeights(layer.getWeights().map((w) => tf.tensor(w.data, [...w.shape])));
  }
  return { axon, tf: tfModel };
}

/** `steps` full batches of SGD(0.1) on both; every loss, every weight and then predict agree. */
async function expectSameAsTfjs(shape: number[], bn: BatchNormalizationArgs, rows = 8, steps = 4): Promise<void> {
  const p = await pairWithBatchNorm(shape, bn);
  p.axon.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparse_categorical_crossentropy' });
  p.tf.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy' });
  const size = shape.reduce((a, b) => a * b, 1);
  for (let step = 0; step < steps; step++) {
    // Inputs off-centre and spread unevenly, so that mean and variance matter.
    const x = Float32Array.from(uniformArray(rows * size, 10 + step), (v, i) => 0.5 + v * (1 + (i % 3)));
    const y = Float32Array.from({ length: rows }, (_, i) => (i * 5 + step) % 3);
    const history = await p.axon.fit(tensor(x, [rows, ...shape]), tensor(y, [rows]), { batchSize: rows, shuffle: false, verbose: 0 });
    const tfLoss = (await p.tf.trainOnBatch(tf.tensor(x, [rows, ...shape]), tf.tensor(y, [rows]))) as number;
    expect(closeness([history.history['loss']![0]!], [tfLoss], 1e-4, 1e-6), `loss at step ${step}`).toBeLessThanOrEqual(1);
  }
  for (const layer of p.axon.layers) {
    if (!layer.weights.length) continue;
    const theirs = (p.tf.getLayer(layer.name).getWeights() as TfTensor[]).map((w) => w.dataSync());
    layer.getWeights().forEach((w, i) => expect(closeness(w.data, theirs[i]!, 1e-4, 1e-5), `${layer.weights[i]!.name}`).toBeLessThanOrEqual(1));
  }
  const xp = uniformArray(5 * size, 77, -2, 3);
  const ours = (await p.axon.predict(tensor(xp, [5, ...shape]))).data;
  const theirs = (p.tf.predict(tf.tensor(xp, [5, ...shape])) as TfTensor).dataSync();
  expect(closeness(ours, theirs, 1e-4, 1e-6), 'predict (moving statistics)').toBeLessThanOrEqual(1);
  p.axon.dispose();
  p.tf.dispose();
}

describe('BatchNormalization in training and inference mode', () => {
  it('Dense → BatchNormalization → Dense(softmax): losses, gamma, beta, moving mean/variance and the Dense weights after 4 SGD steps, then predict', async () => {
    await expectSameAsTfjs([5], { momentum: 0.9, epsilon: 0.01 });
  });

  it('the default momentum and epsilon', async () => {
    await expectSameAsTfjs([5], {}, 16, 3);
  });

  it('rank 3, axis −1: per last-axis channel over batch·steps rows', async () => {
    await expectSameAsTfjs([4, 5], { momentum: 0.8 });
  });

  it('rank 3, axis 1, and rank 4, axis 2 and −2 (channels in the middle): training-mode outputs and moving statistics over 3 calls, then inference, in float64', async () => {
    // tfjs-layers (4.x, CPU backend) gets these axes wrong: its batchNorm kernel indexes the
    // per-channel vectors as if the channels were the last axis (outputs differ from the batch
    // moments' definition in training and in inference), and its gradient fails to reshape a
    // broadcast gamma. So Keras' rule in float64 is the oracle here, finite differences below.
    for (const [shape, axis] of [[[6, 5], 1], [[2, 6, 5], 2], [[2, 6, 5], -2]] as const) {
      const rows = 4, momentum = 0.7, epsilon = 0.01;
      const size = shape.reduce((a: number, b: number) => a * b, 1);
      const k = axis < 0 ? shape.length + axis : axis - 1;
      const layout = { outer: rows * shape.slice(0, k).reduce((a: number, b: number) => a * b, 1), channels: shape[k]!, inner: shape.slice(k + 1).reduce((a: number, b: number) => a * b, 1) };
      const input = Input({ shape: [...shape] });
      const layer = new BatchNormalization({ axis, momentum, epsilon });
      const model = new Model({ inputs: input, outputs: layer.apply(input) });
      await model.build();
      perturbWeights(model);
      const [gamma, beta, movingMean, movingVariance] = layer.getWeights().map((w) => Float64Array.from(w.data));
      const backend = getBackend();
      const executor = new Executor(backend, model.layerGraph, rows, null, true);
      for (let call = 0; call < 3; call++) {
        const x = Float32Array.from(uniformArray(rows * size, 60 + call), (v, i) => 1 + v * (1 + (i % 4)));
        backend.write(executor.input, x);
        executor.forward(rows, true);
        const { mean, variance } = momentsF64(x, layout);
        const expected = normalizeF64(x, layout, mean, variance, gamma!, beta!, epsilon);
        expect(closeness(await executor.readOutput(rows), expected, 1e-4, 1e-5), `${shape} axis ${axis}: training output ${call}`).toBeLessThanOrEqual(1);
        mean.forEach((m, c) => (movingMean![c] = movingMean![c]! - (1 - momentum) * (movingMean![c]! - m)));
        variance.forEach((v, c) => (movingVariance![c] = movingVariance![c]! - (1 - momentum) * (movingVariance![c]! - v)));
      }
      const weights = layer.getWeights();
      expect(closeness(weights[2]!.data, movingMean!, 1e-5, 1e-6), `${shape} axis ${axis}: moving mean`).toBeLessThanOrEqual(1);
      expect(closeness(weights[3]!.data, movingVariance!, 1e-5, 1e-6), `${shape} axis ${axis}: moving variance`).toBeLessThanOrEqual(1);
      const xp = uniformArray(3 * size, 70, -2, 3);
      const predicted = (await model.predict(tensor(xp, [3, ...shape]))).data;
      const inferred = normalizeF64(xp, { ...layout, outer: (layout.outer / rows) * 3 }, movingMean!, movingVariance!, gamma!, beta!, epsilon);
      expect(closeness(predicted, inferred, 1e-4, 1e-5), `${shape} axis ${axis}: predict`).toBeLessThanOrEqual(1);
      executor.dispose();
      model.dispose();
    }
  });
});

interface Layout {
  outer: number;
  channels: number;
  inner: number;
}

/** Channel c's elements of a [outer, channels, inner] array, by index. */
function channelIndices({ outer, channels, inner }: Layout, c: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) out.push((o * channels + c) * inner + j);
  return out;
}

/** tf.nn.moments in float64: each channel's mean and biased variance. */
function momentsF64(x: Float32Array, layout: Layout): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(layout.channels);
  const variance = new Float64Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) {
    const at = channelIndices(layout, c);
    mean[c] = at.reduce((s, i) => s + x[i]!, 0) / at.length;
    variance[c] = at.reduce((s, i) => s + (x[i]! - mean[c]!) ** 2, 0) / at.length;
  }
  return { mean, variance };
}

function normalizeF64(x: Float32Array, layout: Layout, mean: Float64Array, variance: Float64Array, gamma: Float64Array, beta: Float64Array, epsilon: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let c = 0; c < layout.channels; c++) {
    for (const i of channelIndices(layout, c)) y[i] = (gamma[c]! * (x[i]! - mean[c]!)) / Math.sqrt(variance[c]! + epsilon) + beta[c]!;
  }
  return y;
}

describe('BatchNormalization moving statistics', () => {
  it("follow Keras' rule in float64: m ← m − (1 − momentum)·(m − batch), with the biased batch variance (no Bessel correction), as tfjs", async () => {
    const rows = 8, features = 4, steps = 5, momentum = 0.7;
    const x = Input({ shape: [features] });
    const model = new Model({ inputs: x, outputs: new BatchNormalization({ momentum, name: 'bn' }).apply(x) });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const tx = tf.input({ shape: [features] });
    const tfModel = tf.model({ inputs: tx, outputs: tf.layers.batchNormalization({ momentum, name: 'bn' }).apply(tx) as TfSymbolic });
    tfModel.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const movingMean = new Float64Array(features);
    const movingVariance = new Float64Array(features).fill(1);
    const bessel = new Float64Array(features).fill(1);
    for (let step = 0; step < steps; step++) {
      const batch = Float32Array.from(uniformArray(rows * features, 30 + step), (v, i) => 2 + step + v * (1 + (i % features)));
      const target = uniformArray(rows * features, 40 + step);
      await model.fit(tensor(batch, [rows, features]), tensor(target, [rows, features]), { batchSize: rows, shuffle: false, verbose: 0 });
      await tfModel.trainOnBatch(tf.tensor(batch, [rows, features]), tf.tensor(target, [rows, features]));
      for (let c = 0; c < features; c++) {
        let mean = 0, squares = 0;
        for (let r = 0; r < rows; r++) mean += batch[r * features + c]! / rows;
        for (let r = 0; r < rows; r++) squares += (batch[r * features + c]! - mean) ** 2;
        movingMean[c] = movingMean[c]! - (1 - momentum) * (movingMean[c]! - mean);
        movingVariance[c] = movingVariance[c]! - (1 - momentum) * (movingVariance[c]! - squares / rows);
        bessel[c] = bessel[c]! - (1 - momentum) * (bessel[c]! - squares / (rows - 1));
      }
    }
    const [, , mean, variance] = model.getWeights();
    expect(closeness(mean!.data, movingMean, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    expect(closeness(variance!.data, movingVariance, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    // The two rules differ by far more than the tolerance, so this check tells them apart.
    expect(closeness(variance!.data, bessel, 1e-5, 1e-6)).toBeGreaterThan(100);
    const tfWeights = (tfModel.getLayer('bn').getWeights() as TfTensor[]).map((w) => w.dataSync());
    expect(closeness(mean!.data, tfWeights[2]!, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    expect(closeness(variance!.data, tfWeights[3]!, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    model.dispose();
    tfModel.dispose();
  });

  it('move once per training step, never in predict or evaluate; a frozen layer (trainable false) normalizes with them in fit and keeps every weight', async () => {
    const rows = 6;
    const x = tensor(Float32Array.from(uniformArray(rows * 3, 5), (v) => 3 + v), [rows, 3]);
    const y = tensor(uniformArray(rows * 3, 6), [rows, 3]);
    const bn = new BatchNormalization({ inputShape: [3], momentum: 0.5 });
    const model = new Sequential([bn]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    await model.build();
    const initial = model.getWeights().map((w) => Array.from(w.data));
    await model.predict(x);
    await model.evaluate(x, y);
    expect(model.getWeights().map((w) => Array.from(w.data))).toEqual(initial);
    await model.fit(x, y, { epochs: 2, batchSize: rows, shuffle: false, verbose: 0 });
    const moved = model.getWeights()[2]!.data;
    // Two steps of momentum 0.5 from 0 towards a batch mean near 3: 0.75 of the way.
    moved.forEach((m) => expect(m).toBeGreaterThan(1.5));

    setRandomSeed(3);
    const frozen = new BatchNormalization({ inputShape: [3], momentum: 0.5, trainable: false });
    const frozenModel = new Sequential([frozen]);
    frozenModel.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    await frozenModel.build();
    frozenModel.setWeights(model.getWeights());
    const before = frozenModel.getWeights().map((w) => Array.from(w.data));
    const evaluated = (await frozenModel.evaluate(x, y, { returnDict: true }))['loss']!;
    const history = await frozenModel.fit(x, y, { batchSize: rows, shuffle: false, verbose: 0 });
    expect(history.history['loss']![0]).toBeCloseTo(evaluated, 6);
    expect(frozenModel.getWeights().map((w) => Array.from(w.data))).toEqual(before);
    expect(frozen.trainableWeights).toEqual([]);
    model.dispose();
    frozenModel.dispose();
  });
});

/**
 * Compares the gradients of one training step (batch statistics) with central differences of the
 * training-mode loss, for every element of gamma and beta and three of each other weight.
 */
async function expectFiniteDifferences(model: Model, rows: number, inputSize: number, expectedChecks: number): Promise<void> {
  await model.build();
  perturbWeights(model);
  const backend = getBackend();
  const executor = new Executor(backend, model.layerGraph, rows, [{ cols: 1, integer: true }], true);
  backend.write(executor.input, Float32Array.from(uniformArray(rows * inputSize, 8), (v) => 2 * v + 0.3));
  backend.write(executor.target!, Int32Array.from({ length: rows }, (_, i) => i % 3));
  const heads = [{ loss: 'sparse_categorical_crossentropy' as const, weight: 1, metrics: [] }];
  // The moving statistics change with every call, but the training-mode loss does not read them.
  const meanLoss = async (): Promise<number> => (await executor.forwardBackward(rows, heads)).loss / rows;
  await meanLoss();
  const params = model.layers.flatMap((l) => [...l.weights]).filter((p) => p.trainable);
  expect(params.some((p) => p.name.endsWith('/gamma')) && params.every((p) => !p.name.includes('moving'))).toBe(true);
  const analytic = params.map((p) => backend.read(p.grad));
  const eps = 1e-2;
  let checked = 0;
  for (const [i, p] of params.entries()) {
    const base = backend.read(p.value);
    const normalization = p.name.endsWith('/gamma') || p.name.endsWith('/beta');
    const indices = normalization ? base.map((_, j) => j) : [0, base.length >> 1, base.length - 1];
    for (const j of indices) {
      const at = (delta: number): Float32Array => Float32Array.from(base, (v, k) => (k === j ? v + delta : v));
      backend.write(p.value, at(eps));
      const up = await meanLoss();
      backend.write(p.value, at(-eps));
      const down = await meanLoss();
      backend.write(p.value, base);
      const numeric = (up - down) / (2 * eps);
      expect(Math.abs(numeric - analytic[i]![j]!), `${p.name}[${j}]: numeric ${numeric}, analytic ${analytic[i]![j]}`).toBeLessThan(1e-3 + 1e-2 * Math.abs(numeric));
      checked++;
    }
  }
  expect(checked).toBe(expectedChecks);
  executor.dispose();
  model.dispose();
}

describe('BatchNormalization gradients in training mode by finite differences', () => {
  it('axis −1: gamma, beta and, through dx, the Dense before it (whose output another layer also reads: dx accumulates)', async () => {
    setRandomSeed(4);
    const input = Input({ shape: [5] });
    const h = new Dense(6, { activation: 'tanh', biasInitializer: 'random_normal' }).apply(input);
    const n = new BatchNormalization({ momentum: 0.5, epsilon: 0.05 }).apply(h);
    const out = new Dense(3, { activation: 'softmax' }).apply(new Add().apply([n, h]));
    await expectFiniteDifferences(new Model({ inputs: input, outputs: out }), 7, 5, 3 * 4 + 6 + 6);
  });

  it('axis 1 of a rank-3 input (6 channels, runs of 5), and scale without center', async () => {
    setRandomSeed(5);
    const input = Input({ shape: [6, 3] });
    const h = new Dense(5, { activation: 'tanh', biasInitializer: 'random_normal' }).apply(input);
    const n = new BatchNormalization({ axis: 1, momentum: 0.5, center: false }).apply(h);
    const out = new Dense(3, { activation: 'softmax' }).apply(new Flatten().apply(n));
    await expectFiniteDifferences(new Model({ inputs: input, outputs: out }), 3, 18, 3 * 4 + 6);
  });
});

describe('BatchNormalization on the GPU backend (gpu.js cpu mode) vs Wasm', () => {
  it('trains and predicts alike, in the main thread and in a worker: axis −1 and a middle axis, with center and scale off in one layer', async () => {
    const rows = 13;
    const run = async (backend: string): Promise<{ loss: number[]; weights: Float32Array[]; predictions: Float32Array }> => {
      setRandomSeed(8);
      const input = Input({ shape: [4, 5] });
      const last = new BatchNormalization({ momentum: 0.6 }).apply(new Dense(6, { activation: 'relu' }).apply(input));
      const middle = new BatchNormalization({ axis: 1, momentum: 0.8, center: false, scale: false }).apply(last);
      const model = new Model({ inputs: input, outputs: new Dense(3, { activation: 'softmax' }).apply(new Flatten().apply(middle)), backend });
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new SGD({ learningRate: 0.1 }) });
      const x = tensor(Float32Array.from(uniformArray(rows * 20, 2), (v) => 1 + 2 * v), [rows, 4, 5]);
      const history = await model.fit(x, tensor(Int32Array.from({ length: rows }, (_, i) => i % 3), [rows]), { epochs: 3, batchSize: 5, verbose: 0, shuffle: false });
      const weights = model.getWeights().map((w) => Float32Array.from(w.data as Float32Array));
      const predictions = Float32Array.from((await model.predict(x)).data as Float32Array);
      model.dispose();
      return { loss: history.history['loss']!, weights, predictions };
    };
    const wasm = await run('wasm');
    expect(wasm.weights.length).toBe(2 + 4 + 2 + 2);
    const workerUrl = new URL('../../dist/backends/gpu/gpu-worker.js', import.meta.url);
    if (!existsSync(workerUrl)) throw new Error('dist/backends/gpu/gpu-worker.js is missing; run `npm run build` first');
    await registerGpuBackend({ name: 'gpu-bn-worker', mode: 'cpu', worker: true, workerUrl }).ready();
    // In the main thread, and in a worker thread (every call crossing the worker proxy).
    for (const name of ['gpu-bn-cpu', 'gpu-bn-worker']) {
      const gpu = await run(name);
      expect(closeness(gpu.loss, wasm.loss, 2e-3, 2e-5), `${name} loss`).toBeLessThanOrEqual(1);
      gpu.weights.forEach((w, i) => expect(closeness(w, wasm.weights[i]!, 2e-3, 2e-5), `${name} weight ${i}`).toBeLessThanOrEqual(1));
      expect(closeness(gpu.predictions, wasm.predictions, 2e-3, 2e-5), `${name} predictions`).toBeLessThanOrEqual(1);
    }
  });
});

describe('BatchNormalization options, config and weights', () => {
  it("weights in Keras order, the moving statistics non-trainable in summary(), and Keras' snake_case config", async () => {
    const model = new Sequential([new Dense(4, { inputShape: [3] }), new BatchNormalization({ name: 'bn', momentum: 0.9, center: false, gammaInitializer: 'random_uniform' })]);
    await model.build();
    const bn = model.layers[1]!;
    expect(bn.weights.map((p) => [p.name, p.trainable])).toEqual([['bn/gamma', true], ['bn/moving_mean', false], ['bn/moving_variance', false]]);
    expect(bn.trainableWeights.map((p) => p.name)).toEqual(['bn/gamma']);
    const lines: string[] = [];
    model.summary(65, (line) => lines.push(line));
    expect(lines).toContain('Total params: 28');
    expect(lines).toContain('Trainable params: 20');
    expect(lines).toContain('Non-trainable params: 8');
    expect(bn.getConfig()).toEqual({
      className: 'BatchNormalization',
      config: {
        name: 'bn', trainable: true, dtype: 'float32', axis: -1, momentum: 0.9, epsilon: 0.001, center: false, scale: true,
        beta_initializer: { class_name: 'Zeros', config: {} }, gamma_initializer: { class_name: 'RandomUniform', config: { seed: null } },
        moving_mean_initializer: { class_name: 'Zeros', config: {} }, moving_variance_initializer: { class_name: 'Ones', config: {} },
        beta_regularizer: null, gamma_regularizer: null,
      },
    });
    const functional = Input({ shape: [3] });
    const fm = new Model({ inputs: functional, outputs: new BatchNormalization().apply(functional) });
    const flines: string[] = [];
    fm.summary(98, (line) => flines.push(line));
    expect(flines).toContain('Non-trainable params: 6');
    expect(flines).toContain('Trainable params: 6');
    model.dispose();
  });

  it('refuses unknown options, a bad axis, momentum or epsilon, and an axis outside the input', async () => {
    expect(() => new BatchNormalization({ moving_mean_initializer: 'zeros' } as never)).toThrow(/BatchNormalization.*moving_mean_initializer.*did you mean movingMeanInitializer/);
    expect(() => new BatchNormalization({ axis: [1, 2] } as never)).toThrow(/axis expected an integer \(one axis\), received \[1, 2\]/);
    expect(() => new BatchNormalization({ axis: 0 })).toThrow(/axis expected a features axis, received 0 \(the batch axis\)/);
    expect(() => new BatchNormalization({ momentum: 1.5 })).toThrow(/momentum expected a number in \[0, 1\], received 1.5/);
    expect(() => new BatchNormalization({ epsilon: 0 })).toThrow(/epsilon expected a positive number, received 0/);
    expect(() => new BatchNormalization({ center: 'yes' } as never)).toThrow(/center expected a boolean/);
    expect(() => new BatchNormalization({ betaInitializer: 'nope' as never })).toThrow(/betaInitializer: unknown initializer "nope"/);
    const input: SymbolicTensor = Input({ shape: [4, 5] });
    expect(() => new BatchNormalization({ axis: 3 }).apply(input)).toThrow(/axis 3 is outside an input of rank 3 \(shape \[null, 4, 5\]\); expected an axis in \[-2, -1\] or \[1, 2\]/);
    expect(() => new BatchNormalization({ axis: -3 }).apply(input)).toThrow(/axis -3 is outside an input of rank 3/);
  });
});
