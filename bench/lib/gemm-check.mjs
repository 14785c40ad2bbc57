// Quick GEMM timing + correctness vs a float64 reference: node bench/lib/gemm-check.mjs [wasmPath]
import { loadCore } from './core.mjs';
import { ACTIVATION_CODES } from '../../dist/backends/wasm/boundary.generated.js';
const core = await loadCore(process.argv[2] ? new URL(process.argv[2], 'file://' + process.cwd() + '/') : undefined);
let seed = 1; const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
function mat(n) { const p = core.alloc(Math.max(1, n) * 4); const v = new Float32Array(core.memory.buffer, p, n); for (let i = 0; i < n; i++) v[i] = rnd(); return p; }
function check(m, n, k, tA, tB, acc, bias, act) {
  const a = mat(m * k), b = mat(k * n), c = mat(m * n), bi = bias ? mat(n) : 0;
  const F = (p, len) => new Float32Array(core.memory.buffer, p, len).slice();
  const A = F(a, m * k), B = F(b, k * n), C0 = F(c, m * n), BI = bias ? F(bi, n) : null;
  core.gemm(m, n, k, a, tA ? m : k, tA, b, tB ? k : n, tB, c, n, acc, bi, act);
  const C = F(c, m * n); let maxErr = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0, sa = 0;
    for (let p = 0; p < k; p++) { const x = (tA ? A[p * m + i] : A[i * k + p]) * (tB ? B[j * k + p] : B[p * n + j]); s += x; sa += Math.abs(x); }
    if (acc) { s += C0[i * n + j]; sa += Math.abs(C0[i * n + j]); }
    if (BI) { s += BI[j]; sa += Math.abs(BI[j]); }
    if (act === 1) s = Math.max(s, 0);
    const e = Math.abs(C[i * n + j] - s) / (sa + 1e-30);
    if (!(e <= 1e-6 * Math.max(1, Math.sqrt(k)))) throw new Error(`mismatch m${m} n${n} k${k} tA${tA} tB${tB} acc${acc} bias${bias} act${act} at ${i},${j}: ${C[i * n + j]} vs ${s}`);
    maxErr = Math.max(maxErr, e);
  }
  for (const p of [a, b, c, bi]) if (p) core.free(p);
  return maxErr;
}
const RELU = ACTIVATION_CODES.relu;
let worst = 0, cases = 0;
const dims = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 13, 17, 31, 100, 130];
for (let t = 0; t < 400; t++) {
  const pick = () => dims[Math.floor(((rnd() + 1) / 2) * dims.length)];
  const m = pick() || 1, n = pick() || 1, k = pick(); // k may be 0
  worst = Math.max(worst, check(m, n, k, rnd() > 0 ? 1 : 0, rnd() > 0 ? 1 : 0, rnd() > 0 ? 1 : 0, rnd() > 0, rnd() > 0 ? RELU : 0)); cases++;
}
for (const n of [1, 3, 4, 5, 10, 31, 32, 33, 70, 300]) for (const k of [0, 1, 7, 300]) for (const tA of [0, 1]) for (const acc of [0, 1]) { worst = Math.max(worst, check(1, n, k, tA, 0, acc, acc === 1, acc ? RELU : 0)); worst = Math.max(worst, check(1, n, k, tA, 1, acc, acc === 0, 0)); cases += 2; }
for (const [m, n, k] of [[300, 10, 300], [4, 10, 600], [8, 2, 3], [1000, 12, 17], [32, 300, 784], [257, 129, 600], [6, 8, 1], [12, 16, 513]]) for (const tA of [0, 1]) for (const tB of [0, 1]) { worst = Math.max(worst, check(m, n, k, tA, tB, 1, true, RELU)); cases++; }
console.log(`correct: ${cases} cases, worst rel err ${worst.toExponential(2)}`);
function time(m, n, k, tA = 0, tB = 0, minMs = 300) {
  const a = mat(m * k), b = mat(k * n), c = mat(m * n);
  const run = () => core.gemm(m, n, k, a, tA ? m : k, tA, b, tB ? k : n, tB, c, n, 0, 0, 0);
  run(); let reps = 0; const t0 = performance.now(); let t;
  do { run(); reps++; t = performance.now() - t0; } while (t < minMs);
  core.free(a); core.free(b); core.free(c);
  return (2 * m * n * k * reps) / (t / 1000) / 1e9;
}
const out = [];
for (const s of [128, 256, 512, 1024]) out.push(`${s}: ${time(s, s, s).toFixed(1)}`);
for (const [label, m, n, k, tA, tB] of [['32x784·784x300', 32, 300, 784, 0, 0], ['32x300·300x100', 32, 100, 300, 0, 0], ['32x100·100x10', 32, 10, 100, 0, 0], ['dY·W1ᵀ 32x300·(784x300)ᵀ', 32, 784, 300, 0, 1], ['Xᵀ·dY (32x784)ᵀ·32x300', 784, 300, 32, 1, 0], ['Hᵀ·dY (32x100)ᵀ·32x10', 100, 10, 32, 1, 0], ['256x784·784x300', 256, 300, 784, 0, 0], ['Xᵀ·dY b256', 784, 300, 256, 1, 0]])
  out.push(`${label}: ${time(m, n, k, tA, tB, 150).toFixed(1)}`);
console.log(out.join('\n'));
