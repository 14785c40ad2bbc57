// Shared pieces of the benchmark suites: machine description, Fashion-MNIST, the three MLPs built
// identically in Axon and in TensorFlow.js, result files.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
// Quick runs never overwrite the full results.
export const resultsDir = root + (QUICK ? 'bench/results/quick/' : 'bench/results/');

export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/);
    if (m) cpu = m[1].trim();
  } catch {}
  return { cpu, cores: os.cpus().length, node: process.version, v8: process.versions.v8, platform: `${os.platform()} ${os.arch()}`, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), date: new Date().toISOString() };
}

export function saveResult(suite, data) {
  mkdirSync(resultsDir, { recursive: true });
  if (QUICK) writeFileSync(resultsDir + '.gitignore', '*\n');
  writeFileSync(resultsDir + suite + '.json', JSON.stringify({ suite, machine: machine(), quick: QUICK, ...data }, null, 2) + '\n');
}

export function loadResult(suite) {
  const f = resultsDir + suite + '.json';
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
}

// ---------------------------------------------------------------- data
const DATA_DIR = '/usr/share/datasets/fashion-mnist/';
export const TRAIN_ROWS = 48000; // Keras' validation_split=0.2 of the 60,000 training images

function parseIdxGz(path) {
  const buf = gunzipSync(readFileSync(path));
  const dims = buf[3];
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  return { shape, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * dims, shape.reduce((a, b) => a * b, 1)) };
}

/** Fashion-MNIST as float32 pixels in [0, 1] ([n, 784]) and int labels, train cut to 48,000 rows. */
export async function fashion() {
  let raw;
  try {
    // Prefer Axon's own loader (dist/data) when it is built; fall back to parsing the IDX files.
    const { fashionMnist } = await import('../../dist/data/index.js');
    const [[xt, yt], [xv, yv]] = await fashionMnist.loadData({ download: false });
    raw = { xTrain: xt.data ?? xt.values, yTrain: yt.data ?? yt.values, xTest: xv.data ?? xv.values, yTest: yv.data ?? yv.values, source: 'axon-nn dist/data fashionMnist.loadData' };
    if (!(raw.xTrain instanceof Uint8Array) || raw.xTrain.length !== 60000 * 784) throw new Error('unexpected loader result');
  } catch {
    raw = {
      xTrain: parseIdxGz(DATA_DIR + 'train-images-idx3-ubyte.gz').data,
      yTrain: parseIdxGz(DATA_DIR + 'train-labels-idx1-ubyte.gz').data,
      xTest: parseIdxGz(DATA_DIR + 't10k-images-idx3-ubyte.gz').data,
      yTest: parseIdxGz(DATA_DIR + 't10k-labels-idx1-ubyte.gz').data,
      source: DATA_DIR + '*.gz (parsed by bench/lib/common.mjs)',
    };
  }
  const toF = (u8, rows) => {
    const out = new Float32Array(rows * 784);
    for (let i = 0; i < out.length; i++) out[i] = u8[i] / 255;
    return out;
  };
  return {
    xTrain: toF(raw.xTrain, TRAIN_ROWS),
    yTrain: Int32Array.from(raw.yTrain.subarray(0, TRAIN_ROWS)),
    xTest: toF(raw.xTest, 10000),
    yTest: Int32Array.from(raw.yTest),
    source: raw.source,
  };
}

export function oneHot(labels, classes = 10) {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return out;
}

/** Deterministic pseudo-random floats in [-1, 1). */
export function randomArray(n, seed = 42) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

// ---------------------------------------------------------------- models
export const MODELS = [
  { id: '784-10', label: '784→10 softmax (rmsprop)', hidden: [], optimizer: 'rmsprop' },
  { id: '784-100-10', label: '784→100 relu→10 softmax (adam)', hidden: [100], optimizer: 'adam' },
  { id: '784-300-100-10', label: '784→300 relu→100 relu→10 softmax (sgd)', hidden: [300, 100], optimizer: 'sgd' },
];

/** FLOPs of one training step (forward, and both backward products except dX of the first layer). */
export function stepFlops(model, batch) {
  const dims = [784, ...model.hidden, 10];
  let f = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    const mm = 2 * batch * dims[l] * dims[l + 1];
    f += mm; // forward
    f += mm; // dW = Xᵀ·dY
    if (l > 0) f += mm; // dX = dY·Wᵀ
  }
  return f;
}

