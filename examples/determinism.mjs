// setRandomSeed(n) makes a run repeatable, as keras.utils.set_random_seed does: the initial weights,
// the order fit() shuffles the samples in and the units Dropout drops all come from the seeded
// generator. Two runs with the same seed end with bit-identical weights and History; another seed
// gives another run. (A small 784→64→Dropout(0.3)→10 network on 2,000 Fashion-MNIST images.)
//   node examples/determinism.mjs   (after npm run build)
// Options: --seed N (default 42).
import { Dense, Dropout, Sequential, setRandomSeed } from '../dist/index.js';
import { isMain, numberFlag, runMain } from './common.mjs';
import { loadSplits, sliceSplits } from './fashion-mnist.mjs';

const CENTRE_ROW = 14 * 28 + 14;

/** Seeds, builds, and trains; returns the initial and final weights (float32 bits) and the History. */
export async function run(data, seed, { epochs = 2 } = {}) {
  setRandomSeed(seed);
  const model = new Sequential([
    new Dense(64, { activation: 'relu', inputShape: [784] }),
    new Dropout(0.3),
    new Dense(10, { activation: 'softmax' }),
  ]);
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const initial = model.getWeights().map((w) => Float32Array.from(w.data));
  const history = await model.fit(data.xTrain, data.yTrain, { epochs, batchSize: 32, shuffle: true, validationData: [data.xVal, data.yVal], verbose: 0 });
  const weights = model.getWeights().map((w) => Float32Array.from(w.data));
  model.dispose();
  return { initial, weights, history: history.history };
}

/** True when every weight of `a` has exactly the bits of the same weight of `b`. */
export function sameBits(a, b) {
  if (a.length !== b.length) return false;
  return a.every((w, i) => w.length === b[i].length && Buffer.compare(Buffer.from(w.buffer, w.byteOffset, w.byteLength), Buffer.from(b[i].buffer, b[i].byteOffset, b[i].byteLength)) === 0);
}

async function main(args) {
  const seed = numberFlag(args, '--seed', 42);
  const data = sliceSplits(await loadSplits(), 2000);
  const first = await run(data, seed);
  const again = await run(data, seed);
  const other = await run(data, seed + 1);
  // The centre pixel's first four weights: the corner pixels are 0 in every image and never train.
  const centre = (w) => Array.from(w[0].subarray(CENTRE_ROW * 64, CENTRE_ROW * 64 + 4), (v) => v.toFixed(6)).join(', ');
  for (const [label, r] of [[`seed ${seed}`, first], [`seed ${seed} again`, again], [`seed ${seed + 1}`, other]]) {
    console.log(`${label.padEnd(13)} initial ${centre(r.initial)}; trained ${centre(r.weights)}; loss ${r.history.loss.map((v) => v.toFixed(6)).join(' ')}`);
  }
  console.log(`same seed: weights bit-identical ${sameBits(first.weights, again.weights)}, History identical ${JSON.stringify(first.history) === JSON.stringify(again.history)}`);
  console.log(`other seed: weights identical ${sameBits(first.weights, other.weights)}`);
}

if (isMain(import.meta.url)) await runMain(main);
