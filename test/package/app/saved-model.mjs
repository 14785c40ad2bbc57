// Builds and saves a small functional model in Node, in memory, and writes what a Worker would have
// from KV or R2 (the artifacts, weights in base64) plus Node's predictions: saved-model.json.
import { writeFileSync } from 'node:fs';
import * as axon from 'axon-nn';

await axon.ready();
axon.setRandomSeed(12);
const x = axon.Input({ shape: [6], name: 'x' });
const h = new axon.Dense(10, { activation: 'relu' }).apply(x);
const out = new axon.Dense(3, { activation: 'softmax' }).apply(axon.concatenate([h, new axon.Dense(2, { activation: 'tanh' }).apply(x)]));
const model = new axon.Model({ inputs: x, outputs: out });
let artifacts;
await model.save({ save: async (a) => { artifacts = a; return { modelArtifactsInfo: {} }; } });
const input = Array.from({ length: 4 * 6 }, (_, i) => Math.cos(i));
const predictions = Array.from((await model.predict(axon.tensor(Float32Array.from(input), [4, 6]))).data);
const { weightData, ...rest } = artifacts;
writeFileSync('saved-model.json', JSON.stringify({ artifacts: rest, weightData: Buffer.from(weightData).toString('base64'), input, predictions }));
console.log(JSON.stringify({ predictions }));
