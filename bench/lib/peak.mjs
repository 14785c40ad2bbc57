// Measures the machine's 128-bit SIMD peak with the register-only loops of assembly/probe.ts
// (f32x4 mul + add) and assembly/probe-fma.ts (relaxed-SIMD fused multiply-add, when the runtime
// supports it: Node 20 needs --experimental-wasm-relaxed-simd, so that one runs in a child process).
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../..', import.meta.url));
const asc = root + 'node_modules/assemblyscript/bin/asc.js';
function build(name, features) {
  const out = root + `bench/build/${name}.wasm`;
  if (!existsSync(out)) {
    mkdirSync(root + 'bench/build', { recursive: true });
    execFileSync(process.execPath, [asc, root + `assembly/${name}.ts`, '-O3', '--runtime', 'stub', '--enable', features, '--noAssert', '-o', out], { stdio: 'inherit' });
  }
  return out;
}
async function run(path, fnName) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), { env: { abort() {} } });
  const fn = instance.exports[fnName];
  fn(1e5, 1);
  let best = 0;
  for (let r = 0; r < 5; r++) {
    const it = 2e7;
    const t0 = performance.now();
    fn(it, 1);
    const s = (performance.now() - t0) / 1000;
    best = Math.max(best, (it * 96) / s / 1e9);
  }
  return best;
}
/**
 * The native peaks of the same register-only loop (bench/lib/peak-native.c: 128-bit mul+add and FMA,
 * 256- and 512-bit FMA where the CPU has them), so the gap Wasm's 128-bit SIMD leaves is visible;
 * null without a C compiler.
 */
function nativePeak() {
  const out = root + 'bench/build/peak-native';
  try {
    mkdirSync(root + 'bench/build', { recursive: true });
    execFileSync('cc', ['-O2', '-o', out, root + 'bench/lib/peak-native.c'], { stdio: 'pipe' });
    return JSON.parse(execFileSync(out, { encoding: 'utf8' }));
  } catch (e) {
    return { error: String(e.message).split('\n')[0] };
  }
}

export async function measurePeak() {
  const out = { mulAddGflops: await run(build('probe', 'simd'), 'peak'), fmaGflops: null, native: nativePeak() };
  const fmaPath = build('probe-fma', 'simd,relaxed-simd');
  try {
    const txt = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--fma-child', fmaPath], { encoding: 'utf8' });
    out.fmaGflops = Number(txt.trim());
  } catch (e) {
    out.fmaError = String(e.message).split('\n')[0];
  }
  return out;
}
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === '--fma-child') console.log(await run(process.argv[3], 'peakFma'));
  else console.log(await measurePeak());
}
