// exportOnnx against ONNX Runtime (onnxruntime-node, its native CPU provider): the bytes of a
// Sequential MLP and of a functional model with every exported layer, run by ORT on the same rows
// as Axon's predict, agree within 1e-5 relative; inputs and outputs carry the models' names.
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBinary } from '@bufbuild/protobuf';
import { Add, BatchNormalization, Dense, Input, Model, ValueError, ready, setRandomSeed, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { exportOnnx, importOnnx } from '../../src/onnx/index.js';
import { ModelProtoSchema } from '../../src/onnx/proto/onnx_pb.js';
import { closeness, uniformArray } from '../helpers/random-data.js';
import { differences, mlp, runOrt, twoInputModel } from './helpers.js';

beforeAll(async () => {
  await ready();
});

describe('exportOnnx', () => {
  it('a Sequential 784-32-10 MLP runs in ONNX Runtime with the predictions of Axon within 1e-5', async () => {
    const model = mlp([784, 32, 10], 1);
    const x = tensor(uniformArray(64 * 784, 2, 0, 1), [64, 784]);
    const expected = (await model.predict(x)).data;
    const bytes = await exportOnnx(model);
    const outputs = await runOrt(bytes, { [model.inputNames[0]!]: x });
    expect(Object.keys(outputs)).toEqual(model.outputNames);
    const actual = outputs[model.outputNames[0]!]!;
    const { abs, rel } = differences(actual, expected);
    console.log(`exportOnnx 784-32-10 vs ONNX Runtime: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}`);
    expect(closeness(actual, expected, 1e-5, 1e-7)).toBeLessThanOrEqual(1);
  });

  it('a two-input, two-output functional model with every exported layer agrees with ONNX Runtime within 1e-5', async () => {
    const model = twoInputModel(3);
    const a = tensor(uniformArray(20 * 12, 4), [20, 12]);
    const b = tensor(uniformArray(20 * 6, 5), [20, 6]);
    const expected = (await model.predict([a, b])) as Tensor[];
    const outputs = await runOrt(await exportOnnx(model, { opset: 17 }), { a, b });
    expect(Object.keys(outputs).sort()).toEqual([...model.outputNames].sort());
    model.outputNames.forEach((name, i) => {
      const { abs, rel } = differences(outputs[name]!, expected[i]!.data);
      console.log(`exportOnnx two-input output ${name} vs ONNX Runtime: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}`);
      expect(closeness(outputs[name]!, expected[i]!.data, 1e-5, 1e-7)).toBeLessThanOrEqual(1);
    });
  });

  it('a Dense shared by two inputs is written once and read by both calls', async () => {
    setRandomSeed(9);
    const a = Input({ shape: [5], name: 'a' });
    const b = Input({ shape: [5], name: 'b' });
    const shared = new Dense(4, { activation: 'tanh', biasInitializer: 'random_normal', name: 'shared' });
    const model = new Model({ inputs: [a, b], outputs: new Add({ name: 'both' }).apply([shared.apply(a), shared.apply(b)]) });
    const x = { a: tensor(uniformArray(6 * 5, 10), [6, 5]), b: tensor(uniformArray(6 * 5, 11), [6, 5]) };
    const bytes = await exportOnnx(model);
    expect(fromBinary(ModelProtoSchema, bytes).graph!.initializer.map((t) => t.name)).toEqual(['shared/kernel', 'shared/bias']);
    const expected = (await model.predict([x.a, x.b])) as Tensor;
    expect(closeness((await runOrt(bytes, x))['both']!, expected.data, 1e-5, 1e-7)).toBeLessThanOrEqual(1);
  });

  it('writes the weights as float32 raw data: a 784-300-100-10 MLP takes 4 bytes a parameter and little more', async () => {
    const model = mlp([784, 300, 100, 10], 6);
    const bytes = await exportOnnx(model);
    const params = model.countParams();
    console.log(`exportOnnx 784-300-100-10: ${bytes.length} bytes for ${params} parameters (${(bytes.length - 4 * params)} bytes besides the weights)`);
    expect(bytes.length).toBeGreaterThan(4 * params);
    expect(bytes.length).toBeLessThan(4 * params + 2048);
  });

  it('BatchNormalization (trained moving statistics): ONNX\'s op on channels at axis 1, a folded Mul + Add for channels last on a longer shape; ORT agrees, and importOnnx reads ONNX\'s op back', async () => {
    setRandomSeed(9);
    const x = Input({ shape: [5], name: 'x' });
    const seq = Input({ shape: [3, 4], name: 'seq' });
    const flat = new BatchNormalization({ name: 'bn_flat', momentum: 0.5 }).apply(new Dense(6, { activation: 'relu' }).apply(x));
    const last = new BatchNormalization({ name: 'bn_last', momentum: 0.5 }).apply(new Dense(4).apply(seq));
    const model = new Model({ inputs: [x, seq], outputs: [flat, last] });
    model.compile({ loss: ['mse', 'mse'], optimizer: 'sgd' });
    const xs = [tensor(uniformArray(16 * 5, 1), [16, 5]), tensor(uniformArray(16 * 12, 2), [16, 3, 4])];
    await model.fit(xs, [tensor(uniformArray(16 * 6, 3), [16, 6]), tensor(uniformArray(16 * 12, 4), [16, 3, 4])], { epochs: 3, batchSize: 4, verbose: 0 });
    const expected = (await model.predict(xs)) as Tensor[];
    const bytes = await exportOnnx(model);
    const ops = fromBinary(ModelProtoSchema, bytes).graph!.node.map((n) => n.opType);
    expect(ops).toContain('BatchNormalization');
    const outputs = await runOrt(bytes, { x: xs[0]!, seq: xs[1]! });
    model.outputNames.forEach((name, i) => {
      const { abs, rel } = differences(outputs[name]!, expected[i]!.data);
      console.log(`exportOnnx BatchNormalization output ${name} vs ONNX Runtime: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}`);
      expect(closeness(outputs[name]!, expected[i]!.data, 1e-5, 1e-6), name).toBeLessThanOrEqual(1);
    });
    // importOnnx reads ONNX's BatchNormalization; the folded Mul + Add of the channels-last case is
    // an elementwise product by a constant, which it does not read (a FormatError naming the node).
    await expect(importOnnx(bytes)).rejects.toThrow(/Mul node "bn_last\/Mul": input 1 \("bn_last\/scale"\) is a constant/);
    const flatOnly = new Model({ inputs: x, outputs: flat });
    const back = await importOnnx(await exportOnnx(flatOnly));
    expect(back.layers.map((l) => l.className)).toEqual(['InputLayer', 'Dense', 'BatchNormalization']);
    expect(closeness(((await back.predict(xs[0]!)) as Tensor).data, expected[0]!.data, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    model.dispose();
    back.dispose();
  });

  it('checks its options and names what it cannot export', async () => {
    const model = mlp([4, 3], 7);
    await expect(exportOnnx(model, { opset: 12 })).rejects.toThrow(/exportOnnx\(opset\): expected an integer from 13 to 17, received 12/);
    await expect(exportOnnx(model, { opset_version: 13 } as never)).rejects.toThrow(ValueError);
    await expect(exportOnnx({} as never)).rejects.toThrow(/exportOnnx\(model\): expected a Model or Sequential/);
  });
});
