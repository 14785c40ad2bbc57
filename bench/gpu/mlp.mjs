// A dense MLP's training step on any backend instance, through the engine's Executor, Dense layers
// and Adam: the calls fit() makes (forward with fused bias+activation, fused softmax cross-entropy
// gradient, xᵀ·dz, column sums, dz·Wᵀ, relu backward, Adam update). The same code runs the Wasm
// backend and every GPU mode; on WebGPU, whose readback is asynchronous, the step awaits its loss
// (the only value that comes back per step).
import { Adam, Dense, Sequential, registerBackend } from '../../dist/index.js';
import { Executor } from '../../dist/models/executor.js';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticData(rows, inputs, classes, seed = 1) {
  const r = mulberry32(seed);
  const x = new Float32Array(rows * inputs);
  for (let i = 0; i < x.length; i++) x[i] = r();
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = Math.floor(r() * classes);
  return { x, y, rows, inputs, classes };
}

/** Glorot-uniform weights and zero biases, deterministic by seed. */
export function initialWeights(dims, seed = 2) {
  const r = mulberry32(seed);
  const out = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const limit = Math.sqrt(6 / (dims[l] + dims[l + 1]));
    const w = new Float32Array(dims[l] * dims[l + 1]);
    for (let i = 0; i < w.length; i++) w[i] = (2 * r() - 1) * limit;
    out.push({ w, b: new Float32Array(dims[l + 1]) });
  }
  return out;
}

let instances = 0;

/**
 * A Sequential of Dense layers (relu, then softmax) trained with Adam and sparse cross-entropy,
 * stepped batch by batch through the engine's own Executor on the given backend instance, so the
 * bench times the very calls fit() makes, on Wasm and on every GPU mode alike.
 */
export class Mlp {
  constructor(backend, dims, batch, weights, { learningRate = 0.001 } = {}) {
    this.backend = backend;
    this.batch = batch;
    // The model looks its backend up by name: this instance under a name of its own.
    const name = `bench-mlp-${instances++}`;
    registerBackend(name, () => backend);
    const last = dims.length - 2;
    this.model = new Sequential(dims.slice(1).map((units, l) => new Dense(units, {
      activation: l === last ? 'softmax' : 'relu',
      ...(l === 0 ? { inputShape: [dims[0]] } : {}),
    })), { backend: name });
    // The backend is ready, so the weights exist at once.
    this.model.setWeights(weights.flatMap(({ w, b }) => [w, b]));
    this.optimizer = new Adam({ learningRate });
    this.executor = new Executor(backend, this.model.layerGraph, batch, [{ cols: 1, integer: true }], true);
    this.params = this.executor.trainableParams();
    this.heads = [{ loss: 'sparse_categorical_crossentropy', weight: 1, metrics: [] }];
  }

  /** One training step on rows `order[start..start+count)`; resolves to the summed loss. */
  async step(data, order, start, count) {
    const be = this.backend;
    be.writeRows(this.executor.input, data.x, order, start, count, data.inputs);
    be.writeRows(this.executor.target, data.y, order, start, count, 1);
    const sums = await this.executor.forwardBackward(count, this.heads);
    this.optimizer.applyGradients(this.params, be);
    return sums.loss;
  }

  /** `steps` steps (all of them when omitted) over the data in order; returns the mean loss and time. */
  async epoch(data, steps = Math.ceil(data.rows / this.batch)) {
    const order = new Uint32Array(data.rows);
    for (let i = 0; i < data.rows; i++) order[i] = i;
    let total = 0;
    let seen = 0;
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      const start = s * this.batch;
      const count = Math.min(this.batch, data.rows - start);
      if (count <= 0) break;
      total += await this.step(data, order, start, count);
      seen += count;
    }
    if (this.backend.flush) await this.backend.flush();
    return { loss: total / seen, seconds: (performance.now() - t0) / 1000, samples: seen, steps: Math.ceil(seen / this.batch) };
  }

  async weights() {
    const tensors = await this.model.getWeightsAsync();
    const out = [];
    for (let i = 0; i < tensors.length; i += 2) out.push({ w: tensors[i].data, b: tensors[i + 1].data });
    return out;
  }

  dispose() {
    this.executor.dispose();
    this.optimizer.dispose();
    this.model.dispose();
  }
}
