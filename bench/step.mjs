// Suite 2: one training step (forward + backward + optimizer update) on one batch.
// Axon has no trainOnBatch: its step is the body of fit()'s batch loop (write the batch's rows,
// forwardBackward, optimizer.applyGradients), driven through the model's executor after one
// fit() has built it. (A whole fit() of one batch adds ~1 ms: fit() ends each epoch with
// setTimeout(0) to yield to the event loop.) tfjs: model.trainOnBatch, its cheapest single step.
// Same data, same models, same optimizers.
import b from 'benny';
import { QUICK, saveResult, MODELS, axonTrainStep, stepFlops, randomArray, oneHot, axon, axonModel, tfjs, tfjsUse, tfjsModel, quietBenny } from './lib/common.mjs';

export async function run() {
  const A = await axon();
  const { tf } = await tfjs();
  const rows = [];
  const caseOpts = QUICK ? { minSamples: 3, maxTime: 0.3 } : { minSamples: 8, maxTime: 1 };
  for (const batch of QUICK ? [32] : [32, 256]) {
    const x = randomArray(batch * 784, 7).map((v) => (v + 1) / 2);
    const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
    for (const model of MODELS) {
      const am = await axonModel(model);
      const axonStep = await axonTrainStep(A, am, x, labels, batch);
      if (!Number.isFinite(axonStep().loss)) throw new Error('axon step: non-finite loss');
      const cases = [b.add('axon', axonStep, caseOpts)];
      const tfm = {};
      for (const backend of ['wasm', 'cpu']) {
        await tfjsUse(backend);
        const m = await tfjsModel(model);
        const tx = tf.tensor2d(x, [batch, 784]), ty = tf.tensor2d(oneHot(labels), [batch, 10]);
        await m.trainOnBatch(tx, ty); // warm-up: builds the optimizer's slots
        tfm[backend] = { m, tx, ty };
        cases.push(b.add(`tfjs-${backend}`, async () => {
          if (tf.getBackend() !== backend) tf.setBackend(backend);
          await m.trainOnBatch(tx, ty);
        }, backend === 'cpu' && batch > 32 ? { minSamples: 3, maxTime: 0.5 } : caseOpts));
      }
      const summary = await quietBenny(() => b.suite(`step ${model.id} b${batch}`, ...cases, b.complete()));
      const ms = {};
      for (const r of summary.results) ms[r.name] = r.details.median * 1000;
      const flops = stepFlops(model, batch);
      console.log(`  step ${model.id} b${batch}: ` + Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(3)} ms`).join(', '));
      rows.push({ model: model.id, label: model.label, batch, flops, ms, ratioVsWasm: ms.axon / ms['tfjs-wasm'], ratioVsCpu: ms.axon / ms['tfjs-cpu'] });
      am.dispose();
      for (const { m, tx, ty } of Object.values(tfm)) { tx.dispose(); ty.dispose(); m.dispose?.(); }
    }
  }
  saveResult('step', { rows, note: 'median ms per step; ratio = Axon time / tfjs time' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
