// Save and load in TensorFlow.js' layers-model format: round trips through memory and files, both
// directions against TensorFlow.js itself, the optimizer state resuming fit() bit for bit, and every
// malformed file a typed error.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Activation, Add, Adam, BatchNormalization, Concatenate, Dense, Dropout, FormatError, Input, Model, Multiply, Reshape, Sequential, ShapeError,
  loadModel, modelFromJSON, ready, regularizers, setRandomSeed, tensor,
} from '../../src/index.js';
import type { IOHandler, ModelArtifacts, Tensor } from '../../src/index.js';
import { loadTf } from '../helpers/tfjs.js';
import type { Tf } from '../helpers/tfjs.js';
import { closeness, differences, uniformArray } from '../helpers/random-data.js';

/** Predictions equal within float32 tolerance; the largest differences are logged under `label`. */
function expectSamePredictions(got: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  const { abs, rel } = differences(got, expected);
  console.log(`${label}: max abs ${abs.toExponential(2)}, max rel ${rel.toExponential(2)}`);
  expect(closeness(got, expected, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
}

let tf: Tf;
const dirs: string[] = [];
beforeAll(async () => {
  await ready();
  tf = await loadTf();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'axon-save-'));
  dirs.push(d);
  return d;
}

/** A handler that keeps what it is given, as tf.io.withSaveHandler does. */
function memory(): IOHandler & { artifacts: ModelArtifacts | null } {
  const h = {
    artifacts: null as ModelArtifacts | null,
    async save(a: ModelArtifacts) {
      h.artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const, modelTopologyBytes: 0, weightSpecsBytes: 0, weightDataBytes: 0 } };
    },
  };
  return h;
}

/** A functional model with every layer kind, trained a little so that BatchNormalization's moving statistics have moved. */
async function everyLayer(): Promise<{ model: Model; x: Tensor[] }> {
  setRandomSeed(31);
  const a = Input({ shape: [6], name: 'a' });
  const b = Input({ shape: [4], name: 'b' });
  const h = new Dense(8, { activation: 'relu', kernelRegularizer: regularizers.l2(0.01), biasRegularizer: regularizers.l1(0.001), name: 'h' }).apply(a);
  const n = new BatchNormalization({ name: 'bn' }).apply(new Dropout(0.2, { name: 'drop' }).apply(h));
  const g = new Dense(8, { activation: 'tanh', name: 'g' }).apply(b);
  const merged = new Concatenate({ name: 'cat' }).apply([new Add({ name: 'sum' }).apply([n, g]), new Multiply({ name: 'prod' }).apply([n, g])]);
  const r = new Reshape({ targetShape: [4, 4], name: 'grid' }).apply(merged);
  const out = new Activation('softmax', { name: 'probs' }).apply(new Dense(3, { name: 'logits' }).apply(new Reshape({ targetShape: [16], name: 'flat' }).apply(r)));
  const model = new Model({ inputs: [a, b], outputs: out, name: 'every_layer' });
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
  const x = [tensor(uniformArray(20 * 6, 1), [20, 6]), tensor(uniformArray(20 * 4, 2), [20, 4])];
  await model.fit(x, tensor(Float32Array.from({ length: 20 }, (_, i) => i % 3), [20]), { epochs: 2, batchSize: 5, verbose: 0 });
  return { model, x };
}

