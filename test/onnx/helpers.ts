import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import {
  Activation, Add, Average, Concatenate, Dense, Dropout, Flatten, Input, Maximum, Model, Multiply, Reshape, Sequential, Subtract, Tensor, setRandomSeed,
} from '../../src/index.js';

/** Folder of the files scripts/onnx-fixtures.py writes. */
const FIXTURES = fileURLToPath(new URL('../fixtures/onnx/', import.meta.url));

interface Array32 {
  shape: number[];
  data: number[];
}

/** A PyTorch-exported model, with the inputs it was run on and torch's outputs, by name. */
export interface TorchFixture {
  bytes: Uint8Array;
  inputs: Record<string, Array32>;
  outputs: Record<string, Array32>;
  ops: string[];
}

export function torchFixture(name: string): TorchFixture {
  const record = JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Omit<TorchFixture, 'bytes'>;
  return { ...record, bytes: new Uint8Array(readFileSync(`${FIXTURES}${name}.onnx`)) };
}

export function toTensor(array: Array32): Tensor<'float32'> {
  return new Tensor(Float32Array.from(array.data), array.shape);
}

/** Runs ONNX Runtime (the native CPU provider) on `bytes` and returns its outputs by name. */
export async function runOrt(bytes: Uint8Array, inputs: Record<string, Tensor>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'disabled' });
  try {
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape])]));
    const results = await session.run(feeds);
    return Object.fromEntries(Object.entries(results).map(([name, t]) => [name, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** A Sequential MLP of the given layer widths (relu between, softmax last), random weights and biases. */
export { differences } from '../helpers/random-data.js';

export function mlp(widths: number[], seed: number): Sequential {
  setRandomSeed(seed);
  const [inputs, ...units] = widths;
  return new Sequential(units.map((n, i) => new Dense(n, {
    activation: i === units.length - 1 ? 'softmax' : 'relu',
    biasInitializer: 'random_normal',
    ...(i === 0 ? { inputShape: [inputs!] } : {}),
  })));
}

/** Two inputs, two outputs, every layer exportOnnx writes: Dense on rank 2 and 3, every merge, Reshape, Flatten, Dropout. */
export function twoInputModel(seed: number): Model {
  setRandomSeed(seed);
  const a = Input({ shape: [12], name: 'a' });
  const b = Input({ shape: [6], name: 'b' });
  const dense = (units: number, activation: 'relu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear', name: string) =>
    new Dense(units, { activation, name, biasInitializer: 'random_normal' });
  const ha = dense(8, 'relu', 'ha').apply(a);
  const hb = dense(8, 'tanh', 'hb').apply(b);
  const hc = dense(8, 'linear', 'hc').apply(a);
  const sum = new Add({ name: 'sum3' }).apply([ha, hb, hc]);
  const difference = new Subtract({ name: 'difference' }).apply([ha, hb]);
  const product = new Multiply({ name: 'product3' }).apply([ha, hb, hc]);
  const mean = new Average({ name: 'mean' }).apply([sum, difference]);
  const largest = new Maximum({ name: 'largest' }).apply([product, difference]);
  const joined = new Concatenate({ name: 'joined' }).apply([mean, largest]); // [16]
  const dropped = new Dropout(0.4, { name: 'dropped' }).apply(joined);
  const grid = new Reshape({ targetShape: [4, -1], name: 'grid' }).apply(dropped); // [4, 4]
  const rows = dense(3, 'sigmoid', 'rows').apply(grid); // Dense on the last axis: [4, 3]
  const stacked = new Concatenate({ axis: 1, name: 'stacked' }).apply([rows, new Reshape({ targetShape: [2, 3], name: 'pairs' }).apply(dense(6, 'linear', 'hd').apply(b))]); // [6, 3]
  const flat = new Flatten({ name: 'flat' }).apply(stacked);
  const probabilities = dense(5, 'softmax', 'probabilities').apply(flat);
  const side = new Activation('tanh', { name: 'side' }).apply(largest);
  return new Model({ inputs: [a, b], outputs: [probabilities, side], name: 'two_input' });
}
