// Bad input gets an Error naming the argument and what was expected, never a crash or NaNs.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Dense, Flatten, SGD, Sequential, ShapeError, StateError, ValueError, getBackend, ready, tensor } from '../src/index.js';
import { describe as describeValue } from '../src/errors.js';

function model(units = 3): Sequential {
  const m = new Sequential([new Dense(units, { activation: 'softmax', inputShape: [4] })]);
  m.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}

const x = tensor(new Float32Array(8 * 4).fill(0.5), [8, 4]);
const y = tensor(new Int32Array(8).fill(1), [8]);

beforeAll(() => ready());

describe('errors', () => {
  it('fit before compile', async () => {
    const m = new Sequential([new Dense(2, { inputShape: [4] })]);
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(StateError);
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(/fit\(\): the model "sequential(_\d+)?" must be compiled first/);
  });

  it('mismatched x/y lengths', async () => {
    await expect(model().fit(x, y.slice(0, 5), { verbose: 0 })).rejects.toThrow(/fit\(y\): expected 8 samples to match x, received 5/);
  });

  it('wrong feature count', async () => {
    const bad = tensor(new Float32Array(8 * 5), [8, 5]);
    await expect(model().fit(bad, y, { verbose: 0 })).rejects.toThrow(ShapeError);
    await expect(model().fit(bad, y, { verbose: 0 })).rejects.toThrow(/fit\(x\): expected samples of shape \[4\] \(the model's input shape\), received shape \[8, 5\]/);
    await expect(model().predict(bad)).rejects.toThrow(/predict\(x\): expected samples of shape \[4\]/);
  });

  it('labels out of range, negative or fractional', async () => {
    const m = model(3);
    await expect(m.fit(x, tensor(Int32Array.from([0, 1, 2, 3, 0, 1, 2, 0]), [8]), { verbose: 0 })).rejects.toThrow(/fit\(y\): expected integer class labels in \[0, 3\) for an output of 3 units, received 3 at index 3/);
    await expect(m.fit(x, tensor(Float32Array.from([0, 1, 2, -1, 0, 1, 2, 0]), [8]), { verbose: 0 })).rejects.toThrow(ValueError);
    await expect(m.fit(x, tensor(Float32Array.from([0, 1.5, 2, 1, 0, 1, 2, 0]), [8]), { verbose: 0 })).rejects.toThrow(/received 1.5 at index 1/);
  });

  it('NaN or Infinity in x and y', async () => {
    const data = new Float32Array(8 * 4).fill(0.5);
    data[13] = NaN;
    await expect(model().fit(tensor(data, [8, 4]), y, { verbose: 0 })).rejects.toThrow(/fit\(x\): expected finite numbers, received NaN at sample 3, element 1/);
    data[13] = Infinity;
    await expect(model().evaluate(tensor(data, [8, 4]), y)).rejects.toThrow(/evaluate\(x\): expected finite numbers, received Infinity/);
    const m = new Sequential([new Dense(1, { inputShape: [4] })]);
    m.compile({ loss: 'mse' });
    await expect(m.fit(x, tensor(Float32Array.from([0, 1, NaN, 0, 0, 0, 0, 0]), [8, 1]), { verbose: 0 })).rejects.toThrow(/fit\(y\): expected finite numbers, received NaN at index 2/);
  });

  it('empty data', async () => {
    await expect(model().fit(tensor(new Float32Array(0), [0, 4]), tensor(new Int32Array(0), [0]), { verbose: 0 })).rejects.toThrow(/fit\(x\): expected at least one sample/);
  });

  it('targets that do not fit the loss', async () => {
    const m = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [4] })]);
    m.compile({ loss: 'categorical_crossentropy' });
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(/fit\(y\): categorical_crossentropy expects targets of shape \[8, 3\] like the model's output, received shape \[8\]; for integer labels use sparse_categorical_crossentropy/);
  });

  it('unknown names list the known ones', () => {
    const m = new Sequential([new Dense(2, { inputShape: [4] })]);
    expect(() => m.compile({ loss: 'hinge_loss' })).toThrow(/compile\(loss\): unknown loss "hinge_loss"; expected one of sparse_categorical_crossentropy, categorical_crossentropy/);
    expect(() => m.compile({ loss: 'mse', optimizer: 'lbfgs' })).toThrow(/compile\(optimizer\): unknown optimizer "lbfgs"; expected one of sgd, rmsprop, adam, adagrad/);
    expect(() => m.compile({ loss: 'mse', metrics: ['f1'] })).toThrow(/compile\(metrics\): unknown metric "f1"; expected one of accuracy, acc/);
    expect(() => m.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['categorical_accuracy'] })).toThrow(/expects targets shaped like the output, but the loss "sparse_categorical_crossentropy" takes integer labels/);
    expect(() => new Dense(4, { activation: 'swish' as 'relu' })).toThrow(/Dense layer "dense(_\d+)?": unknown activation "swish"; expected one of linear, relu, sigmoid, tanh, softmax/);
    expect(() => new Dense(4, { kernelInitializer: 'orthogonal' as 'zeros' })).toThrow(/kernelInitializer: unknown initializer "orthogonal"/);
  });

  it('invalid layer and fit arguments', async () => {
    expect(() => new Dense(-3)).toThrow(/Dense\(units\): expected a positive integer, received -3/);
    expect(() => new Dense(1.5)).toThrow(/Dense\(units\): expected a positive integer, received 1.5/);
    expect(() => new Dense(2, { inputShape: [0] })).toThrow(/inputShape expected a non-empty array of positive integers, received \[0\]/);
    await expect(model().fit(x, y, { batchSize: 0, verbose: 0 })).rejects.toThrow(/fit\(batchSize\): expected a positive integer, received 0/);
    await expect(model().fit(x, y, { epochs: -1, verbose: 0 })).rejects.toThrow(/fit\(epochs\): expected a non-negative integer, received -1/);
    await expect(model().fit(x, y, { validationSplit: 1.5, verbose: 0 })).rejects.toThrow(/fit\(validationSplit\): expected a number in \[0, 1\), received 1.5/);
  });

  it('unknown input shape and a Dense fed unflattened images', async () => {
    const m = new Sequential([new Dense(2)]);
    await expect(m.build()).rejects.toThrow(/the input shape is unknown; give the first layer an inputShape/);
    expect(() => m.getWeights()).toThrow(/getWeights\(\): the model "sequential(_\d+)?" has no weights yet/);
    // As Keras: a Dense fed [28, 28] samples acts on the last axis, a [28, 2] output per sample.
    const images = new Sequential([new Dense(2, { inputShape: [28, 28] })]);
    await images.build();
    expect(images.outputShape).toEqual([28, 2]);
    expect(images.countParams()).toBe(28 * 2 + 2);
    images.dispose();
    const flat = new Sequential([new Flatten({ inputShape: [28, 28] }), new Dense(2)]);
    await flat.build();
    expect(flat.outputShape).toEqual([2]);
    flat.dispose();
  });

  it('setWeights with wrong shapes or counts', async () => {
    const m = model();
    await m.build();
    expect(() => m.setWeights([tensor(new Float32Array(12), [4, 3])])).toThrow(/setWeights\(weights\): expected 2 tensors \(kernel and bias of each layer\), received 1/);
    expect(() => m.setWeights([tensor(new Float32Array(12), [3, 4]), tensor(new Float32Array(3), [3])])).toThrow(/expected shape \[4, 3\] for dense(_\d+)?\/kernel, received \[3, 4\]/);
    m.dispose();
  });

  it('a diverging loss stops fit like TerminateOnNaN: finite weights of the last good step, a warning, the History so far', async () => {
    const m = new Sequential([new Dense(1, { inputShape: [4] })]);
    m.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.3 }) });
    // Modest inputs that a large learning rate drives to overflow after a few epochs.
    const x = tensor(new Float32Array(8 * 4).map((_, i) => (i % 5) - 2), [8, 4]);
    const y = tensor(new Float32Array(8).map((_, i) => i), [8, 1]);
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const history = await m.fit(x, y, { verbose: 0, epochs: 200, batchSize: 8 });
      expect(history.stopReason).toMatch(/^the loss became (Infinity|NaN) at epoch (\d+), batch 1$/);
      const stoppedAt = Number(/epoch (\d+)/.exec(history.stopReason!)![1]);
      expect(stoppedAt).toBeGreaterThan(1);
      expect(history.epoch).toHaveLength(stoppedAt - 1);
      expect(history.history['loss']!.every(Number.isFinite)).toBe(true);
      expect(m.getWeights().every((w) => Array.from(w.data).every(Number.isFinite))).toBe(true);
      expect(warning).toHaveBeenCalledTimes(1);
      expect(warning).toHaveBeenCalledWith(expect.stringMatching(/^fit\(\): the loss became .*; training stopped with the weights of the last finite step/), 'AxonTrainingWarning');
    } finally {
      warning.mockRestore();
    }
  });
});

