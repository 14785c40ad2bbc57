// Keras conveniences and misuse: argMax in place of predict_classes, getLayer, clearSession,
// setWeights from typed arrays with every value checked before any is written, summary of an
// unbuilt model.
import { describe, expect, it } from 'vitest';
import { Dense, Sequential, ShapeError, StateError, ValueError, clearSession, tensor } from '../src/index.js';

describe('model conveniences', () => {
  it('argMax gives the predicted classes along the last axis, ties and NaN as numpy', async () => {
    const t = tensor([[0.1, 0.7, 0.2], [0.5, 0.5, 0], [1, Number.NaN, 3]]);
    const classes = t.argMax();
    expect(classes.dtype).toBe('int32');
    expect(classes.shape).toEqual([3]);
    expect(Array.from(classes.data)).toEqual([1, 0, 1]);
    expect(Array.from(tensor([3, 9, 9, 1]).argMax(0).data)).toEqual([1]);
    expect(() => t.argMax(0)).toThrow(/argMax\(axis\): only the last axis \(-1 or 1\) is supported, received 0/);
    const model = new Sequential([new Dense(4, { inputShape: [2], activation: 'softmax' })]);
    const proba = await model.predict(tensor(new Float32Array(6).fill(0.5), [3, 2]));
    expect(proba.argMax().shape).toEqual([3]);
    model.dispose();
  });

  it('getLayer by name or index; clearSession restarts the automatic names', () => {
    clearSession();
    const first = new Dense(2, { inputShape: [3] });
    const second = new Dense(1);
    expect([first.name, second.name]).toEqual(['dense', 'dense_1']);
    const model = new Sequential([first, second]);
    expect(model.getLayer('dense_1')).toBe(second);
    expect(model.getLayer(undefined, 0)).toBe(first);
    expect(() => model.getLayer('dense_9')).toThrow(/getLayer\(name\): no layer named "dense_9"; the layers are dense, dense_1/);
    expect(() => model.getLayer(undefined, 2)).toThrow(/getLayer\(index\): expected an integer in \[0, 2\), received 2/);
    clearSession();
    expect(new Dense(3).name).toBe('dense');
  });

  it('setWeights takes typed arrays, refuses non-finite values, and writes nothing when any tensor is bad', async () => {
    const model = new Sequential([new Dense(2, { inputShape: [3] }), new Dense(1)]);
    await model.build();
    model.setWeights([new Float32Array(6).fill(1), new Float32Array(2).fill(2), new Float32Array(2).fill(3), new Float32Array([4])]);
    const before = model.getWeights().map((w) => Array.from(w.data));
    expect(before).toEqual([[1, 1, 1, 1, 1, 1], [2, 2], [3, 3], [4]]);
    const bad = [new Float32Array(6), new Float32Array(2), new Float32Array([0, Number.NaN]), new Float32Array([0])];
    expect(() => model.setWeights(bad)).toThrow(ValueError);
    expect(() => model.setWeights(bad)).toThrow('setWeights(weights[2]): expected finite numbers, received NaN at index 1');
    expect(() => model.setWeights([new Float32Array(5), ...bad.slice(1)])).toThrow(ShapeError);
    expect(model.getWeights().map((w) => Array.from(w.data))).toEqual(before);
    model.dispose();
  });

  it('summary() of a model whose input shape is unknown says it is not built', () => {
    const model = new Sequential([new Dense(2)], { name: 'open' });
    expect(() => model.summary(undefined, () => undefined)).toThrow(StateError);
    expect(() => model.summary(undefined, () => undefined)).toThrow(/summary\(\): the model "open" has not yet been built; give the first layer an inputShape, or call build\(inputShape\) or fit\(\) first/);
  });
});
