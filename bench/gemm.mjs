// Suite 1: GEMM f32 — square sizes and the training products of a 784-300-100-10 MLP.
// Axon: its Wasm backend's matMul (one call into assembly/gemm.ts). tfjs: tf.matMul on the wasm
// (XNNPACK) and cpu backends; results stay on the backend (no read-back) for both sides.
import b from 'benny';
import { quietBenny } from './lib/common.mjs';
import { QUICK, saveResult, randomArray, axon, tfjs, tfjsUse } from './lib/common.mjs';
import { measurePeak } from './lib/peak.mjs';

function shapes() {
  const out = [];
  for (const s of QUICK ? [128, 512] : [128, 256, 512, 1024]) out.push({ id: `sq${s}`, label: `${s}×${s}·${s}×${s}`, m: s, n: s, k: s, transA: false, transB: false });
  const dims = [784, 300, 100, 10];
  for (const batch of QUICK ? [32] : [32, 256]) {
    for (let l = 0; l + 1 < dims.length; l++) {
      const i = dims[l], o = dims[l + 1];
      out.push({ id: `b${batch}-L${l + 1}-fwd`, label: `b${batch} ${i}→${o} X·W`, m: batch, n: o, k: i, transA: false, transB: false });
      out.push({ id: `b${batch}-L${l + 1}-dW`, label: `b${batch} ${i}→${o} Xᵀ·dY`, m: i, n: o, k: batch, transA: true, transB: false });
      if (l > 0) out.push({ id: `b${batch}-L${l + 1}-dX`, label: `b${batch} ${i}→${o} dY·Wᵀ`, m: batch, n: i, k: o, transA: false, transB: true });
    }
  }
  return out;
}

export async function run() {
  const A = await axon();
  const be = A.getBackend();
  const { tf } = await tfjs();
  const peak = await measurePeak();
  console.log(`SIMD peak (register-only f32x4 mul+add): ${peak.mulAddGflops.toFixed(1)} GFLOP/s; relaxed-SIMD FMA: ${peak.fmaGflops?.toFixed(1) ?? 'n/a'}; native: ${JSON.stringify(peak.native)}`);
  const rows = [];
  const caseOpts = QUICK ? { minSamples: 3, maxTime: 0.25 } : { minSamples: 5, maxTime: 0.6 };
  for (const s of shapes()) {
    const flops = 2 * s.m * s.n * s.k;
    const aData = randomArray(s.m * s.k, 1), bData = randomArray(s.k * s.n, 2);
    const ab = be.alloc(s.m * s.k), bb = be.alloc(s.k * s.n), cb = be.alloc(s.m * s.n);
    be.write(ab, aData);
    be.write(bb, bData);
    const spec = { m: s.m, n: s.n, k: s.k, a: ab, b: bb, c: cb, transA: s.transA, transB: s.transB };
    const tfShapeA = s.transA ? [s.k, s.m] : [s.m, s.k], tfShapeB = s.transB ? [s.n, s.k] : [s.k, s.n];
    const cases = [b.add('axon', () => be.matMul(spec), caseOpts)];
    const tfT = {};
    for (const backend of ['wasm', 'cpu']) {
      await tfjsUse(backend);
      const ta = tf.tensor2d(aData, tfShapeA), tb = tf.tensor2d(bData, tfShapeB);
      tfT[backend] = [ta, tb];
      // Big cpu-backend products take seconds each; keep them to a couple of samples.
      const slow = backend === 'cpu' && flops > 2e8;
      cases.push(b.add(`tfjs-${backend}`, () => {
        if (tf.getBackend() !== backend) tf.setBackend(backend); // synchronous once initialised
        tf.matMul(ta, tb, s.transA, s.transB).dispose();
      }, slow ? { minSamples: 2, maxTime: 0.1 } : caseOpts));
    }
    const summary = await quietBenny(() => b.suite(`gemm ${s.label}`, ...cases, b.complete()));
    const gf = {};
    // Throughput from the fastest sample: other processes on a shared machine only ever slow a
    // sample down. The mean-based figure is kept too.
    const gfMean = {};
    for (const r of summary.results) {
      gf[r.name] = flops / r.details.min / 1e9;
      gfMean[r.name] = (r.ops * flops) / 1e9;
    }
    console.log(`  ${s.label}: ` + Object.entries(gf).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ') + ' GFLOP/s');
    rows.push({ ...s, flops, gflops: gf, gflopsMean: gfMean, ratioVsWasm: gf['tfjs-wasm'] / gf.axon, ratioVsCpu: gf['tfjs-cpu'] / gf.axon, peakFraction: gf.axon / peak.mulAddGflops });
    be.free(ab); be.free(bb); be.free(cb);
    for (const [x, y] of Object.values(tfT)) { x.dispose(); y.dispose(); }
  }
  saveResult('gemm', { peak, rows, note: 'ratio = Axon time / tfjs time (= tfjs GFLOP/s / Axon GFLOP/s); < 1 means Axon is faster' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
