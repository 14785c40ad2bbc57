// Optimizer rules against a float64 transcription of the Keras/tfjs formulas, several steps deep,
// through the backend interface the layers use; AdamW, Nadam and Adamax also against PyTorch where
// its rules coincide with Keras', and inside a model compiled by name.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad, Adam, Adamax, AdamW, Dense, ExponentialDecay, Nadam, RMSprop, SGD, Sequential, getBackend, getOptimizer, ready, setRandomSeed, tensor } from '../src/index.js';
import type { Optimizer, OptimizerName } from '../src/index.js';
import type { UpdateRule } from '../src/backends/backend.js';
import { Parameter } from '../src/layers/layer.js';
import { closeness, labels, oneHot, uniformArray } from './helpers/random-data.js';
import { kerasAdamW, kerasAdamax, kerasNadam } from './helpers/keras-optimizers.js';
import type { KerasRule } from './helpers/keras-optimizers.js';
import { loadTf } from './helpers/tfjs.js';

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
  // A weight decay of 0.5 moves w by 0.5% a step, far above the tolerance, so its placement counts.
  { name: 'AdamW (Keras: decay w·wd·lr, then Adam with ε on √v)', make: () => new AdamW({ learningRate: 0.01, weightDecay: 0.5 }), ...kerasAdamW(0.01, 0.5) },
  { name: 'AdamW with Keras defaults', make: () => new AdamW(), ...kerasAdamW(0.001, 0.004) },
  { name: 'Nadam (Keras: μₜ = β₁(1 − ½·0.96ᵗ))', make: () => new Nadam({ learningRate: 0.01 }), ...kerasNadam(0.01) },
  { name: 'Nadam, other betas', make: () => new Nadam({ learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 }), ...kerasNadam(0.02, 0.8, 0.99, 1e-4) },
  { name: 'Adamax (Keras)', make: () => new Adamax({ learningRate: 0.01 }), ...kerasAdamax(0.01) },
  { name: 'Adamax, other betas', make: () => new Adamax({ learningRate: 0.02, beta1: 0.7, beta2: 0.9, epsilon: 1e-3 }), ...kerasAdamax(0.02, 0.7, 0.9, 1e-3) },
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

  it('decaying state below the smallest normal float32 is flushed to +0, as TensorFlow runs its CPU kernels (flush-to-zero)', () => {
    const backend = getBackend();
    const MIN_NORMAL = 2 ** -126;
    // Each rule with a slot that decays when the gradient is 0; the scalars as the optimizers pass them.
    const rules: [UpdateRule, number][] = [
      [{ kernel: 'momentumUpdate', scalars: [0.05, 0.9, 0] }, 1],
      [{ kernel: 'rmspropUpdate', scalars: [0.01, 0.9, 0.5, 1e-7, 1] }, 3],
      [{ kernel: 'adamUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.1, 0.001] }, 2],
      [{ kernel: 'adamwUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0, 0.03] }, 2], // no weight decay, which moves every weight
      [{ kernel: 'nadamUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.4816, 0.4853, 0.4816, 0.2337, 0.999] }, 2],
      [{ kernel: 'adamaxUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.9] }, 2],
    ];
    // Subnormal, the smallest normal, just above the normal range, and ordinary state; N = 37 covers
    // the SIMD body and the scalar tail.
    const start = Float32Array.from({ length: N }, (_, i) => [1e-39, -3e-40, MIN_NORMAL * 1.05, -1e-30, 0.25][i % 5]!);
    for (const [rule, slotCount] of rules) {
      const param = backend.alloc(N), grad = backend.alloc(N);
      const slots = Array.from({ length: slotCount }, () => backend.alloc(N));
      const w0 = uniformArray(N, 31);
      backend.write(param, w0);
      for (const slot of slots) backend.write(slot, start);
      backend.update(rule, param, grad, slots); // a zero gradient: every slot decays
      for (const [k, slot] of slots.entries()) {
        const after = backend.read(slot);
        after.forEach((x, i) => {
          const where = `${rule.kernel} slot ${k} element ${i} (${start[i]} → ${x})`;
          expect(x === 0 || Math.abs(x) >= MIN_NORMAL, where).toBe(true);
          if (Math.abs(start[i]!) < MIN_NORMAL) expect(Object.is(x, 0), where).toBe(true);
          if (start[i]! >= 1e-30) expect(x, where).not.toBe(0);
        });
      }
      // Steps of subnormal size leave every weight as it was.
      expect(Array.from(backend.read(param)).every((x, i) => x === w0[i] || Math.abs(start[i]!) >= 1e-30), rule.kernel).toBe(true);
      for (const b of [param, grad, ...slots]) backend.free(b);
    }
  });

  it('Keras defaults', () => {
    expect((getOptimizer('sgd') as SGD).learningRate).toBe(0.01);
    const rms = getOptimizer('RMSprop') as RMSprop;
    expect([rms.learningRate, rms.rho, rms.epsilon]).toEqual([0.001, 0.9, 1e-7]);
    const adam = getOptimizer('adam') as Adam;
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon]).toEqual([0.001, 0.9, 0.999, 1e-7]);
    const adagrad = getOptimizer('adagrad') as Adagrad;
    expect([adagrad.learningRate, adagrad.initialAccumulatorValue, adagrad.epsilon]).toEqual([0.001, 0.1, 1e-7]);
    const adamw = getOptimizer('adamw') as AdamW;
    expect([adamw.learningRate, adamw.weightDecay, adamw.beta1, adamw.beta2, adamw.epsilon]).toEqual([0.001, 0.004, 0.9, 0.999, 1e-7]);
    for (const name of ['nadam', 'adamax'] as const) {
      const o = getOptimizer(name) as Nadam | Adamax;
      expect([o.learningRate, o.beta1, o.beta2, o.epsilon], name).toEqual([0.001, 0.9, 0.999, 1e-7]);
    }
  });

  it('AdamW, Nadam and Adamax resolve by their Keras names, in any case, and report Keras configs', () => {
    const names: [OptimizerName | string, string][] = [['adamw', 'AdamW'], ['AdamW', 'AdamW'], ['ADAMW', 'AdamW'], ['nadam', 'Nadam'], ['Nadam', 'Nadam'], ['adamax', 'Adamax'], ['Adamax', 'Adamax']];
    for (const [name, className] of names) expect(getOptimizer(name).className, name).toBe(className);
    expect(new AdamW({ learningRate: 0.01, weightDecay: 0.1 }).getConfig()).toEqual({ learning_rate: 0.01, weight_decay: 0.1, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(new Nadam({ beta1: 0.8 }).getConfig()).toEqual({ learning_rate: 0.001, beta_1: 0.8, beta_2: 0.999, epsilon: 1e-7 });
    expect(new Adamax({ epsilon: 1e-5 }).getConfig()).toEqual({ learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-5 });
  });

  it('AdamW, Nadam and Adamax refuse unknown options and bad hyper-parameters, naming them', () => {
    // @ts-expect-error Keras' snake_case key is not an option here
    expect(() => new AdamW({ weight_decay: 0.1 })).toThrow(/AdamW\(weight_decay\): unknown option; did you mean weightDecay\?/);
    expect(() => new AdamW({ weightDecay: -0.1 })).toThrow(/AdamW\(weightDecay\): expected a number in \[0, ∞\), received -0.1/);
    expect(() => new Nadam({ beta1: 1.5 })).toThrow(/Nadam\(beta1\): expected a number in \[0, 1\]/);
    // @ts-expect-error not an Adamax option
    expect(() => new Adamax({ momentum: 0.9 })).toThrow(/Adamax\(momentum\): unknown option/);
    expect(() => new Adamax({ epsilon: Number.NaN })).toThrow(/Adamax\(epsilon\)/);
  });

  it('a LearningRateSchedule drives AdamW, Nadam and Adamax', () => {
    const backend = getBackend();
    for (const [make, rule] of [
      [(lr: ExponentialDecay) => new AdamW({ learningRate: lr, weightDecay: 0.5 }), (lr: number) => kerasAdamW(lr, 0.5)],
      [(lr: ExponentialDecay) => new Nadam({ learningRate: lr }), (lr: number) => kerasNadam(lr)],
      [(lr: ExponentialDecay) => new Adamax({ learningRate: lr }), (lr: number) => kerasAdamax(lr)],
    ] as const) {
      const schedule = new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 1, decayRate: 0.5 });
      const optimizer = make(schedule);
      const w0 = uniformArray(N, 12);
      const param = new Parameter('w', [N], backend, w0);
      const w = Float64Array.from(w0);
      const state = [new Float64Array(N), new Float64Array(N)];
      for (let t = 1; t <= 4; t++) {
        const g = uniformArray(N, 200 + t, -0.5, 0.5);
        backend.write(param.grad, g);
        optimizer.applyGradients([param], backend);
        // Keras evaluates the schedule at the updates made before this one.
        rule(schedule.at(t - 1)).step(w, Float64Array.from(g), state, t);
        expect(closeness(backend.read(param.value), w, 1e-5, 1e-6), `${optimizer.className} step ${t}`).toBeLessThanOrEqual(1);
      }
      optimizer.dispose();
      param.dispose();
    }
  });

  it('rejects unknown names and bad hyper-parameters', () => {
    expect(() => getOptimizer('lamb')).toThrow(/unknown optimizer "lamb"; expected one of sgd, rmsprop, adam, adagrad, adamw, nadam, adamax/);
    expect(() => new Adam({ learningRate: -1 })).toThrow(/Adam\(learningRate\): expected a number in \[0, ∞\), received -1/);
    expect(() => new RMSprop({ rho: 2 })).toThrow(/RMSprop\(rho\)/);
  });
});

const PYTHON = '/usr/bin/python3';
const torchAvailable = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const TORCH_SCRIPT = fileURLToPath(new URL('./helpers/torch-optimizer.py', import.meta.url));

/** The parameter after each step of torch.optim[optimizer](options), in float64. */
function torchSteps(optimizer: string, options: Record<string, unknown>, w: Float32Array, grads: Float32Array[]): number[][] {
  const input = JSON.stringify({ optimizer, options, w: Array.from(w), grads: grads.map((g) => Array.from(g)) });
  const run = spawnSync(PYTHON, [TORCH_SCRIPT], { input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`torch-optimizer.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as number[][];
}

describe("AdamW, Nadam and Adamax against PyTorch, with the options that make its rules Keras'", () => {
  // torch.optim.AdamW shrinks w by lr·wd before its step, as Keras, but adds ε to √v̂ where Keras adds
  // it to √v; torch.optim.Adamax divides by max(β₂u, |g| + ε), Keras by max(β₂u, |g|) + ε. With ε = 0
  // both coincide with Keras. torch.optim.NAdam's μₜ = β₁(1 − ½·0.96^(t·momentum_decay)) is Keras'
  // with momentum_decay 1 (its default 0.004 is the legacy Keras Nadam's), and its ε is on √v̂ as Keras'.
  // NAdam runs foreach: before torch 2.0 (pytorch/pytorch#92699) the single-tensor path, the default
  // on CPU, multiplied μₜ into Πₜ₊₁ twice.
  const cases = [
    { make: () => new AdamW({ learningRate: 0.01, weightDecay: 0.5, epsilon: 0 }), torch: 'AdamW', options: { lr: 0.01, weight_decay: 0.5, eps: 0, betas: [0.9, 0.999] } },
    { make: () => new Nadam({ learningRate: 0.01 }), torch: 'NAdam', options: { lr: 0.01, eps: 1e-7, momentum_decay: 1, foreach: true } },
    { make: () => new Adamax({ learningRate: 0.01, epsilon: 0 }), torch: 'Adamax', options: { lr: 0.01, eps: 0, betas: [0.9, 0.999] } },
  ];
  for (const c of cases) {
    it.skipIf(!torchAvailable)(`${c.torch}(${JSON.stringify(c.options)})`, () => {
      const backend = getBackend();
      const w0 = uniformArray(N, 13);
      const grads = Array.from({ length: 6 }, (_, t) => uniformArray(N, 300 + t, -0.5, 0.5));
      const expected = torchSteps(c.torch, c.options, w0, grads);
      const param = new Parameter('w', [N], backend, w0);
      const optimizer = c.make();
      grads.forEach((g, t) => {
        backend.write(param.grad, g);
        optimizer.applyGradients([param], backend);
        expect(closeness(backend.read(param.value), expected[t]!, 1e-5, 1e-6), `step ${t + 1}`).toBeLessThanOrEqual(1);
      });
      optimizer.dispose();
      param.dispose();
    });
  }
});

describe('compile({ optimizer: name }): a 4→8→3 softmax model updates by the Keras rule', () => {
  let tf: Awaited<ReturnType<typeof loadTf>>;
  beforeAll(async () => {
    tf = await loadTf();
  });

  /** Gradients of the categorical cross-entropy of relu(x·K1 + b1)·K2 + b2 → softmax, by tfjs. */
  function tfGradients(weights: Float32Array[], shapes: number[][], x: Float32Array, y: Float32Array, rows: number): Float32Array[] {
    const X = tf.tensor2d(x, [rows, 4]);
    const Y = tf.tensor2d(y, [rows, 3]);
    const loss = (k1: InstanceType<typeof tf.Tensor>, b1: InstanceType<typeof tf.Tensor>, k2: InstanceType<typeof tf.Tensor>, b2: InstanceType<typeof tf.Tensor>) => {
      const p = tf.softmax(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(X, k1 as never), b1)), k2 as never), b2));
      return tf.neg(tf.mean(tf.sum(tf.mul(Y, tf.log(p)), 1)));
    };
    const inputs = weights.map((w, i) => tf.tensor(w, shapes[i]));
    const grads = tf.grads(loss as never)(inputs);
    const out = grads.map((g) => Float32Array.from(g.dataSync()));
    tf.dispose([X, Y, ...inputs, ...grads]);
    return out;
  }

  const rules: [OptimizerName, KerasRule][] = [['adamw', kerasAdamW(0.001, 0.004)], ['nadam', kerasNadam(0.001)], ['adamax', kerasAdamax(0.001)]];
  for (const [name, rule] of rules) {
    it(`'${name}': each step's update is the float64 rule's from the same weights and gradients`, async () => {
      setRandomSeed(5);
      const model = new Sequential([new Dense(8, { activation: 'relu', inputShape: [4] }), new Dense(3, { activation: 'softmax', biasInitializer: 'random_normal' })]);
      model.compile({ optimizer: name, loss: 'categorical_crossentropy' });
      await model.build();
      const rows = 6, steps = 4;
      const x = uniformArray(rows * steps * 4, 31);
      const y = oneHot(labels(rows * steps, 3, 32), 3);
      const shapes = model.getWeights().map((w) => [...w.shape]);
      let weights = model.getWeights().map((w) => w.data.slice());
      const state = weights.map((w) => Array.from({ length: rule.slots }, () => new Float64Array(w.length)));
      for (let t = 1; t <= steps; t++) {
        const xb = x.slice((t - 1) * rows * 4, t * rows * 4);
        const yb = y.slice((t - 1) * rows * 3, t * rows * 3);
        const grads = tfGradients(weights, shapes, xb, yb, rows);
        await model.fit(tensor(xb, [rows, 4]), tensor(yb, [rows, 3]), { batchSize: rows, epochs: 1, shuffle: false, verbose: 0 });
        const next = model.getWeights().map((w) => w.data.slice());
        next.forEach((w, i) => {
          const before = weights[i]!;
          const expected = Float64Array.from(before);
          rule.step(expected, Float64Array.from(grads[i]!), state[i]!, t);
          const update = (after: ArrayLike<number>) => Float64Array.from(before, (v, j) => after[j]! - v);
          expect(closeness(update(w), update(expected), 1e-3, 1e-7), `update of weight ${i} at step ${t}`).toBeLessThanOrEqual(1);
        });
        weights = next;
      }
      model.dispose();
    });
  }
});