describe('save and load (Axon ↔ Axon)', () => {
  it('in memory: the same topology, weights and predictions, bit for bit', async () => {
    const { model, x } = await everyLayer();
    const handler = memory();
    await model.save(handler);
    const artifacts = handler.artifacts!;
    expect(artifacts.format).toBe('layers-model');
    expect(artifacts.weightSpecs!.map((w) => w.name)).toEqual(['h/kernel', 'h/bias', 'bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance', 'g/kernel', 'g/bias', 'logits/kernel', 'logits/bias']);
    const loaded = await loadModel(artifacts);
    expect(loaded.layers.map((l) => `${l.name}:${l.className}`)).toEqual(model.layers.map((l) => `${l.name}:${l.className}`));
    expect(loaded.getWeights().map((w) => Array.from(w.data))).toEqual(model.getWeights().map((w) => Array.from(w.data)));
    expect(Array.from(((await loaded.predict(x)) as Tensor).data)).toEqual(Array.from(((await model.predict(x)) as Tensor).data));
    expect(loaded.summary(98, () => undefined)).toBe(model.summary(98, () => undefined).replace('every_layer', loaded.name));
    model.dispose();
    loaded.dispose();
  });

  it('file://: model.json and one weights file, nothing else left behind; a Sequential declared without an input shape too', async () => {
    const dir = tempDir();
    setRandomSeed(5);
    const model = new Sequential([new Dense(5, { activation: 'sigmoid' }), new Dense(2)]);
    const x = tensor(uniformArray(4 * 3, 3), [4, 3]);
    const before = await model.predict(x);
    await model.save(pathToFileURL(dir).href);
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, 3]);
    const loaded = await loadModel(pathToFileURL(join(dir, 'model.json')).href);
    expect(Array.from((await loaded.predict(x) as Tensor).data)).toEqual(Array.from(before.data));
    model.dispose();
    loaded.dispose();
  });

  it('includeOptimizer: 2 epochs, save, load, 2 more epochs equal 4 epochs bit for bit (Adam, shuffled)', async () => {
    const x = tensor(uniformArray(40 * 5, 7), [40, 5]);
    const y = tensor(Float32Array.from({ length: 40 }, (_, i) => (i * 7) % 3), [40]);
    const make = (): Sequential => {
      const m = new Sequential([new Dense(6, { activation: 'relu', inputShape: [5] }), new Dense(3, { activation: 'softmax' })]);
      m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new Adam({ learningRate: 0.01 }), metrics: ['accuracy'] });
      return m;
    };
    setRandomSeed(77);
    const straight = make();
    const all = await straight.fit(x, y, { epochs: 4, batchSize: 8, verbose: 0 });
    setRandomSeed(77);
    const first = make();
    await first.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    const handler = memory();
    await first.save(handler, { includeOptimizer: true });
    expect(handler.artifacts!.trainingConfig!.optimizer_config.class_name).toBe('Adam');
    expect(handler.artifacts!.weightSpecs!.filter((w) => w.group === 'optimizer').map((w) => w.name)).toEqual([
      'iter', 'dense/kernel/m'.replace('dense', first.layers[0]!.name), `${first.layers[0]!.name}/bias/m`, `${first.layers[1]!.name}/kernel/m`, `${first.layers[1]!.name}/bias/m`,
      `${first.layers[0]!.name}/kernel/v`, `${first.layers[0]!.name}/bias/v`, `${first.layers[1]!.name}/kernel/v`, `${first.layers[1]!.name}/bias/v`,
    ]);
    const resumed = await loadModel(handler.artifacts!);
    expect(resumed.optimizer!.iterations).toBe(10);
    const rest = await resumed.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(rest.history['loss']).toEqual(all.history['loss']!.slice(2));
    expect(rest.history['accuracy']).toEqual(all.history['accuracy']!.slice(2));
    expect(resumed.getWeights().map((w) => Array.from(w.data))).toEqual(straight.getWeights().map((w) => Array.from(w.data)));
    for (const m of [straight, first, resumed]) m.dispose();
  });

  it('toJSON / modelFromJSON (topology only) and saveWeights / loadWeights (weights only, by name)', async () => {
    const { model, x } = await everyLayer();
    const copy = modelFromJSON(JSON.stringify(model.toJSON()));
    expect(copy.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    await copy.build();
    const handler = memory();
    await model.saveWeights(handler);
    expect(handler.artifacts!.modelTopology).toBeNull();
    await copy.loadWeights(handler.artifacts!);
    expect(Array.from(((await copy.predict(x)) as Tensor).data)).toEqual(Array.from(((await model.predict(x)) as Tensor).data));
    await expect(loadModel(handler.artifacts!)).rejects.toThrow(/holds weights only \(saved by saveWeights\); build the model and call model.loadWeights\(\)/);
    model.dispose();
    copy.dispose();
  });
});

type TfModel = Awaited<ReturnType<Tf['loadLayersModel']>>;

/** tfjs' artifacts for a tfjs model, through its own save handler. */
async function tfArtifacts(model: TfModel): Promise<ModelArtifacts> {
  let saved: ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a as unknown as ModelArtifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return saved!;
}

