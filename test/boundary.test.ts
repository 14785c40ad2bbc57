// The TypeScript side of the Wasm boundary is generated from assembly/ (scripts/boundary.mjs): the
// committed module must be what the generator writes now, and the codes it holds must be the ones
// the compiled core (and the GPU kernels' literal codes) act on.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script without type declarations
import { OUTPUT, generate } from '../scripts/boundary.mjs';
import { instantiateCore } from '../src/backends/wasm/loader.js';
import type { CoreExports } from '../src/backends/wasm/loader.js';
import { ACTIVATION_CODES, ELEMENTWISE_CODES, SGD_PARAMS } from '../src/backends/wasm/boundary.generated.js';
import { WasmHeap, f64Slots } from '../src/backends/wasm/heap.js';
import * as E from '../src/backends/gpu/kernels/elementwise.js';
import * as G from '../src/backends/gpu/kernels/graph.js';

const generateModule = generate as () => string;
const ROOT = join(import.meta.dirname, '..');

describe('boundary.generated.ts', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axon-boundary-'));
    cpSync(join(ROOT, 'assembly'), join(dir, 'assembly'), { recursive: true });
    cpSync(join(ROOT, 'scripts/boundary.mjs'), join(dir, 'scripts/boundary.mjs'));
    mkdirSync(join(dir, 'src/backends/wasm'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]): { status: number | null; stderr: string } => {
    const result = spawnSync(process.execPath, [join(dir, 'scripts/boundary.mjs'), ...args], { encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr };
  };

  it('is what scripts/boundary.mjs generates from assembly/ now (run npm run build:wasm and commit it)', () => {
    expect(readFileSync(join(ROOT, OUTPUT), 'utf8')).toBe(generateModule());
    // The same from a copy of the sources, by the command build:wasm runs.
    expect(run().status).toBe(0);
    expect(readFileSync(join(dir, OUTPUT), 'utf8')).toBe(readFileSync(join(ROOT, OUTPUT), 'utf8'));
    expect(run('--check').status).toBe(0);
  });

  it('goes stale, and --check says so, when a declaration in assembly/ changes', () => {
    const file = join(dir, 'assembly/activations.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Softmax = 4,', 'Softmax = 4,\n  Gelu = 5,'));
    const check = run('--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/is stale/);
    expect(run().status).toBe(0);
    expect(readFileSync(join(dir, OUTPUT), 'utf8')).toMatch(/softmax: 4,\n {2}gelu: 5,/);
  });
});

