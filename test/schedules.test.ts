// Learning-rate schedules: values at given steps against float64 references written from Keras'
// documented formulas, the step at which an optimizer evaluates them (the number of updates made
// before, as Keras), and the learning rate they own.
import { describe, expect, it } from 'vitest';
import {
  CosineDecay, Dense, ExponentialDecay, InverseTimeDecay, LearningRateScheduler, PiecewiseConstantDecay, PolynomialDecay, SGD, Adam, Sequential, StateError,
  ValueError, tensor,
} from '../src/index.js';

describe('schedule values', () => {
  it('ExponentialDecay and InverseTimeDecay, smooth and staircase', () => {
    const e = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 });
    const es = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96, staircase: true });
    for (const step of [0, 1, 999, 1000, 1500, 25_000]) {
      expect(e.at(step)).toBeCloseTo(0.1 * 0.96 ** (step / 1000), 15);
      expect(es.at(step)).toBeCloseTo(0.1 * 0.96 ** Math.floor(step / 1000), 15);
    }
    const i = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    expect([0, 1, 2, 3].map((s) => i.at(s))).toEqual([0.1, 0.1 / 1.5, 0.1 / 2, 0.1 / 2.5]);
    const is = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect([0, 9, 10, 25].map((s) => is.at(s))).toEqual([0.1, 0.1, 0.1 / 1.5, 0.1 / 2]);
  });

  it('PiecewiseConstantDecay: a boundary belongs to the interval it ends', () => {
    const p = new PiecewiseConstantDecay([100_000, 110_000], [1, 0.5, 0.1]);
    expect([0, 100_000, 100_001, 110_000, 110_001].map((s) => p.at(s))).toEqual([1, 1, 0.5, 0.5, 0.1]);
    expect(() => new PiecewiseConstantDecay([2, 1], [1, 2, 3])).toThrow(/PiecewiseConstantDecay\(boundaries\): expected increasing finite numbers/);
    expect(() => new PiecewiseConstantDecay([1], [1])).toThrow(/PiecewiseConstantDecay\(values\): expected 2 values/);
  });

  it('PolynomialDecay, clipped and cycling', () => {
    const p = new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.01, power: 0.5 });
    expect(p.at(2500)).toBeCloseTo(0.09 * Math.sqrt(0.75) + 0.01, 15);
    expect(p.at(50_000)).toBeCloseTo(0.01, 15);
    const c = new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.01, cycle: true });
    // Past decaySteps, the decay stretches to the next multiple of decaySteps.
    expect(c.at(15_000)).toBeCloseTo(0.09 * (1 - 15_000 / 20_000) + 0.01, 15);
    expect(c.at(0)).toBeCloseTo(0.1, 15);
  });

  it('CosineDecay, with alpha and with a linear warmup', () => {
    const c = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 });
    expect(c.at(50)).toBeCloseTo(0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI / 2)) + 0.1), 15);
    expect(c.at(1000)).toBeCloseTo(0.01, 15);
    const w = new CosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 0.1, warmupSteps: 10 });
    expect(w.at(5)).toBeCloseTo(0.05, 15);
    expect(w.at(10)).toBeCloseTo(0.1, 15);
    expect(w.at(60)).toBeCloseTo(0.05, 15);
    expect(w.at(500)).toBeCloseTo(0, 15);
    expect(() => new CosineDecay({ initialLearningRate: 0.1, decay_steps: 10 } as never)).toThrow('CosineDecay(decay_steps): unknown option; did you mean decaySteps?');
    expect(() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: 0 })).toThrow(ValueError);
  });
});

describe('schedules in optimizers', () => {
  it('update n uses the schedule at n (the updates made before it)', async () => {
    const x = tensor(new Float32Array(8 * 3).map((_, i) => Math.sin(i)), [8, 3]);
    const y = tensor(new Float32Array(8).map((_, i) => Math.cos(i)), [8, 1]);
    const model = new Sequential([new Dense(1, { inputShape: [3] })]);
    // Updates 0 and 1 at 0.05, every later one at 0: the weights stop moving after two.
    model.compile({ loss: 'mse', optimizer: new SGD({ learningRate: new PiecewiseConstantDecay([1], [0.05, 0]) }) });
    const weights: number[][] = [];
    const history = await model.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: { onEpochEnd: () => void weights.push(Array.from(model.getWeights()[0]!.data)) } });
    // As Keras' History: the rate the schedule gives after each epoch's updates (1, 2, ... made).
    expect(history.history['learning_rate']).toEqual([0.05, 0, 0, 0, 0].map(Math.fround));
    expect(weights[1]).not.toEqual(weights[0]);
    expect(weights[4]).toEqual(weights[1]);
    expect(model.optimizer!.learningRate).toBe(0);
    expect(model.optimizer!.iterations).toBe(5);
    model.dispose();
  });

  it('a rate that follows a schedule cannot be set, as in Keras', async () => {
    const adam = new Adam({ learningRate: new ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 10, decayRate: 0.5 }) });
    expect(adam.learningRate).toBe(0.01);
    expect(adam.learningRateSchedule?.className).toBe('ExponentialDecay');
    expect(() => void (adam.learningRate = 0.1)).toThrow(StateError);
    expect(() => void (adam.learningRate = 0.1)).toThrow(/Adam\.learningRate: it follows its ExponentialDecay and cannot be set, as in Keras/);
    const model = new Sequential([new Dense(1, { inputShape: [3] })]);
    model.compile({ loss: 'mse', optimizer: adam });
    const x = tensor(new Float32Array(6), [2, 3]);
    await expect(model.fit(x, tensor(new Float32Array(2), [2, 1]), { verbose: 0, callbacks: [new LearningRateScheduler(() => 0.1)] })).rejects.toThrow(StateError);
    const plain = new SGD();
    plain.learningRate = 0.2;
    expect(plain.learningRate).toBe(0.2);
    expect(() => void (plain.learningRate = -1)).toThrow(/SGD\(learningRate\): expected a number in \[0, ∞\), received -1/);
    model.dispose();
  });
});