describe('TensorFlow.js writes, Axon reads; Axon writes, TensorFlow.js reads', () => {
  it('a tfjs Sequential (every activation, Dropout, BatchNormalization, regularizers) loads with tfjs\' predictions', async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 7, activation: 'relu', inputShape: [5], kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }) }));
    m.add(tf.layers.dropout({ rate: 0.3 }));
    m.add(tf.layers.dense({ units: 6, activation: 'tanh', biasInitializer: 'randomNormal' }));
    m.add(tf.layers.batchNormalization({ momentum: 0.9 }));
    m.add(tf.layers.dense({ units: 5, activation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 4, activation: 'linear' }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    // Moving statistics away from their initial values, so that inference uses learnt ones.
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const xs = uniformArray(32 * 5, 9);
    await m.fit(tf.tensor(xs, [32, 5]), tf.tensor(Float32Array.from({ length: 32 }, (_, i) => i % 3), [32]), { epochs: 2, verbose: 0 });
    const artifacts = await tfArtifacts(m);
    const ours = await loadModel(artifacts);
    const expected = (m.predict(tf.tensor(xs, [32, 5])) as ReturnType<Tf['tensor']>).dataSync();
    const got = ((await ours.predict(tensor(xs, [32, 5]))) as Tensor).data;
    expectSamePredictions(got, expected, 'tfjs Sequential → loadModel');
    ours.dispose();
    m.dispose();
  });

  it('a tfjs functional model (two inputs, Concatenate, Add) loads with tfjs\' predictions', async () => {
    const a = tf.input({ shape: [4], name: 'left' });
    const b = tf.input({ shape: [3], name: 'right' });
    const ha = tf.layers.dense({ units: 5, activation: 'relu', name: 'ha' }).apply(a) as ReturnType<Tf['input']>;
    const hb = tf.layers.dense({ units: 5, activation: 'tanh', name: 'hb' }).apply(b) as ReturnType<Tf['input']>;
    const cat = tf.layers.concatenate({ name: 'cat' }).apply([tf.layers.add({ name: 'sum' }).apply([ha, hb]) as ReturnType<Tf['input']>, ha]) as ReturnType<Tf['input']>;
    const out = tf.layers.dense({ units: 2, name: 'out' }).apply(cat) as ReturnType<Tf['input']>;
    const m = tf.model({ inputs: [a, b], outputs: out });
    const ours = await loadModel(await tfArtifacts(m));
    expect(ours.inputNames).toEqual(['left', 'right']);
    const xa = uniformArray(10 * 4, 1);
    const xb = uniformArray(10 * 3, 2);
    const expected = (m.predict([tf.tensor(xa, [10, 4]), tf.tensor(xb, [10, 3])]) as ReturnType<Tf['tensor']>).dataSync();
    const got = ((await ours.predict({ left: tensor(xa, [10, 4]), right: tensor(xb, [10, 3]) })) as Tensor).data;
    expectSamePredictions(got, expected, 'tfjs functional → loadModel');
    ours.dispose();
    m.dispose();
  });

  it('tf.loadLayersModel reads what Axon writes, from memory and from the files on disk, with Axon\'s predictions', async () => {
    const { model, x } = await everyLayer();
    // tfjs has no Reshape-free Activation issue: the whole every-layer model goes across.
    const handler = memory();
    await model.save(handler);
    const fromMemory = await tf.loadLayersModel(tf.io.fromMemory(handler.artifacts as never));
    const expected = ((await model.predict(x)) as Tensor).data;
    const tfX = x.map((t) => tf.tensor(t.data as Float32Array, [...t.shape]));
    const tfGot = (fromMemory.predict(tfX) as ReturnType<Tf['tensor']>).dataSync();
    expectSamePredictions(tfGot, expected, 'Axon every-layer model → tf.loadLayersModel');
    const dir = tempDir();
    await model.save(pathToFileURL(dir).href);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
    const fromFiles = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
    expect(closeness((fromFiles.predict(tfX) as ReturnType<Tf['tensor']>).dataSync(), expected, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    model.dispose();
    fromMemory.dispose();
    fromFiles.dispose();
  });
});