describe('error messages describe any value briefly, in bounded time', () => {
  it('shows small values whole', () => {
    expect(describeValue([1, 'a', null, [2, 3]])).toBe('[1, "a", null, [2, 3]]');
    expect(describeValue(Number.NaN)).toBe('NaN');
  });

  it('cuts long, deep, self-referencing and shared ("billion laughs") arrays short', () => {
    const long = Array.from({ length: 1000 }, (_, i) => i);
    expect(describeValue(long)).toBe('[0, 1, 2, 3, 4, 5, 6, 7, … 992 more]');
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    expect(describeValue(cyclic)).toBe('[1, [1, [1, [2 items]]]]');
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe('[[[[1 items]]]]');
    let laughs: unknown[] = ['lol'];
    for (let i = 0; i < 40; i++) laughs = [laughs, laughs, laughs, laughs, laughs, laughs, laughs, laughs, laughs, laughs];
    // 10^40 leaves if walked; bounded, it returns at once (a hang would time the test out).
    expect(describeValue(laughs).length).toBeLessThanOrEqual(200);
    expect(describeValue('x'.repeat(3_000_000)).length).toBeLessThanOrEqual(205);
  });
});

describe('tensor() of hostile nested arrays', () => {
  it('refuses arrays deeper than 32 levels, and self-referencing ones, with a ShapeError', () => {
    let deep: unknown[] = [1];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(() => tensor(deep as number[][])).toThrow(ShapeError);
    expect(() => tensor(deep as number[][])).toThrow(/tensor\(data\): expected nested arrays at most 32 levels deep/);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => tensor(cyclic as number[][])).toThrow(ShapeError);
    let ok: unknown[] = [1];
    for (let i = 0; i < 31; i++) ok = [ok];
    expect(tensor(ok as number[][]).shape).toEqual(new Array<number>(32).fill(1));
  });
});

