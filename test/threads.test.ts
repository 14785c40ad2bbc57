// Opt-in multi-threading (build/axon.threads.wasm on shared memory + worker_threads): results must
// be bit-identical to the single-threaded core, because threads split C into whole tiles and never
// split a sum over k. Also: the fallback to one thread, strict mode, and changing the count.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import type { ActivationName, DeviceBuffer, UpdateRule } from '../src/backends/backend.js';
import { WasmBackend } from '../src/backends/wasm/wasm-backend.js';
import { ThreadPool, WORKER_START_TIMEOUT_MS, startedWithin } from '../src/backends/wasm/threads.js';
import { Dense, Sequential, StateError, registerBackend, setRandomSeed, tensor } from '../src/index.js';
import { labels, uniformArray } from './helpers/random-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const threadsWasm = `${root}build/axon.threads.wasm`;

/** Builds build/axon.threads.wasm when it is missing or older than assembly/ or asconfig.json. */
function ensureThreadedBuild(): void {
  const built = existsSync(threadsWasm) ? statSync(threadsWasm).mtimeMs : 0;
  const sources = [`${root}asconfig.json`, ...readdirSync(`${root}assembly`).map((f) => `${root}assembly/${f}`)];
  if (sources.every((f) => statSync(f).mtimeMs <= built)) return;
  const r = spawnSync(process.execPath, [`${root}node_modules/assemblyscript/bin/asc.js`, 'assembly/threads.ts', '--target', 'threads'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`asc assembly/threads.ts --target threads failed:\n${r.stderr}`);
}

const single = new WasmBackend();
const threaded = new WasmBackend({ threads: 2, strictThreads: true });
// Three threads on any machine: uneven blocks, two workers.
const three = new WasmBackend({ threads: 3, strictThreads: true });

beforeAll(async () => {
  ensureThreadedBuild();
  await Promise.all([single.ready(), threaded.ready(), three.ready()]);
  // Split every product and every optimizer update, however small.
  for (const be of [threaded, three]) {
    be.minParallelMacs = 0;
    be.minParallelGemvMacs = 0;
    be.minParallelElements = 0;
  }
});

afterAll(async () => {
  await threaded.terminateThreads();
  await three.terminateThreads();
});

interface Case {
  m: number; n: number; k: number;
  transA: boolean; transB: boolean; accumulate: boolean; bias: boolean; activation: ActivationName;
}

function run(be: WasmBackend, c: Case, seed: number): Uint32Array {
  const a = be.alloc(c.m * c.k), b = be.alloc(c.k * c.n), out = be.alloc(c.m * c.n), bias = be.alloc(c.n);
  be.write(a, uniformArray(c.m * c.k, seed));
  be.write(b, uniformArray(c.k * c.n, seed + 1));
  be.write(out, uniformArray(c.m * c.n, seed + 2));
  be.write(bias, uniformArray(c.n, seed + 3));
  be.matMul({ m: c.m, n: c.n, k: c.k, a, b, c: out, transA: c.transA, transB: c.transB, accumulate: c.accumulate, bias: c.bias ? bias : null, activation: c.activation });
  const result = new Uint32Array(be.read(out).buffer);
  for (const x of [a, b, out, bias] as DeviceBuffer[]) be.free(x);
  return result;
}

function firstDifference(x: Uint32Array, y: Uint32Array): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe('threads: GEMM', () => {
  it('loads the threaded core with workers', () => {
    expect(threaded.threadInfo).toEqual({ requested: 2, active: 2, core: 'threads' });
    expect(three.threadInfo).toEqual({ requested: 3, active: 3, core: 'threads' });
    expect(single.threadInfo).toEqual({ requested: 1, active: 1, core: 'single' });
  });

  it('is bit-identical to one thread on edge shapes, all transposes, accumulate, bias and activations', () => {
    const dims = [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 33, 130];
    const depths = [0, 1, 3, 255, 256, 257, 600];
    const acts: ActivationName[] = ['linear', 'relu', 'softmax', 'sigmoid', 'tanh'];
    let seed = 1, cases = 0;
    for (const m of dims) {
      for (const n of dims) {
        const k = depths[(m * 7 + n) % depths.length]!;
        for (let t = 0; t < 4; t++) {
          const c: Case = { m, n, k, transA: (t & 1) === 1, transB: (t & 2) === 2, accumulate: (m + n + t) % 2 === 0, bias: (m + t) % 3 !== 0, activation: acts[(m + n + t) % acts.length]! };
          const expected = run(single, c, seed);
          for (const be of [threaded, three]) {
            const got = run(be, c, seed);
            if (firstDifference(expected, got) >= 0) expect.fail(`${JSON.stringify(c)} with ${be.threadInfo.active} threads differs at element ${firstDifference(expected, got)}`);
          }
          seed += 4;
          cases++;
        }
      }
    }
    expect(cases).toBe(dims.length * dims.length * 4);
  });

  it('is bit-identical on the training products of a 784-300-100-10 MLP at batch 256 and wide shapes', () => {
    const shapes: [number, number, number, boolean, boolean][] = [
      [256, 300, 784, false, false], [784, 300, 256, true, false], [256, 784, 300, false, true],
      [256, 100, 300, false, false], [300, 100, 256, true, false], [256, 300, 100, false, true],
      [256, 10, 100, false, false], [100, 10, 256, true, false], [256, 100, 10, false, true],
      [6, 1100, 70, false, false], [3, 2100, 40, false, true],
      // Split by rows with nearly full packed-B panels (k ≥ KC, n near NC) and edge tiles: each thread's
      // edge tile must stay inside its own packing space.
      [515, 1021, 300, false, false], [515, 1021, 300, true, true],
    ];
    let seed = 1000;
    for (const [m, n, k, transA, transB] of shapes) {
      const c: Case = { m, n, k, transA, transB, accumulate: false, bias: !transA, activation: transA ? 'linear' : 'relu' };
      const expected = run(single, c, seed);
      for (const be of [threaded, three]) expect(firstDifference(expected, run(be, c, seed)), `${m}x${k}·${k}x${n}`).toBe(-1);
      seed += 4;
    }
  });
});

describe('threads: one-sample inference', () => {
  it('splits a single row by columns across threads, with the bits of one thread', () => {
    const split = vi.spyOn(WasmBackend.prototype as unknown as { parallelGemv: () => void }, 'parallelGemv');
    try {
      let seed = 2000;
      // 784→300 and 300→100 (the layers of one-sample predict), an odd width, and rows narrower than
      // the 32-column unit; transposed A is one contiguous row too.
      for (const [n, k, transA] of [[300, 784, false], [100, 300, true], [1030, 70, false], [37, 129, false], [6, 3, true]] as const) {
        const c: Case = { m: 1, n, k, transA, transB: false, accumulate: n % 2 === 0, bias: true, activation: n === 37 ? 'softmax' : 'relu' };
        const expected = run(single, c, seed);
        for (const be of [threaded, three]) expect(firstDifference(expected, run(be, c, seed)), `1x${k}·${k}x${n} on ${be.threadInfo.active} threads`).toBe(-1);
        seed += 4;
      }
      expect(split).toHaveBeenCalledTimes(10);
    } finally {
      split.mockRestore();
    }
  });

  it('leaves rows below the threshold on the calling thread', async () => {
    const be = new WasmBackend({ threads: 2, strictThreads: true });
    await be.ready();
    const split = vi.spyOn(WasmBackend.prototype as unknown as { parallelGemv: () => void }, 'parallelGemv');
    try {
      run(be, { m: 1, n: 100, k: 100, transA: false, transB: false, accumulate: false, bias: true, activation: 'relu' }, 5);
      expect(split).not.toHaveBeenCalled();
      run(be, { m: 1, n: 300, k: 784, transA: false, transB: false, accumulate: false, bias: true, activation: 'relu' }, 5);
      expect(split).toHaveBeenCalledTimes(1);
    } finally {
      split.mockRestore();
      await be.terminateThreads();
    }
  });
});

/** A fresh backend on `threads` threads, with ThreadPool.run watched, for one test. */
async function withPool(threads: number, body: (be: WasmBackend, poolRun: MockInstance<ThreadPool['run']>) => void): Promise<void> {
  const be = new WasmBackend({ threads, strictThreads: true });
  await be.ready();
  const poolRun = vi.spyOn(ThreadPool.prototype, 'run');
  try {
    body(be, poolRun);
  } finally {
    poolRun.mockRestore();
    await be.terminateThreads();
  }
}

describe('threads: paired products', () => {
  it("runs a Dense layer's dW and dx at once, one whole product per thread, with the bits of one thread", () => withPool(2, (be, poolRun) => {
    // dW = xᵀ·dy and dx = dy·Wᵀ of a 300→100 layer at batch 32, and of a narrow 7→5 layer at batch 3.
    for (const [rows, inputs, units] of [[32, 300, 100], [3, 7, 5]] as const) {
      const x = uniformArray(rows * inputs, 61), dy = uniformArray(rows * units, 62), w = uniformArray(inputs * units, 63);
      const products = (backend: WasmBackend, pair: boolean): Uint32Array[] => {
        const [bx, bdy, bw, dW, dX] = [x, dy, w, new Float32Array(inputs * units), new Float32Array(rows * inputs)].map((v) => {
          const b = backend.alloc(v.length);
          backend.write(b, v);
          return b;
        }) as [DeviceBuffer, DeviceBuffer, DeviceBuffer, DeviceBuffer, DeviceBuffer];
        const first = { m: inputs, n: units, k: rows, a: bx, transA: true, b: bdy, c: dW };
        const second = { m: rows, n: inputs, k: units, a: bdy, b: bw, transB: true, c: dX };
        if (pair) backend.matMulPair(first, second);
        else {
          backend.matMul(first);
          backend.matMul(second);
        }
        const out = [dW, dX].map((b) => new Uint32Array(backend.read(b).buffer));
        for (const b of [bx, bdy, bw, dW, dX]) backend.free(b);
        return out;
      };
      const expected = products(single, false);
      poolRun.mockClear();
      be.minPairedMacs = 0;
      const got = products(be, true);
      expect(poolRun).toHaveBeenCalledTimes(1);
      expect((poolRun.mock.calls[0]![0] as { op: string }[]).map((j) => j.op)).toEqual(['gemmBlock']);
      got.forEach((bits, i) => expect(firstDifference(expected[i]!, bits), `${rows}x${inputs}x${units} product ${i}`).toBe(-1));
    }
    // Below the size where a hand-off pays, the two run one after the other on the calling thread.
    be.minPairedMacs = 1 << 14;
    poolRun.mockClear();
    const small = [be.alloc(21), be.alloc(15), be.alloc(35), be.alloc(35), be.alloc(21)];
    be.matMulPair({ m: 7, n: 5, k: 3, a: small[0]!, transA: true, b: small[1]!, c: small[2]! }, { m: 3, n: 7, k: 5, a: small[1]!, b: small[3]!, transB: true, c: small[4]! });
    expect(poolRun).not.toHaveBeenCalled();
    for (const b of small) be.free(b);
  }));
});

describe('threads: shares', () => {
  it('give every thread at least half the split threshold, so a job just over it uses 2 of many threads', () => withPool(3, (be, poolRun) => {
    const workerJobs = (): number => (poolRun.mock.calls.at(-1)?.[0] as unknown[] | undefined)?.length ?? -1;
    // 64·64·64 = 2^18 multiply-adds: the threshold, two shares; 96·64·64: three shares of 2^17.
    run(be, { m: 64, n: 64, k: 64, transA: false, transB: false, accumulate: false, bias: false, activation: 'linear' }, 1);
    expect(workerJobs()).toBe(1);
    run(be, { m: 96, n: 64, k: 64, transA: false, transB: false, accumulate: false, bias: false, activation: 'linear' }, 1);
    expect(workerJobs()).toBe(2);
    // A single row of 128·128 = 2^14: two shares; 784·300: three.
    run(be, { m: 1, n: 128, k: 128, transA: false, transB: false, accumulate: false, bias: false, activation: 'linear' }, 1);
    expect(workerJobs()).toBe(1);
    run(be, { m: 1, n: 300, k: 784, transA: false, transB: false, accumulate: false, bias: false, activation: 'linear' }, 1);
    expect(workerJobs()).toBe(2);
    // Updates: 16,384 parameters in two ranges, 24,576 in three.
    for (const [n, jobs] of [[16_384, 1], [24_576, 2]] as const) {
      const param = be.alloc(n), grad = be.alloc(n);
      be.update({ kernel: 'sgdUpdate', scalars: [0.1] }, param, grad, []);
      expect(workerJobs(), `update of ${n}`).toBe(jobs);
      be.free(param);
      be.free(grad);
    }
  }));
});

describe('threads: optimizer updates', () => {
  const rules: UpdateRule[] = [
    { kernel: 'sgdUpdate', scalars: [0.05] },
    { kernel: 'momentumUpdate', scalars: [0.05, 0.9, 1] },
    { kernel: 'rmspropUpdate', scalars: [0.01, 0.9, 0.5, 1e-7, 1] },
    { kernel: 'adamUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.1, 0.001] },
    { kernel: 'adagradUpdate', scalars: [0.01, 1e-7] },
    // lr, b1, b2, eps, then AdamW's weight decay and alpha; Nadam's u, u_next, their products, b2^t; Adamax's b1^t.
    { kernel: 'adamwUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.004, 0.03] },
    { kernel: 'nadamUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.4816, 0.4853, 0.4816, 0.2337, 0.999] },
    { kernel: 'adamaxUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.9] },
  ];
  const slotsOf: Record<string, number> = { sgdUpdate: 0, momentumUpdate: 1, rmspropUpdate: 3, adamUpdate: 2, adagradUpdate: 1, adamwUpdate: 2, nadamUpdate: 2, adamaxUpdate: 2 };

  /** Three updates of a parameter of `n` elements; the parameter and every slot, as bits. */
  function update(be: WasmBackend, rule: UpdateRule, n: number): Uint32Array[] {
    const param = be.alloc(n), grad = be.alloc(n);
    const slots = Array.from({ length: slotsOf[rule.kernel]! }, () => be.alloc(n));
    be.write(param, uniformArray(n, 21));
    slots.forEach((s, i) => be.write(s, uniformArray(n, 30 + i).map(Math.abs)));
    for (let step = 0; step < 3; step++) {
      be.write(grad, uniformArray(n, 40 + step));
      be.update(rule, param, grad, slots);
    }
    const out = [param, ...slots].map((b) => new Uint32Array(be.read(b).buffer));
    for (const b of [param, grad, ...slots]) be.free(b);
    return out;
  }

  it('split across threads, every rule gives the bits of one thread, for lengths that are not multiples of 4 too', () => {
    for (const rule of rules) {
      for (const n of [1, 5, 7, 1003, 4096, 10_001]) {
        const expected = update(single, rule, n);
        for (const be of [threaded, three]) {
          update(be, rule, n).forEach((bits, i) => expect(firstDifference(expected[i]!, bits), `${rule.kernel} n=${n} buffer ${i}`).toBe(-1));
        }
      }
    }
  });
});

describe('threads: training', () => {
  it('a Sequential fit gives bit-identical losses and weights on 1 and 2 threads', async () => {
    registerBackend('wasm-threads-test', () => threaded);
    registerBackend('wasm-single-test', () => single);
    const rows = 600, features = 64, classes = 10;
    const x = tensor(uniformArray(rows * features, 5), [rows, features]);
    const y = tensor(labels(rows, classes, 6), [rows]);
    const fit = async (backend: string) => {
      setRandomSeed(7);
      const model = new Sequential([new Dense(96, { activation: 'relu', inputShape: [features] }), new Dense(40, { activation: 'tanh' }), new Dense(classes, { activation: 'softmax' })], { backend });
      model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      const history = await model.fit(x, y, { epochs: 3, batchSize: 64, verbose: 0, validationSplit: 0.1 });
      const weights = model.getWeights().map((w) => Array.from(new Uint32Array(Float32Array.from(w.data).buffer)));
      const proba = Array.from(new Uint32Array(Float32Array.from((await model.predict(x.slice(0, 9))).data).buffer));
      model.dispose();
      return { loss: history.history['loss'], valLoss: history.history['val_loss'], weights, proba };
    };
    const one = await fit('wasm-single-test');
    const two = await fit('wasm-threads-test');
    expect(two.loss).toEqual(one.loss);
    expect(two.valLoss).toEqual(one.valLoss);
    expect(two.proba).toEqual(one.proba);
    expect(two.weights.length).toBe(one.weights.length);
    two.weights.forEach((w, i) => expect(firstDifference(Uint32Array.from(one.weights[i]!), Uint32Array.from(w)), `weights[${i}]`).toBe(-1));
  });
});

describe('threads: opting in and falling back', () => {
  it('setThreads() changes the active count within the pool and keeps results', async () => {
    const be = new WasmBackend({ threads: 2, strictThreads: true });
    await be.ready();
    be.minParallelMacs = 0;
    const c: Case = { m: 37, n: 29, k: 300, transA: false, transB: true, accumulate: false, bias: true, activation: 'relu' };
    const expected = run(single, c, 77);
    be.setThreads(1);
    expect(be.threadInfo.active).toBe(1);
    expect(firstDifference(expected, run(be, c, 77))).toBe(-1);
    be.setThreads(2);
    expect(be.threadInfo.active).toBe(2);
    expect(firstDifference(expected, run(be, c, 77))).toBe(-1);
    expect(() => be.setThreads(4)).toThrow(/cannot grow after ready\(\)/);
    await be.terminateThreads();
    expect(be.threadInfo.active).toBe(1);
    expect(firstDifference(expected, run(be, c, 77))).toBe(-1);
  });

  it('falls back to one thread with a warning when the threaded core cannot start, or throws when strict', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const be = new WasmBackend({ threads: 2, threadsSource: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) });
      await be.ready();
      expect(be.threadInfo).toMatchObject({ requested: 2, active: 1, core: 'single' });
      expect(be.threadInfo.fallbackReason).toMatch(/the threaded core could not start/);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/axon: running on 1 thread instead of 2: the threaded core could not start/), 'AxonWarning');
      const c: Case = { m: 9, n: 11, k: 5, transA: false, transB: false, accumulate: false, bias: true, activation: 'linear' };
      expect(firstDifference(run(single, c, 3), run(be, c, 3))).toBe(-1);

      // Asking for threads once the single-threaded core is loaded: a warning, no exception.
      const loaded = new WasmBackend();
      await loaded.ready();
      warn.mockClear();
      loaded.setThreads(2);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/single-threaded core is already loaded/), 'AxonWarning');
      expect(loaded.threadInfo.active).toBe(1);
      expect(() => loaded.setThreads(2, { strict: true })).toThrow(/threads: the single-threaded core is already loaded/);
    } finally {
      warn.mockRestore();
    }
    const strict = new WasmBackend({ threads: 2, strictThreads: true, threadsSource: new Uint8Array(8) });
    await expect(strict.ready()).rejects.toThrow(/threads: the threaded core could not start/);
  });

  it('the default backend stays single-threaded and rejects bad counts', () => {
    expect(new WasmBackend().threadInfo).toEqual({ requested: 1, active: 1, core: null });
    expect(() => new WasmBackend({ threads: 1.5 })).toThrow(/setThreads\(threads\): expected an integer/);
  });
});

