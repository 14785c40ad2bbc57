// The plain-SGD core (assembly/linear-models.ts) called directly, below the estimators: every loss
// and its derivative against scikit-learn's own loss objects at the kinks and clipping bounds, the
// early-stopping score, the stopping rule at tol = 0, the overflow report, the output slots, the
// seed-0 rule of scikit-learn's xorshift, and that no write leaves the caller's buffers. The
// estimators reach only part of this (no sample weights, no regression loss, intercept decay 1),
// so their scikit-learn fixtures cannot pin it down.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Arena, P, PARAM_SLOTS, linearCore } from '../../src/estimators/core.js';

const core = await linearCore();
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/sklearn/sgd-losses.json', import.meta.url)), 'utf8')) as {
  cases: { code: number; epsilon: number; rows: [p: number, y: number, loss: number, dloss: number][] }[];
};

type Params = Partial<Record<keyof typeof P, number>>;
interface Run {
  x: number[][];
  y: number[];
  sw?: number[];
  mask?: number[];
  w?: number[];
  l1?: boolean;
  params?: Params;
}
interface Result {
  epochs: number;
  w: number[];
  params: Float64Array;
  guardsIntact: boolean;
}

// Defaults: one epoch of hinge loss at a constant rate 1, no penalty, no intercept, no shuffle.
const DEFAULTS: Params = {
  loss: 1, penalty: 0, alpha: 1e-4, l1Ratio: 0.15, maxIter: 1, tol: -Infinity, fitIntercept: 0, shuffle: 0, seed: 0,
  weightPos: 1, weightNeg: 1, learningRate: 1, eta0: 1, powerT: 0.5, t: 1, nIterNoChange: 1e6, earlyStopping: 0,
  interceptDecay: 1, intercept: 0, epsilon: 0.1,
};
const GUARD = [1.5, -3.25];

/** Runs sgdFit with guard values after every buffer it may write or read past (checked after the writable ones). */
function run(r: Run): Result {
  const n = r.y.length;
  const d = r.x[0]!.length;
  const arena = new Arena(core);
  try {
    const x = arena.copyIn(Float32Array.from([...r.x.flat(), ...GUARD]));
    // Read past, these would count as one more validation row with a far-off target and weight.
    const y = arena.copyIn(Float64Array.from([...r.y, 1e6, -1e6]));
    const sw = r.sw ? arena.copyIn(Float64Array.from([...r.sw, 1e3, 1e3])) : 0;
    const order = arena.copyIn(new Float32Array(Int32Array.from([...r.y.keys(), 77, -5]).buffer));
    const mask = r.mask ? arena.copyIn(Uint8Array.from([...r.mask, 1, 1])) : 0;
    const w = arena.copyIn(Float64Array.from([...(r.w ?? new Array<number>(d).fill(0)), ...GUARD]));
    const q = r.l1 ? arena.copyIn(Float64Array.from([...new Array<number>(d).fill(0), ...GUARD])) : 0;
    const params = arena.alloc(PARAM_SLOTS * 8);
    const pv = arena.viewF64(params, PARAM_SLOTS);
    pv.fill(0);
    for (const [key, value] of Object.entries({ ...DEFAULTS, ...r.params })) pv[P[key as keyof typeof P]] = value;
    const epochs = core.sgdFit(x, n, d, y, sw, order, mask, w, q, params);
    const wv = arena.viewF64(w, d + 2);
    const tails = [Array.from(wv.subarray(d)), Array.from(new Float32Array(core.memory.buffer, x + n * d * 4, 2))];
    if (q) tails.push(Array.from(arena.viewF64(q + d * 8, 2)));
    const orderTail = Array.from(arena.viewI32(order + n * 4, 2));
    return {
      epochs,
      w: Array.from(wv.subarray(0, d)),
      params: arena.viewF64(params, PARAM_SLOTS).slice(),
      guardsIntact: tails.every((t) => t[0] === GUARD[0] && t[1] === GUARD[1]) && orderTail[0] === 77 && orderTail[1] === -5,
    };
  } finally {
    arena.dispose();
  }
}