describe('malformed files are typed errors naming the file and the weight', () => {
  async function saved(): Promise<{ dir: string; json: Record<string, unknown> & { weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[]; modelTopology: { config: { layers: { class_name: string }[] } } } }> {
    setRandomSeed(2);
    const m = new Sequential([new Dense(3, { inputShape: [2], name: 'd1' }), new Dense(1, { name: 'd2' })]);
    const dir = tempDir();
    await m.save(pathToFileURL(dir).href);
    m.dispose();
    return { dir, json: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) };
  }
  const url = (dir: string): string => pathToFileURL(dir).href;
  const rewrite = (dir: string, json: object): void => writeFileSync(join(dir, 'model.json'), JSON.stringify(json));

  it('unknown layer class, shape mismatch, missing and extra weights, dtype, NaN, short and long shards, missing files, a weights-only file', async () => {
    let { dir, json } = await saved();
    json.modelTopology.config.layers[1]!.class_name = 'Conv2D';
    rewrite(dir, json);
    await expect(loadModel(url(dir))).rejects.toThrow(FormatError);
    await expect(loadModel(url(dir))).rejects.toThrow(/unknown layer class "Conv2D"; Axon knows Dense, Flatten, Reshape/);

    ({ dir, json } = await saved());
    json.weightsManifest[0]!.weights[0]!.shape = [3, 2];
    rewrite(dir, json);
    await expect(loadModel(url(dir))).rejects.toThrow(ShapeError);
    await expect(loadModel(url(dir))).rejects.toThrow(/weight "d1\/kernel" has shape \[3, 2\], but d1\/kernel is \[2, 3\]/);

    ({ dir, json } = await saved());
    json.weightsManifest[0]!.weights[0]!.name = 'other/kernel';
    rewrite(dir, json);
    await expect(loadModel(url(dir))).rejects.toThrow(/no stored weight for d1\/kernel \(shape \[2, 3\]\); the file holds other\/kernel, d1\/bias, d2\/kernel, d2\/bias/);

    ({ dir, json } = await saved());
    json.weightsManifest[0]!.weights[2]!.dtype = 'uint8';
    rewrite(dir, json);
    await expect(loadModel(url(dir))).rejects.toThrow(/weight "d2\/kernel" is "uint8"; Axon reads float32/);

    ({ dir, json } = await saved());
    const bin = readFileSync(join(dir, 'group1-shard1of1.bin'));
    const withNaN = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    withNaN[4] = NaN;
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(withNaN.buffer));
    await expect(loadModel(url(dir))).rejects.toThrow(/weight "d1\/kernel" holds NaN at index 4; expected finite numbers/);
    writeFileSync(join(dir, 'group1-shard1of1.bin'), bin.subarray(0, bin.length - 4));
    await expect(loadModel(url(dir))).rejects.toThrow(/holds 48 bytes, too few for weight "d2\/bias"/);
    writeFileSync(join(dir, 'group1-shard1of1.bin'), Buffer.concat([bin, Buffer.alloc(8)]));
    await expect(loadModel(url(dir))).rejects.toThrow(/the weight data holds 60 bytes but the manifest describes 52/);
    rmSync(join(dir, 'group1-shard1of1.bin'));
    await expect(loadModel(url(dir))).rejects.toThrow(/cannot read the weights file .*group1-shard1of1.bin \(ENOENT\)/);
    await expect(loadModel(url(join(dir, 'nowhere')))).rejects.toThrow(/nowhere\/model.json: cannot read the model \(ENOENT\)/);
    writeFileSync(join(dir, 'model.json'), '{ not json');
    await expect(loadModel(url(dir))).rejects.toThrow(/model.json: not JSON/);
    await expect(loadModel('ftp://x/model.json')).rejects.toThrow(/unknown scheme in "ftp:\/\/x\/model.json"/);
    expect(existsSync(dir)).toBe(true);
  });

  it('http(s):// through fetchFunc: shards resolved against model.json\'s URL; an HTTP error names the URL', async () => {
    const { dir } = await saved();
    const files: Record<string, Uint8Array> = {
      'https://models.example/m/model.json': readFileSync(join(dir, 'model.json')),
      'https://models.example/m/group1-shard1of1.bin': readFileSync(join(dir, 'group1-shard1of1.bin')),
    };
    const requested: string[] = [];
    const fetchFunc = (async (input: string) => {
      requested.push(String(input));
      const body = files[String(input)];
      return body ? new Response(body) : new Response('missing', { status: 404 });
    }) as unknown as typeof fetch;
    const model = await loadModel('https://models.example/m/model.json', { fetchFunc });
    expect(requested).toEqual(['https://models.example/m/model.json', 'https://models.example/m/group1-shard1of1.bin']);
    expect(model.getWeights()).toHaveLength(4);
    model.dispose();
    await expect(loadModel('https://models.example/other/model.json', { fetchFunc })).rejects.toThrow(/https:\/\/models.example\/other\/model.json: HTTP 404/);
  });
});
