// One-sample inference latency of 784→300→100→10 through model.predict (issue 16's ≤ 25 µs row):
// 2000 calls after 2000 warm-up calls, best of 5 rounds.
//   node bench/predict-one.mjs [path/to/dist/index.js]   (default: this checkout's dist)
const target = process.argv[2] ?? new URL('../dist/index.js', import.meta.url).href;
const A = await import(target);
await A.ready();
A.setRandomSeed(1);
const m = new A.Sequential([new A.Dense(300, { activation: 'relu', inputShape: [784] }), new A.Dense(100, { activation: 'relu' }), new A.Dense(10, { activation: 'softmax' })]);
await m.build();
const x = A.tensor(new Float32Array(784).map((_, i) => (i % 255) / 255), [1, 784]);
for (let i = 0; i < 2000; i++) await m.predict(x);
let best = Infinity;
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  for (let i = 0; i < 2000; i++) await m.predict(x);
  best = Math.min(best, ((performance.now() - t0) / 2000) * 1000);
}
console.log(`${target}: ${best.toFixed(1)} µs per one-sample predict`);
