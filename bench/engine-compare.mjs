// The graph engine against the engine before it, in one run on one machine: seconds per epoch of
// the seed Sequential models (real Fashion-MNIST, 48,000 rows, batch 32) from this checkout and
// from another built checkout (the commit before the graph engine), alternating runs, best of 3;
// and the step time of a two-input functional model against the Sequential of the same sizes.
//   node bench/engine-compare.mjs --base=/path/to/old/checkout   (both checkouts built)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODELS, TRAIN_ROWS } from './lib/common.mjs';

const baseArg = process.argv.find((a) => a.startsWith('--base='));
const base = baseArg ? baseArg.slice(7) : null;
const here = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 3;
const EPOCHS = 2;

function epochSeconds(root, model) {
  const child = `${root}/bench/lib/epoch-child.mjs`;
  const txt = execFileSync(process.execPath, ['--expose-gc', child, 'axon', model.id, String(EPOCHS), String(TRAIN_ROWS)], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'ignore'] });
  const r = JSON.parse(txt.trim().split('\n').filter((l) => l.startsWith('{')).pop());
  return Math.min(...r.epochSeconds);
}

const rows = [];
for (const model of MODELS) {
  const runs = { head: [], base: [] };
  for (let round = 0; round < ROUNDS; round++) {
    if (base) runs.base.push(epochSeconds(base, model));
    runs.head.push(epochSeconds(here, model));
  }
  const row = { model: model.id, label: model.label, head: Math.min(...runs.head), base: base ? Math.min(...runs.base) : null, runs };
  row.ratio = row.base ? row.head / row.base : null;
  console.log(`${model.label}: ${row.head.toFixed(3)} s/epoch now${row.base ? `, ${row.base.toFixed(3)} before (×${row.ratio.toFixed(3)})` : ''}`);
  rows.push(row);
}

// A two-input functional model (the wide & deep shape on Fashion-MNIST's halves) against the
// Sequential 784→100→10 of nearly the same arithmetic: microseconds per training step at batch 32.
const axon = await import('../dist/index.js');
await axon.ready();
const n = 9600;
const x = new Float32Array(n * 784).map((_, i) => ((i * 2654435761) % 1000) / 1000);
const y = new Int32Array(n).map((_, i) => i % 10);
async function stepMicros(build, inputs) {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    axon.setRandomSeed(1);
    const model = build();
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam' });
    const t0 = performance.now();
    await model.fit(inputs, axon.tensor(y, [n]), { epochs: 1, batchSize: 32, verbose: 0 });
    best = Math.min(best, ((performance.now() - t0) * 1000) / (n / 32));
    model.dispose();
  }
  return best;
}
const left = new Float32Array(n * 392), right = new Float32Array(n * 392);
for (let r = 0; r < n; r++) {
  left.set(x.subarray(r * 784, r * 784 + 392), r * 392);
  right.set(x.subarray(r * 784 + 392, (r + 1) * 784), r * 392);
}
const functional = await stepMicros(() => {
  const a = axon.Input({ shape: [392] }), b = axon.Input({ shape: [392] });
  const h = axon.concatenate([new axon.Dense(50, { activation: 'relu' }).apply(a), new axon.Dense(50, { activation: 'relu' }).apply(b)]);
  return new axon.Model({ inputs: [a, b], outputs: new axon.Dense(10, { activation: 'softmax' }).apply(h) });
}, [axon.tensor(left, [n, 392]), axon.tensor(right, [n, 392])]);
const sequential = await stepMicros(() => new axon.Sequential([new axon.Dense(100, { activation: 'relu', inputShape: [784] }), new axon.Dense(10, { activation: 'softmax' })]), axon.tensor(x, [n, 784]));
console.log(`two-input functional (392+392 → 50+50 → concat → 10): ${functional.toFixed(1)} µs/step; Sequential 784→100→10: ${sequential.toFixed(1)} µs/step (batch 32, Adam)`);

const result = { date: new Date().toISOString(), base, rounds: ROUNDS, epochsPerRun: EPOCHS, rows, functionalStepMicros: functional, sequentialStepMicros: sequential };
writeFileSync(new URL('./results/engine-compare.json', import.meta.url), JSON.stringify(result, null, 2));
