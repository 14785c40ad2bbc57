// `npm run bench` (= npm run build && node bench/run.mjs): every suite in one process run, then
// bench/results/*.json and the markdown table bench/results/README.md.
//   node bench/run.mjs --quick           smaller sanity run (fewer shapes, partial tfjs epochs)
//   node bench/run.mjs --only=gemm,step  some suites (gemm, step, inference, epoch, size, threads, torch, onnx)
//   node bench/run.mjs --report          only rebuild README.md from the saved JSON
import { writeFileSync } from 'node:fs';
import { QUICK, machine, resultsDir, loadResult } from './lib/common.mjs';
import { report } from './lib/report.mjs';

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice(7).split(',') : null;
const suites = ['size', 'gemm', 'step', 'inference', 'epoch', 'threads', 'torch', 'onnx'];

if (!process.argv.includes('--report')) {
  const m = machine();
  console.log(`Axon benchmarks${QUICK ? ' (quick)' : ''} — ${m.cpu}, ${m.cores} cores, Node ${m.node}`);
  // tfjs prints a banner recommending tfjs-node; that package is not what is compared here.
  const warn = console.warn;
  console.warn = (...a) => { if (!String(a[0]).includes('tfjs-node')) warn(...a); };
  const t0 = performance.now();
  for (const s of suites) {
    if (only && !only.includes(s)) continue;
    const ts = performance.now();
    console.log(`\n[${s}]`);
    const mod = await import(`./${s}.mjs`);
    await mod.run();
    console.log(`  (${((performance.now() - ts) / 1000).toFixed(0)} s)`);
  }
  console.warn = warn;
  console.log(`\nall suites: ${((performance.now() - t0) / 60000).toFixed(1)} min`);
}
const md = report(Object.fromEntries(suites.map((s) => [s, loadResult(s)])));
writeFileSync(resultsDir + 'README.md', md);
console.log(`\nwrote ${resultsDir}README.md`);
process.exit(0);