// Web Workers in headless Chromium: the page is cross-origin isolated (the test server sends
// COOP/COEP), so the threaded core loads, and its products equal the single-threaded core's.
const chromiumAvailable = existsSync('/usr/bin/chromium') && existsSync(`${root}dist/backends/wasm/wasm-backend.js`);
describe.skipIf(!chromiumAvailable)('threads: browser (Web Workers)', () => {
  it('runs GEMM on 2 threads in Chromium with results identical to one thread', async () => {
    const { launchChromium, serveRepository } = await import('../scripts/chromium.mjs');
    const server = await serveRepository();
    const chromium = await launchChromium();
    try {
      const page = await chromium.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/blank.html`);
      // A string, so that vitest's module transform does not rewrite the page's dynamic imports.
      const result = (await page.evaluate(`(async () => {
        const { WasmBackend } = await import('/dist/backends/wasm/wasm-backend.js');
        const single = new WasmBackend();
        const threaded = new WasmBackend({ threads: 2, strictThreads: true });
        await single.ready();
        await threaded.ready();
        threaded.minParallelMacs = 0;
        let mismatches = 0, cases = 0;
        for (const [m, n, k] of [[256, 300, 784], [37, 29, 300], [5, 70, 257], [3, 2100, 40]]) {
          for (let t = 0; t < 4; t++) {
            const outs = [];
            for (const be of [single, threaded]) {
              const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n), bias = be.alloc(n);
              be.write(a, Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37)));
              be.write(b, Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11)));
              be.write(bias, Float32Array.from({ length: n }, (_, i) => i / n));
              be.matMul({ m, n, k, a, b, c, transA: (t & 1) === 1, transB: (t & 2) === 2, bias, activation: t === 3 ? 'softmax' : 'relu' });
              outs.push(new Uint32Array(be.read(c).buffer));
              for (const x of [a, b, c, bias]) be.free(x);
            }
            cases++;
            if (outs[0].some((v, i) => v !== outs[1][i])) mismatches++;
          }
        }
        const info = threaded.threadInfo;
        await threaded.terminateThreads();
        return { isolated: globalThis.crossOriginIsolated, info, cases, mismatches };
      })()`)) as { isolated: boolean; info: unknown; cases: number; mismatches: number };
      expect(errors).toEqual([]);
      expect(result.isolated).toBe(true);
      expect(result.info).toEqual({ requested: 2, active: 2, core: 'threads' });
      expect(result.cases).toBe(16);
      expect(result.mismatches).toBe(0);
    } finally {
      await chromium.close();
      await server.close();
    }
  });
});

describe('worker start', () => {
  it('gives up on a worker that never reports ready, terminating it', async () => {
    vi.useFakeTimers();
    try {
      const worker = { terminate: vi.fn() };
      const pending = startedWithin(worker, new Promise<void>(() => undefined));
      const outcome = pending.catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(WORKER_START_TIMEOUT_MS);
      const error = await outcome;
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toBe(`threads: a worker did not start within ${WORKER_START_TIMEOUT_MS / 1000} s`);
      expect(worker.terminate).toHaveBeenCalledTimes(1);
      // One that starts in time is left running.
      const quick = { terminate: vi.fn() };
      await expect(startedWithin(quick, Promise.resolve())).resolves.toBeUndefined();
      await vi.advanceTimersByTimeAsync(WORKER_START_TIMEOUT_MS);
      expect(quick.terminate).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