let axonMod = null;
export async function axon() {
  if (!axonMod) {
    axonMod = await import('../../dist/index.js');
    await axonMod.ready();
  }
  return axonMod;
}

export async function axonModel(model, seed = 1) {
  const A = await axon();
  A.setRandomSeed(seed);
  const dims = [...model.hidden, 10];
  const layers = dims.map((units, i) => new A.Dense(units, { activation: i === dims.length - 1 ? 'softmax' : 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }));
  const m = new A.Sequential(layers);
  m.compile({ optimizer: model.optimizer, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  await m.build([784]);
  return m;
}

let tfMods = null;
/** tfjs-core + tfjs-layers with the cpu and wasm backends registered (one tfjs-core instance). */
export async function tfjs() {
  if (!tfMods) {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await import('@tensorflow/tfjs-backend-wasm');
    const tfl = await import('@tensorflow/tfjs-layers');
    tfMods = { tf, tfl };
  }
  return tfMods;
}

export async function tfjsUse(backend) {
  const { tf } = await tfjs();
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend ${backend} failed to initialise`);
  }
  await tf.ready();
  const info = { backend };
  if (backend === 'wasm') {
    info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    info.threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  return info;
}

export async function tfjsModel(model) {
  const { tfl } = await tfjs();
  const dims = [...model.hidden, 10];
  const m = tfl.sequential();
  dims.forEach((units, i) => m.add(tfl.layers.dense({ units, activation: i === dims.length - 1 ? 'softmax' : 'relu', ...(i === 0 ? { inputShape: [784] } : {}) })));
  // One-hot labels + categoricalCrossentropy: the same loss as Axon's sparse variant.
  m.compile({ optimizer: model.optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

export const LIBS = ['axon', 'tfjs-wasm', 'tfjs-cpu'];
export const fmt = (x, d = 2) => (x == null || !Number.isFinite(x) ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(d));

/** benny prints several lines per suite; keep the console to our own one-line summaries. */
export async function quietBenny(fn) {
  const log = console.log;
  console.log = () => {};
  try { return await fn(); } finally { console.log = log; }
}

/**
 * The body of fit()'s batch loop for one fixed batch (rows written, forward + backward, update), on
 * a model that has been fit once so its executor and optimizer slots exist. Reaches into the
 * model's private fields on purpose: it times exactly what a training step costs.
 */
export async function axonTrainStep(A, model, x, labels, batch, features = 784) {
  await model.fit(A.tensor(x, [batch, features]), A.tensor(labels, [batch]), { epochs: 1, batchSize: batch, shuffle: false, verbose: 0 });
  // The graph engine's internals (Model.trainExecutor, Model.compiled): one input, one output head.
  const ex = model.trainExecutor, compiled = model.compiled, be = model.backend;
  const params = ex.trainableParams();
  const order = Uint32Array.from({ length: batch }, (_, i) => i);
  return () => {
    be.writeRows(ex.inputs[0], x, order, 0, batch, features);
    be.writeRows(ex.targets[0], labels, order, 0, batch, 1);
    const sums = ex.forwardBackward(batch, compiled.heads, [false]);
    compiled.optimizer.applyGradients(params, be);
    return sums;
  };
}

/**
 * Microseconds per call of an async `call`, the fastest of `samples` samples of about `sampleMs`
 * each, after `warmup` calls and a 200 ms calibration (inference rows of the threads and onnx suites).
 */
export async function fastestMicroseconds(call, { warmup = 20, sampleMs = 40, samples = 15 } = {}) {
  for (let i = 0; i < warmup; i++) await call();
  let t = performance.now(), n = 0;
  while (performance.now() - t < 200) { await call(); n++; }
  const per = Math.max(3, Math.round((n / 200) * sampleMs));
  let best = Infinity;
  for (let s = 0; s < samples; s++) {
    t = performance.now();
    for (let i = 0; i < per; i++) await call();
    best = Math.min(best, ((performance.now() - t) / per) * 1000);
  }
  return best;
}
