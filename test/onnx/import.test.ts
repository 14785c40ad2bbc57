// importOnnx on models PyTorch exported (scripts/onnx-fixtures.py): Axon's predictions equal
// torch's within 1e-5; nn.Linear's Gemm (transB=1) and the activation after it are one Dense.
// Then the round trip: exportOnnx then importOnnx gives the same weights and predictions.
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Flatten, Model, ready, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { exportOnnx, importOnnx } from '../../src/onnx/index.js';
import { closeness, uniformArray } from '../helpers/random-data.js';
import { differences, mlp, toTensor, torchFixture, twoInputModel } from './helpers.js';

beforeAll(async () => {
  await ready();
});

describe('importOnnx of PyTorch exports', () => {
  it('a torch.nn.Sequential MLP becomes Flatten and three Dense layers with its activations, predicting as torch does', async () => {
    const fixture = torchFixture('torch-mlp');
    const model = await importOnnx(fixture.bytes);
    expect(model).toBeInstanceOf(Model);
    expect(model.inputNames).toEqual(['x']);
    expect(model.outputNames).toEqual(['probabilities']);
    const layers = model.layers.filter((l) => l.className !== 'InputLayer');
    expect(layers.map((l) => l.className)).toEqual(['Flatten', 'Dense', 'Dense', 'Dense']);
    expect(layers.filter((l): l is Dense => l instanceof Dense).map((l) => [l.units, l.activation])).toEqual([[16, 'relu'], [12, 'sigmoid'], [4, 'softmax']]);
    expect(layers[0]).toBeInstanceOf(Flatten);
    // Keras' kernel layout [in, out]: torch's weight [out, in] transposed.
    expect(model.getWeights().map((w) => w.shape)).toEqual([[8, 16], [16], [16, 12], [12], [12, 4], [4]]);
    const actual = ((await model.predict(toTensor(fixture.inputs['x']!))) as Tensor).data;
    const expected = fixture.outputs['probabilities']!.data;
    const { abs, rel } = differences(actual, expected);
    console.log(`importOnnx torch-mlp vs torch: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}`);
    expect(closeness(actual, expected, 1e-5, 1e-7)).toBeLessThanOrEqual(1);
  });

  it('a two-input, two-output torch module (Concat, Add, Sub, Mul, Max, Reshape, MatMul on the last axis, Flatten) predicts as torch does', async () => {
    const fixture = torchFixture('torch-two-input');
    expect(fixture.ops).toEqual(expect.arrayContaining(['Concat', 'Add', 'Sub', 'Mul', 'Max', 'Reshape', 'MatMul', 'Gemm', 'Flatten', 'Constant']));
    const model = await importOnnx(fixture.bytes, { name: 'from_torch' });
    expect(model.name).toBe('from_torch');
    expect(model.inputNames).toEqual(['a', 'b']);
    expect(model.outputNames).toEqual(['out', 'side']);
    const predictions = (await model.predict([toTensor(fixture.inputs['a']!), toTensor(fixture.inputs['b']!)])) as { data: Float32Array }[];
    ['out', 'side'].forEach((name, i) => {
      const expected = fixture.outputs[name]!.data;
      const { abs, rel } = differences(predictions[i]!.data, expected);
      console.log(`importOnnx torch-two-input output ${name} vs torch: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}`);
      expect(closeness(predictions[i]!.data, expected, 1e-5, 1e-7)).toBeLessThanOrEqual(1);
    });
  });
});

describe('exportOnnx then importOnnx', () => {
  it('gives back a Sequential MLP with the same weights, names and predictions', async () => {
    const original = mlp([20, 16, 8, 3], 11);
    const x = tensor(uniformArray(10 * 20, 12), [10, 20]);
    const copy = await importOnnx(await exportOnnx(original));
    expect(copy.inputNames).toEqual(original.inputNames);
    expect(copy.outputNames).toEqual(original.outputNames);
    expect(copy.layers.filter((l) => l instanceof Dense).map((l) => l.name)).toEqual(original.layers.map((l) => l.name));
    const weights = copy.getWeights();
    original.getWeights().forEach((w, i) => {
      expect(weights[i]!.shape).toEqual(w.shape);
      expect(weights[i]!.data).toEqual(w.data);
    });
    expect(((await copy.predict(x)) as Tensor).data).toEqual((await original.predict(x)).data);
  });

  it('gives back the two-input functional model with the same weights and predictions', async () => {
    const original = twoInputModel(13);
    const inputs = [tensor(uniformArray(7 * 12, 14), [7, 12]), tensor(uniformArray(7 * 6, 15), [7, 6])];
    const copy = await importOnnx(await exportOnnx(original));
    expect(copy.inputNames).toEqual(['a', 'b']);
    expect(copy.outputNames).toEqual(['probabilities', 'side']);
    const weights = copy.getWeights();
    const originalWeights = original.getWeights();
    expect(weights.length).toBe(originalWeights.length);
    originalWeights.forEach((w, i) => expect(weights[i]!.data).toEqual(w.data));
    const [expected, actual] = [await original.predict(inputs), await copy.predict(inputs)] as { data: Float32Array }[][];
    expected!.forEach((t, i) => expect(actual![i]!.data).toEqual(t.data));
  });
});
