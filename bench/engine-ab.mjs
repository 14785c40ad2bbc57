// The graph engine against another built checkout (the engine before it), in one process,
// alternating: milliseconds of one training epoch (48,000 rows, batch 32) of the seed models.
//   node bench/engine-ab.mjs --base=/path/to/old/checkout
const head = await import('../dist/index.js');
const baseArg = process.argv.find((a) => a.startsWith('--base='));
if (!baseArg) throw new Error('usage: node bench/engine-ab.mjs --base=/path/to/old/checkout (built)');
const base = await import(`${baseArg.slice(7)}/dist/index.js`);
await head.ready(); await base.ready();
const n = 48000, x = new Float32Array(n * 784).map((_, i) => ((i * 2654435761) % 1000) / 1000), y = new Int32Array(n).map((_, i) => i % 10);
async function epoch(A, hidden) {
  A.setRandomSeed(1);
  const layers = hidden ? [new A.Dense(100, { activation: 'relu', inputShape: [784] }), new A.Dense(10, { activation: 'softmax' })] : [new A.Dense(10, { activation: 'softmax', inputShape: [784] })];
  const m = new A.Sequential(layers);
  m.compile({ loss: 'sparse_categorical_crossentropy', optimizer: hidden ? 'adam' : 'rmsprop', metrics: ['accuracy'] });
  const xt = A.tensor(x, [n, 784]), yt = A.tensor(y, [n]);
  // Training time alone: from the start to the end of each epoch (the input checks come before).
  const times = [];
  let t0 = 0;
  await m.fit(xt, yt, { epochs: 3, batchSize: 32, verbose: 0, callbacks: { onEpochBegin: () => void (t0 = performance.now()), onEpochEnd: () => void times.push(performance.now() - t0) } });
  m.dispose();
  return Math.min(...times.slice(1));
}
for (const hidden of [false, true]) {
  const r = { base: [], head: [] };
  for (let i = 0; i < 4; i++) { r.base.push(await epoch(base, hidden)); r.head.push(await epoch(head, hidden)); }
  const min = (a) => Math.min(...a).toFixed(1);
  console.log(hidden ? '784-100-10' : '784-10', 'base', min(r.base), 'head', min(r.head), 'ms');
}
