// A dense MLP's training step written against the Backend interface alone: the exact kernel calls
// that Sequential's Executor, Dense layers and Adam make (forward with fused bias+activation, fused
// softmax cross-entropy gradient, xᵀ·dz, column sums, dz·Wᵀ, relu backward, Adam update). The same
// code runs the Wasm backend and every GPU mode; on WebGPU, whose readback is asynchronous, the
// step awaits its loss through `lossAsync` (the only value that comes back per step).

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

export class Mlp {
  constructor(backend, dims, batch, weights, { learningRate = 0.001 } = {}) {
    this.backend = backend;
    this.dims = dims;
    this.batch = batch;
    this.lr = learningRate;
    this.t = 0;
    const L = dims.length - 1;
    this.layers = [];
    for (let l = 0; l < L; l++) {
      const [i, o] = [dims[l], dims[l + 1]];
      const layer = {
        w: backend.alloc(i * o), b: backend.alloc(o), gw: backend.alloc(i * o), gb: backend.alloc(o),
        mw: backend.alloc(i * o), vw: backend.alloc(i * o), mb: backend.alloc(o), vb: backend.alloc(o),
        out: backend.alloc(batch * o), grad: backend.alloc(batch * o),
      };
      backend.write(layer.w, weights[l].w);
      backend.write(layer.b, weights[l].b);
      this.layers.push(layer);
    }
    this.input = backend.alloc(batch * dims[0]);
    this.target = backend.alloc(batch, 'i32');
  }

  forward(rows) {
    const be = this.backend;
    let x = this.input;
    const L = this.layers.length;
    this.layers.forEach((layer, l) => {
      be.matMul({ m: rows, n: this.dims[l + 1], k: this.dims[l], a: x, b: layer.w, c: layer.out, bias: layer.b, activation: l === L - 1 ? 'softmax' : 'relu' });
      x = layer.out;
    });
    return x;
  }

  backwardAndUpdate(rows) {
    const be = this.backend;
    const L = this.layers.length;
    for (let l = L - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const x = l === 0 ? this.input : this.layers[l - 1].out;
      const [i, o] = [this.dims[l], this.dims[l + 1]];
      if (l !== L - 1) be.activationGrad('relu', layer.out, layer.grad, rows, o);
      be.matMul({ m: i, n: o, k: rows, a: x, transA: true, b: layer.grad, c: layer.gw });
      be.columnSums(layer.grad, rows, o, layer.gb);
      if (l > 0) be.matMul({ m: rows, n: i, k: o, a: layer.grad, b: layer.w, transB: true, c: this.layers[l - 1].grad });
    }
    this.t++;
    const rule = { kernel: 'adamUpdate', scalars: [this.lr, 0.9, 0.999, 1e-7, 1 - 0.9 ** this.t, 1 - 0.999 ** this.t] };
    for (const layer of this.layers) {
      be.update(rule, layer.w, layer.gw, [layer.mw, layer.vw]);
      be.update(rule, layer.b, layer.gb, [layer.mb, layer.vb]);
    }
  }

  /** One training step on rows `order[start..start+count)`; resolves to the summed loss. */
  async step(data, order, start, count) {
    const be = this.backend;
    be.writeRows(this.input, data.x, order, start, count, data.inputs);
    be.writeRows(this.target, data.y, order, start, count, 1);
    const out = this.forward(count);
    const last = this.layers[this.layers.length - 1];
    const args = ['sparse_categorical_crossentropy', out, this.target, count, data.classes, last.grad, 'softmax', 1 / count];
    const loss = be.lossAsync ? await be.lossAsync(...args) : be.loss(...args);
    this.backwardAndUpdate(count);
    return loss;
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
    const be = this.backend;
    const read = (b) => (be.readAsync ? be.readAsync(b) : be.read(b));
    const out = [];
    for (const layer of this.layers) out.push({ w: await read(layer.w), b: await read(layer.b) });
    return out;
  }

  dispose() {
    const be = this.backend;
    for (const layer of this.layers) for (const buf of Object.values(layer)) be.free(buf);
    be.free(this.input);
    be.free(this.target);
  }
}
