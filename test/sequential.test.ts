// The Keras workflow's surface: shapes, parameter counts, summary, weights, history, callbacks,
// verbose output and seeding.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Activation, Dense, Flatten, InputLayer, Sequential, getLayerClass, ready, setRandomSeed, tensor } from '../src/index.js';
import type { Logs } from '../src/index.js';
import { labels, uniformArray } from './helpers/random-data.js';

beforeAll(() => ready());

function data(n: number, features: number, classes: number) {
  return { x: tensor(uniformArray(n * features, 1), [n, features]), y: tensor(labels(n, classes, 2), [n]) };
}

describe('Sequential', () => {
  it('counts parameters as Keras does and prints the summary table', () => {
    const model = new Sequential([new Dense(100, { activation: 'relu', inputShape: [784] }), new Dense(10, { activation: 'softmax' })], { name: 'fashion' });
    expect(model.countParams()).toBe(79_510);
    expect(model.layers[0]!.countParams([784])).toBe(78_500);
    expect(model.layers[1]!.countParams([100])).toBe(1_010);
    const lines: string[] = [];
    const text = model.summary(undefined, (l) => lines.push(l));
    expect(lines[0]).toBe('Model: "fashion"');
    expect(text).toContain('Layer (type)                 Output Shape              Param #');
    expect(text).toMatch(/\ndense(_\d+)? \(Dense\) +\(None, 100\) +78500 *\n/);
    expect(text).toMatch(/\ndense_\d+ \(Dense\) +\(None, 10\) +1010 *\n/);
    expect(text).toContain('Total params: 79,510\nTrainable params: 79,510\nNon-trainable params: 0');
  });

  it('summarises Flatten and InputLayer models', () => {
    const model = new Sequential([new InputLayer({ inputShape: [28, 28] }), new Flatten(), new Dense(10, { activation: 'softmax' })]);
    const text = model.summary(undefined, () => {});
    expect(text).toMatch(/flatten(_\d+)? \(Flatten\) +\(None, 784\) +0/);
    expect(text).not.toContain('InputLayer');
    expect(model.outputShape).toEqual([10]);
  });

  it('initialises like Keras: glorot_uniform kernels within the limit, zero biases', async () => {
    setRandomSeed(3);
    const model = new Sequential([new Dense(100, { inputShape: [784] })]);
    await model.build();
    const [kernel, bias] = model.getWeights();
    expect(kernel!.shape).toEqual([784, 100]);
    expect(bias!.shape).toEqual([100]);
    const limit = Math.sqrt(6 / (784 + 100));
    const k = kernel!.data;
    expect(Math.max(...k)).toBeLessThanOrEqual(limit);
    expect(Math.min(...k)).toBeGreaterThanOrEqual(-limit);
    // Uniform on [-limit, limit]: variance limit²/3.
    const mean = k.reduce((a, b) => a + b, 0) / k.length;
    const variance = k.reduce((a, b) => a + (b - mean) ** 2, 0) / k.length;
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(variance / (limit * limit / 3)).toBeCloseTo(1, 1);
    expect([...bias!.data].every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  it('setWeights and getWeights round-trip in Keras order', async () => {
    const model = new Sequential([new Dense(3, { inputShape: [2] }), new Dense(1)]);
    await model.build();
    const ws = [tensor([[1, 2, 3], [4, 5, 6]]), tensor([0.5, 0, -0.5]), tensor([[1], [1], [1]]), tensor([2])];
    model.setWeights(ws);
    expect(model.getWeights().map((w) => w.toArray())).toEqual(ws.map((w) => w.toArray()));
    const out = await model.predict(tensor([[1, 1]]));
    expect(out.shape).toEqual([1, 1]);
    // hidden = [1+4+0.5, 2+5+0, 3+6-0.5]; output = Σ hidden + 2
    expect(out.data[0]).toBeCloseTo(5.5 + 7 + 8.5 + 2, 4);
    model.dispose();
  });

  it('fit resolves to a History with Keras keys, batch size 32 by default', async () => {
    const { x, y } = data(100, 5, 3);
    const model = new Sequential([new Dense(8, { activation: 'relu', inputShape: [5] }), new Dense(3, { activation: 'softmax' })]);
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    const batches: Logs[] = [];
    const epochsSeen: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 3, validationSplit: 0.2, verbose: 0,
      callbacks: { onBatchEnd: (_b, logs) => void batches.push(logs!), onEpochEnd: async (e) => void epochsSeen.push(e) },
    });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.params).toMatchObject({ samples: 80, steps: 3, batchSize: 32 });
    expect(batches.length).toBe(9);
    expect(batches[2]!.size).toBe(16);
    expect(epochsSeen).toEqual([0, 1, 2]);
    const [loss, acc] = (await model.evaluate(x.slice(80), y.slice(80))) as number[];
    expect(loss).toBeCloseTo(history.history['val_loss']![2]!, 5);
    expect(acc).toBeCloseTo(history.history['val_accuracy']![2]!, 5);
    // Keras' return_dict: keyed like History, and a type that destructures.
    const { loss: dictLoss, accuracy } = await model.evaluate(x.slice(80), y.slice(80), { returnDict: true });
    expect([dictLoss, accuracy]).toEqual([loss, acc]);
    await expect(model.evaluate(x, y, { returnDict: 'yes' as unknown as boolean })).rejects.toThrow(/evaluate\(returnDict\): expected true or false, received "yes"/);
    const proba = await model.predict(x.slice(0, 3));
    expect(proba.shape).toEqual([3, 3]);
    for (let r = 0; r < 3; r++) expect(proba.data[r * 3]! + proba.data[r * 3 + 1]! + proba.data[r * 3 + 2]!).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('evaluate returns a number without metrics; initialEpoch and stopTraining work', async () => {
    const { x } = data(40, 3, 2);
    const y = tensor(uniformArray(40, 9), [40, 1]);
    const model = new Sequential([new Dense(1, { inputShape: [3] })]);
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    expect(typeof (await model.evaluate(x, y))).toBe('number');
    const history = await model.fit(x, y, { epochs: 5, initialEpoch: 2, verbose: 0 });
    expect(history.epoch).toEqual([2, 3, 4]);
    const stopper = { onEpochEnd: () => void (model.stopTraining = true) };
    expect((await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [stopper] })).epoch).toEqual([0]);
    model.dispose();
  });

  it('prints Keras-style progress lines with verbose 1 and 2', async () => {
    const { x, y } = data(64, 4, 2);
    const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [4] })]);
    model.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['acc'] });
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (writes.push(String(s)), true));
    try {
      await model.fit(x, y, { epochs: 2, verbose: 1 });
      await model.fit(x, y, { epochs: 1, verbose: 2 });
    } finally {
      spy.mockRestore();
    }
    const out = writes.join('');
    expect(out).toContain('Epoch 1/2\n');
    expect(out).toMatch(/2\/2 \[==============================\] - \d+m?s \d+[mu]?s\/step - loss: \d\.\d{4} - acc: \d\.\d{4}\n/);
    expect(out).toMatch(/\n2\/2 - \d+m?s \d+[mu]?s\/step - loss: \d\.\d{4} - acc: \d\.\d{4}\n$/);
    model.dispose();
  });

  it('the same seed gives identical weights after training, run twice', async () => {
    const { x, y } = data(200, 10, 4);
    const train = async () => {
      setRandomSeed(1234);
      const model = new Sequential([new Dense(16, { activation: 'relu', inputShape: [10] }), new Dense(4, { activation: 'softmax' })]);
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
      await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
      const w = model.getWeights().map((t) => Array.from(t.data));
      model.dispose();
      return w;
    };
    const a = await train();
    const b = await train();
    expect(a).toEqual(b);
    setRandomSeed(99);
    const model = new Sequential([new Dense(16, { activation: 'relu', inputShape: [10] })]);
    await model.build();
    expect(Array.from(model.getWeights()[0]!.data)).not.toEqual(a[0]);
  });

  it('Activation layers and the layer registry', async () => {
    expect(getLayerClass('Dense')).toBe(Dense);
    expect(() => getLayerClass('Conv2D')).toThrow(/unknown "Conv2D"; expected one of Dense, Flatten, Reshape, Activation, InputLayer, Dropout, Concatenate, Add, Subtract, Multiply, Average, Maximum/);
    const model = new Sequential([new Dense(3, { inputShape: [2] }), new Activation('softmax')]);
    await model.build();
    const out = await model.predict(tensor([[0.3, -1]]));
    expect(out.data[0]! + out.data[1]! + out.data[2]!).toBeCloseTo(1, 6);
    expect(model.getConfig().config.layers[1]).toMatchObject({ className: 'Activation', config: { activation: 'softmax' } });
    model.dispose();
  });
});

describe('tensor', () => {
  it('builds from nested arrays and typed arrays, reshapes, slices and scales', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.reshape(-1).shape).toEqual([6]);
    expect(t.reshape(3, -1).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(t.slice(1).toArray()).toEqual([[4, 5, 6]]);
    const images = tensor(new Uint8Array([0, 255, 51, 102]), [1, 2, 2]);
    expect(images.dtype).toBe('uint8');
    const scaled = images.div(255).reshape(-1, 4);
    expect(scaled.shape).toEqual([1, 4]);
    expect(Array.from(scaled.data)).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(() => t.reshape(4, -1)).toThrow(/reshape\(shape\): cannot reshape 6 values into \[4, -1\]/);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array/);
    expect(() => tensor(new Float32Array(5), [2, 3])).toThrow(/shape \[2, 3\] holds 6 values, but data has 5/);
  });
});
