// Suites 3 and 5a: full training epochs on real Fashion-MNIST (48,000 rows, batch 32) and the peak
// RSS of the fit. Every (library, model) pair runs in its own child process (bench/lib/epoch-child.mjs).
// Axon runs 5 epochs (the memory row is its 5-epoch fit; seconds/epoch is the mean of the 5).
// tfjs-backend-wasm runs ONE epoch per model (its epochs take tens of seconds here); tfjs-backend-cpu
// runs a tenth of an epoch (4,800 rows), extrapolated ×10 and marked so, with no accuracy.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { QUICK, saveResult, MODELS, TRAIN_ROWS } from './lib/common.mjs';

const child = fileURLToPath(new URL('./lib/epoch-child.mjs', import.meta.url));

function runChild(lib, model, epochs, rows, order = 'shuffled') {
  const txt = execFileSync(process.execPath, ['--expose-gc', child, lib, model.id, String(epochs), String(rows), order], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = txt.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return JSON.parse(line);
}

export async function run() {
  const plan = QUICK
    ? { axon: [1, TRAIN_ROWS], 'tfjs-wasm': [1, TRAIN_ROWS / 20], 'tfjs-cpu': [1, TRAIN_ROWS / 40] }
    : { axon: [5, TRAIN_ROWS], 'tfjs-wasm': [1, TRAIN_ROWS], 'tfjs-cpu': [1, TRAIN_ROWS / 10] };
  const rows = [];
  for (const model of MODELS) {
    const res = {};
    for (const [lib, [epochs, n]] of Object.entries(plan)) {
      const r = runChild(lib, model, epochs, n);
      const mean = r.epochSeconds.reduce((a, b) => a + b, 0) / r.epochSeconds.length;
      r.secondsPerEpoch = mean * (TRAIN_ROWS / n);
      r.extrapolated = n !== TRAIN_ROWS;
      res[lib] = r;
      console.log(`  epoch ${model.id} ${lib}: ${r.secondsPerEpoch.toFixed(2)} s/epoch${r.extrapolated ? ` (extrapolated from ${n} rows)` : ''}` +
        `${r.testAccuracyEpoch1 != null ? `, test acc after 1 epoch ${(r.testAccuracyEpoch1 * 100).toFixed(2)}%` : ''}, peak RSS ${r.peakRssMiB.toFixed(0)} MiB` +
        (r.boundSeconds ? `, bound ${r.boundSeconds.toFixed(2)} s at ${r.gemmGflopsAtShapes.toFixed(1)} GFLOP/s` : ''));
    }
    // Accuracy twins: one epoch each of Axon and tfjs-wasm from the same initial weights over the
    // same unshuffled batches, so that the accuracy gap is the implementations', not the batch order's.
    let twin = null;
    if (!QUICK) {
      const ta = runChild('axon', model, 1, TRAIN_ROWS, 'fixed'), tw = runChild('tfjs-wasm', model, 1, TRAIN_ROWS, 'fixed');
      twin = { axon: ta.testAccuracyEpoch1, tfjsWasm: tw.testAccuracyEpoch1, deltaPoints: (ta.testAccuracyEpoch1 - tw.testAccuracyEpoch1) * 100, axonSeconds: ta.epochSeconds[0], tfjsWasmSeconds: tw.epochSeconds[0] };
      console.log(`  accuracy twin ${model.id} (same init, same unshuffled batches): axon ${(twin.axon * 100).toFixed(2)}%, tfjs-wasm ${(twin.tfjsWasm * 100).toFixed(2)}%`);
    }
    const a = res.axon;
    rows.push({ twin,
      model: model.id, label: model.label, results: res,
      ratioVsWasm: a.secondsPerEpoch / res['tfjs-wasm'].secondsPerEpoch,
      ratioVsCpu: a.secondsPerEpoch / res['tfjs-cpu'].secondsPerEpoch,
      axonFirstEpochSeconds: a.epochSeconds[0],
      boundSeconds: a.boundSeconds, boundRatio: a.secondsPerEpoch / a.boundSeconds,
      accuracyDeltaPoints: res['tfjs-wasm'].testAccuracyEpoch1 != null ? (a.testAccuracyEpoch1 - res['tfjs-wasm'].testAccuracyEpoch1) * 100 : null,
    });
  }
  saveResult('epoch', { plan, rows, note: 'seconds per epoch of 48,000 rows at batch 32; ratio = Axon time / tfjs time; accuracy = test set (10,000) after one epoch' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