describe('the generated codes are the compiled core\'s', () => {
  let core: CoreExports;
  let heap: WasmHeap;
  beforeAll(async () => {
    core = await instantiateCore();
    heap = new WasmHeap(core);
  });

  const inputs = [-2, -0.5, 0, 0.5, 2];
  const activations: Record<keyof typeof ACTIVATION_CODES, (v: number, row: number[]) => number> = {
    linear: (v) => v,
    relu: (v) => Math.max(v, 0),
    sigmoid: (v) => 1 / (1 + Math.exp(-v)),
    tanh: (v) => Math.tanh(v),
    softmax: (v, row) => Math.exp(v) / row.reduce((s, x) => s + Math.exp(x), 0),
  };

  it.each(Object.keys(ACTIVATION_CODES) as (keyof typeof ACTIVATION_CODES)[])('applyActivation(ACTIVATION_CODES.%s) computes that activation', (name) => {
    const x = heap.copyIn(Float32Array.from(inputs), 'test');
    core.applyActivation(ACTIVATION_CODES[name], x, 1, inputs.length);
    const got = Array.from(heap.f32(x, inputs.length));
    heap.free(x);
    got.forEach((v, i) => expect(v).toBeCloseTo(activations[name](inputs[i]!, inputs), 5));
  });

  const a = [1, -2, 3, 0.5, -1, 4, 2, -3];
  const b = [2, 2, -1, 0.5, -4, 1, 2, 5];
  const ops: Record<keyof typeof ELEMENTWISE_CODES, (x: number, y: number) => number> = {
    copy: (x) => x,
    add: (x, y) => x + y,
    subtract: (x, y) => x - y,
    multiply: (x, y) => x * y,
    maximum: (x, y) => Math.max(x, y),
  };

  it.each(Object.keys(ELEMENTWISE_CODES) as (keyof typeof ELEMENTWISE_CODES)[])('elementwise(ELEMENTWISE_CODES.%s) computes that op', (op) => {
    const pa = heap.copyIn(Float32Array.from(a), 'test');
    const pb = heap.copyIn(Float32Array.from(b), 'test');
    const out = heap.alloc(WasmHeap.f32Bytes(a.length), 'test');
    core.elementwise(ELEMENTWISE_CODES[op], pa, pb, out, a.length, 1, 0);
    expect(Array.from(heap.f32(out, a.length))).toEqual(a.map((x, i) => ops[op](x, b[i]!)));
    for (const p of [pa, pb, out]) heap.free(p);
  });

  it('sgdFit reads and writes SgdParams at the generated offsets', () => {
    const n = 4, d = 2, epochs = 3;
    const x = heap.copyIn(Float32Array.from([1, 0, 0, 1, -1, 0, 0, -1]), 'test');
    const y = heap.copyIn(Float64Array.from([1, 1, -1, -1]), 'test');
    const order = heap.copyIn(Int32Array.from([0, 1, 2, 3]), 'test');
    const w = heap.copyIn(new Float64Array(d), 'test');
    const params = heap.copyIn(new Float64Array(SGD_PARAMS.size / 8), 'test');
    const slot = f64Slots(SGD_PARAMS);
    const p = heap.f64(params, SGD_PARAMS.size / 8);
    Object.assign(p, { [slot.loss]: 1, [slot.penalty]: 0, [slot.maxIter]: epochs, [slot.tol]: -Infinity, [slot.fitIntercept]: 1, [slot.learningRate]: 1, [slot.eta0]: 0.1, [slot.t]: 1, [slot.nIterNoChange]: 5, [slot.interceptDecay]: 1, [slot.weightPos]: 1, [slot.weightNeg]: 1 });
    expect(core.sgdFit(x, n, d, y, 0, order, 0, w, 0, params)).toBe(epochs);
    const after = heap.f64(params, SGD_PARAMS.size / 8);
    expect(after[slot.outNIter]).toBe(epochs);
    expect(after[slot.t]).toBe(1 + epochs * n);
    expect(Number.isFinite(after[slot.outBest]!)).toBe(true);
    for (const ptr of [x, y, order, w, params]) heap.free(ptr);
  });
});

describe('the GPU kernels\' literal codes are the generated ones', () => {
  it.each(['linear', 'relu', 'sigmoid', 'tanh'] as const)('applyActivation helper with ACTIVATION_CODES.%s', (name) => {
    for (const v of [-2, -0.5, 0.5, 2]) {
      const expected = name === 'linear' ? v : name === 'relu' ? Math.max(v, 0) : name === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : Math.tanh(v);
      expect(E.applyActivation(v, ACTIVATION_CODES[name])).toBeCloseTo(expected, 6);
    }
  });

  it.each(['relu', 'sigmoid', 'tanh'] as const)('activateGrad body with ACTIVATION_CODES.%s', (name) => {
    const y = 0.25, g = 2;
    const expected = name === 'relu' ? g : name === 'sigmoid' ? g * y * (1 - y) : g * (1 - y * y);
    expect(E.activateGrad.fn.call({ thread: { x: 0, y: 0, z: 0 } }, [y], [g], ACTIVATION_CODES[name])).toBeCloseTo(expected, 6);
  });

  it.each(Object.entries(ELEMENTWISE_CODES))('combine helper with ELEMENTWISE_CODES.%s', (op, code) => {
    const expected = { copy: 3, add: 5, subtract: 1, multiply: 6, maximum: 3 }[op];
    expect(G.combine(3, 2, code)).toBe(expected);
  });
});