// One sample x = [1, 2⁻⁶⁰] with w = [p, 0]: the prediction is exactly p, and the update lands
// exactly (a power-of-two scale) in w[1], so w[1]·2⁶⁰ is −eta·dloss to the last bit.
const TINY = 2 ** -60;
function probe(code: number, epsilon: number, p: number, y: number, params: Params = {}): { loss: number; step: number; r: Result } {
  const r = run({ x: [[1, TINY]], y: [y], w: [p, 0], params: { loss: code, epsilon, ...params } });
  return { loss: r.params[P.outBest]!, step: r.w[1]! / TINY, r };
}

function near(got: number, want: number, rtol = 1e-13): boolean {
  return Math.abs(got - want) <= rtol * Math.abs(want);
}

describe('sgdFit: the losses against scikit-learn', () => {
  for (const c of fixture.cases) {
    it(`loss code ${c.code} (epsilon ${c.epsilon}): value and derivative at ${c.rows.length} points`, () => {
      const wrong: string[] = [];
      for (const [p, y, loss, dloss] of c.rows) {
        const got = probe(c.code, c.epsilon, p, y);
        if (!near(got.loss, loss) || !near(-got.step, dloss)) wrong.push(`p=${p} y=${y}: loss ${got.loss} vs ${loss}, dloss ${-got.step} vs ${dloss}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("scales each step by the sample's weight and its class weight (classification only)", () => {
    const dloss = (code: number, p: number, y: number): number => fixture.cases.find((c) => c.code === code)!.rows.find((r) => r[0] === p && r[1] === y)![3];
    const weighted = (code: number, p: number, y: number, sw: number): number => {
      const r = run({ x: [[1, TINY]], y: [y], sw: [sw], w: [p, 0], params: { loss: code, weightPos: 3, weightNeg: 0.5 } });
      return r.w[1]! / TINY;
    };
    expect(weighted(1, 0.5, 1, 2.5)).toBe(-dloss(1, 0.5, 1) * 3 * 2.5);
    expect(weighted(1, 0.5, -1, 2.5)).toBe(-dloss(1, 0.5, -1) * 0.5 * 2.5);
    expect(weighted(5, 0.5, 3, 2.5)).toBe(-dloss(5, 0.5, 3) * 2.5);
  });

  it("weighs each sample's step by that sample's own weight", () => {
    // Hinge from w = [0.5, 0, 0]: sample 0 (y = 1, p = 0.5) steps +1 into w[1]; sample 1 (y = −1,
    // p = 1.5 after that step) steps −1 times its weight 2.5 into w[2].
    const r = run({ x: [[1, TINY, 0], [1, 0, TINY]], y: [1, -1], sw: [1, 2.5], w: [0.5, 0, 0] });
    expect([r.w[0], r.w[1]! / TINY, r.w[2]! / TINY]).toEqual([-1, 1, -2.5]);
  });

  it("takes scikit-learn's first 'optimal' step typw/max(1, dloss(−typw, 1)) for every loss", () => {
    const alpha = 1e-4;
    const typw = Math.sqrt(1 / Math.sqrt(alpha));
    for (const c of fixture.cases) {
      const [p, y, , dloss] = c.rows.find((r) => r[0] === 0.5)!;
      // Every loss has dloss(−typw, 1) < 1, so the first step is typw·dloss; the regression losses
      // would not, had the sign of typw been lost (dloss(typw, 1) = typw − 1 for squared error).
      const got = probe(c.code, c.epsilon, p, y, { learningRate: 2, alpha }).step;
      expect(near(got, -typw * dloss, 1e-12), `code ${c.code}: ${got} vs ${-typw * dloss}`).toBe(true);
    }
  });

  it('moves the intercept by the step times the intercept decay', () => {
    const r = run({ x: [[1, TINY]], y: [1], w: [0.5, 0], params: { fitIntercept: 1, interceptDecay: 0.01, intercept: 0 } });
    // hinge at p = 0.5, y = 1: dloss = −1, so the step is +1 and the intercept moves by 0.01.
    expect(r.params[P.intercept]).toBe(0.01);
    expect(r.w[1]! / TINY).toBe(1);
  });
});

describe('sgdFit: epochs, stopping and outputs', () => {
  const x = [[0.5, -1, 2, 0.25, 1], [1, 1, -0.5, 0, 2], [-2, 0.5, 1, 1, -1], [0, 0, 0, 0, 0], [1.5, -0.5, 0.25, -1, 0.5], [0.75, 2, -1, 0.5, -0.25], [-1, -1, 1, 2, 0]];
  const yCls = [1, -1, 1, -1, -1, 1, 1];
  const yReg = [0.5, -1.25, 2, 0.75, 3, -0.5, 1];
  const mask = [1, 0, 0, 1, 0, 1, 1];
  const w = [0.3, -0.2, 0.1, 0.4, -0.5];
  const intercept = 0.05;
  const predict = (i: number): number => x[i]!.reduce((a, v, j) => a + v * w[j]!, 0) + intercept;
  const hingeSum = (rows: number[]): number => rows.reduce((a, i) => a + Math.max(0, 1 - yCls[i]! * predict(i)), 0);

  function reference(y: number[], sw: number[] | undefined, regression: boolean): number {
    const rows = mask.flatMap((m, i) => (m ? [i] : []));
    const s = (i: number): number => (sw ? sw[i]! : 1);
    const total = rows.reduce((a, i) => a + s(i), 0);
    if (!regression) return rows.reduce((a, i) => a + ((predict(i) > 0 ? 1 : -1) === y[i] ? s(i) : 0), 0) / total;
    const mean = rows.reduce((a, i) => a + s(i) * y[i]!, 0) / total;
    const sse = rows.reduce((a, i) => a + s(i) * (y[i]! - predict(i)) ** 2, 0);
    const sst = rows.reduce((a, i) => a + s(i) * (y[i]! - mean) ** 2, 0);
    return sst !== 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
  }

  // eta0 = 0: no step is taken, so the score is that of the given weights.
  const still = { eta0: 0, earlyStopping: 1, maxIter: 1, intercept };
  for (const [name, y, code] of [['accuracy', yCls, 1], ['R²', yReg, 5]] as const) {
    // The last weights sum to less than 1 on the validation rows, so only a weighted mean divides right.
    for (const sw of [undefined, [0.5, 2, 1, 3, 0.25, 1.5, 0.75], [0.05, 0.2, 0.1, 0.3, 0.025, 0.15, 0.075]]) {
      const weights = sw ? ` with sample weights ${sw.join(', ')}` : '';
      it(`early stopping scores the validation rows by weighted ${name}${weights}, like scikit-learn's score`, () => {
        const r = run({ x, y: [...y], sw, mask, w, params: { ...still, loss: code } });
        const want = reference([...y], sw, code === 5);
        expect(Math.abs(r.params[P.outBest]! - want)).toBeLessThan(1e-12);
        expect(want).toBeGreaterThan(code === 5 ? -50 : 0.1);
        expect(r.guardsIntact).toBe(true);
      });
    }
  }

  it('predicts class −1 for a validation row exactly on the hyperplane', () => {
    const r = run({ x: [[1, 0], [0, 0]], y: [1, -1], mask: [0, 1], w: [1, 0], params: { ...still, intercept: 0 } });
    expect(r.params[P.outBest]).toBe(1);
  });

  it('scores R² of a constant validation target 1 when it is predicted exactly and 0 otherwise', () => {
    const exact = run({ x: [[1], [2], [3]], y: [9, 0.5, 0.5], mask: [0, 1, 1], w: [0], params: { ...still, loss: 5, intercept: 0.5 } });
    expect(exact.params[P.outBest]).toBe(1);
    const off = run({ x: [[1], [2], [3]], y: [9, 0.5, 0.5], mask: [0, 1, 1], w: [0], params: { ...still, loss: 5, intercept: 0.75 } });
    expect(off.params[P.outBest]).toBe(0);
  });

  it('ignores the early-stopping flag without validation rows, and then stops on the training loss', () => {
    const r = run({ x, y: yCls, w, params: { eta0: 0, earlyStopping: 1, maxIter: 1, intercept } });
    expect(near(r.params[P.outBest]!, hingeSum([...x.keys()]), 1e-12)).toBe(true);
  });

  it('holds the masked rows out of training also without early stopping, and then reports the training loss', () => {
    const r = run({ x, y: yCls, mask, w, params: { eta0: 0, maxIter: 1, intercept } });
    const trained = mask.flatMap((m, i) => (m ? [] : [i]));
    expect(near(r.params[P.outBest]!, hingeSum(trained), 1e-12)).toBe(true);
    expect(r.params[P.t]).toBe(1 + trained.length);
  });

  for (const early of [0, 1]) {
    it(`${early ? 'validation score' : 'training loss'}: tol = 0 never counts an unchanged epoch, tol > 0 stops after nIterNoChange of them`, () => {
      const base = { eta0: 0, earlyStopping: early, maxIter: 12, nIterNoChange: 3, intercept };
      const m = early ? mask : undefined;
      expect(run({ x, y: yCls, mask: m, w, params: { ...base, tol: 0 } }).epochs).toBe(12);
      expect(run({ x, y: yCls, mask: m, w, params: { ...base, tol: 1e-3 } }).epochs).toBe(4);
    });
  }

  it('writes the epochs, t (one more than the trained samples) and the intercept to their slots', () => {
    const r = run({ x, y: yCls, mask, w, params: { maxIter: 3, fitIntercept: 1, intercept, shuffle: 1, seed: 5 } });
    expect(r.epochs).toBe(3);
    expect(r.params[P.outNIter]).toBe(3);
    expect(r.params[P.t]).toBe(1 + 3 * 3);
    expect(r.params[P.intercept]).not.toBe(intercept);
    expect(r.params[P.earlyStopping]).toBe(0);
    expect(r.guardsIntact).toBe(true);
  });

  it('reports overflow as −(epoch + 1), with the epoch count in its slot', () => {
    // epsilon-insensitive with epsilon 0 steps the intercept by exactly eta0 towards y = 1.7e308.
    const climb = (eta0: number): Result => run({ x: [[0]], y: [1.7e308], params: { loss: 7, epsilon: 0, fitIntercept: 1, eta0, maxIter: 10 } });
    const first = climb(Infinity);
    expect(first.epochs).toBe(-1);
    expect(first.params[P.outNIter]).toBe(1);
    const later = climb(4e307); // 4e307, 8e307, 1.2e308, 1.6e308, then 2e308 = Infinity in epoch 5
    expect(later.epochs).toBe(-5);
    expect(later.params[P.outNIter]).toBe(5);
  });
});

describe('sgdFit: shuffling and memory', () => {
  const x = [[1, 0.5], [-1, 2], [0.5, -0.5], [2, 1], [-0.5, -1], [1, -2], [0, 1], [1.5, 0.25], [-2, 0.5]];
  const y = [1, -1, 1, 1, -1, -1, 1, 1, -1];
  const fit = (seed: number): number[] => run({ x, y, params: { shuffle: 1, seed, maxIter: 2, eta0: 0.3, fitIntercept: 1 } }).w;

  it("seeds 0 and 1 shuffle alike (scikit-learn's our_rand_r maps state 0 to 1), other seeds differently", () => {
    expect(fit(0)).toEqual(fit(1));
    expect(fit(2)).not.toEqual(fit(1));
    expect(run({ x, y, params: { shuffle: 0, maxIter: 2, eta0: 0.3, fitIntercept: 1 } }).w).not.toEqual(fit(1));
  });

  it('writes nothing past w, q and order, and reads nothing past x, under L2 folding and L1 clipping', () => {
    const big = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i), 0.5 - (i % 3)]);
    const labels = big.map((_, i) => (i % 2 ? 1 : -1));
    const folded = run({ x: big, y: labels, params: { penalty: 2, alpha: 0.5, eta0: 0.5, maxIter: 3, shuffle: 1, seed: 3 } });
    expect(folded.guardsIntact).toBe(true);
    expect(folded.w.every(Number.isFinite)).toBe(true);
    for (const penalty of [1, 3]) {
      const clipped = run({ x: big, y: labels, l1: true, params: { penalty, alpha: 0.05, eta0: 0.1, maxIter: 3 } });
      expect(clipped.guardsIntact).toBe(true);
      expect(clipped.w.some((v) => v !== 0)).toBe(true);
    }
  });
});