describe('models too large for the Wasm core', () => {
  it('refuse a layer of more than 2^28 parameters when it is built, before any weight is drawn', async () => {
    const huge = new Sequential([new Dense(2e8, { inputShape: [4] })]);
    const build = async (): Promise<void> => {
      huge.compile({ loss: 'mse', optimizer: 'adam' });
      await huge.fit(tensor(new Float32Array(4), [1, 4]), tensor(new Float32Array(1), [1, 1]), { verbose: 0 });
    };
    await expect(build()).rejects.toThrow(ValueError);
    await expect(build()).rejects.toThrow(/Sequential "sequential(_\d+)?": 1000000000 parameters in 1 layer would need 14\.9 GiB .*a model holds at most 268435456 \(2\^28\)/);
    // A layer built on its own checks its own budget.
    const layer = new Dense(2e8);
    expect(() => layer.build([4], getBackend())).toThrow(/Dense layer "dense(_\d+)?": 1000000000 parameters for input shape \[4\] would need 14\.9 GiB .*a layer holds at most 268435456 \(2\^28\)/);
    expect(layer.built).toBe(false);
    const fine = new Sequential([new Dense(3, { inputShape: [4] })]);
    expect(fine.countParams()).toBe(15);
  });

  it('refuse a model of more than 2^28 parameters in all, before any layer allocates', async () => {
    // Each layer is within the per-layer budget (1.6e8 parameters), together they are not.
    const layers = [new Dense(16000, { inputShape: [10000] }), new Dense(10000), new Dense(10)];
    const model = new Sequential(layers);
    const before = getBackend().memoryBytes();
    await expect(model.build()).rejects.toThrow(ValueError);
    await expect(model.build()).rejects.toThrow(/^Sequential "sequential(_\d+)?": 320126010 parameters in 3 layers would need 4\.8 GiB .*a model holds at most 268435456 \(2\^28\)/);
    expect(layers.every((l) => !l.built)).toBe(true);
    expect(getBackend().memoryBytes()).toBe(before);
  });
});
