// Suite 4: inference with the 784-300-100-10 MLP — predict throughput (samples/s) at batch 1, 32
// and 1024, and the latency of one sample. Both sides return the probabilities to JavaScript
// (Axon's predict() returns a host tensor; tfjs reads its result with dataSync()). Every system gets
// the same calling pattern: one predict of the whole batch with batchSize equal to it (tfjs' default
// batchSize of 32 would split the 1024 rows into 32 calls and copy the input each time).
import b from 'benny';
import { QUICK, saveResult, MODELS, randomArray, axon, axonModel, tfjs, tfjsUse, tfjsModel, quietBenny } from './lib/common.mjs';

export async function run() {
  const A = await axon();
  const { tf } = await tfjs();
  const model = MODELS[2];
  const am = await axonModel(model);
  const tfm = {};
  for (const backend of ['wasm', 'cpu']) { await tfjsUse(backend); tfm[backend] = await tfjsModel(model); }
  const rows = [];
  const caseOpts = QUICK ? { minSamples: 3, maxTime: 0.3 } : { minSamples: 10, maxTime: 1 };
  for (const batch of [1, 32, 1024]) {
    const x = randomArray(batch * 784, 11).map((v) => (v + 1) / 2);
    const ax = A.tensor(x, [batch, 784]);
    await am.predict(ax, { batchSize: batch });
    const cases = [b.add('axon', async () => { await am.predict(ax, { batchSize: batch }); }, caseOpts)];
    const tensors = [];
    for (const backend of ['wasm', 'cpu']) {
      await tfjsUse(backend);
      const tx = tf.tensor2d(x, [batch, 784]);
      tensors.push(tx);
      const m = tfm[backend];
      tf.tidy(() => m.predict(tx, { batchSize: batch }).dataSync());
      cases.push(b.add(`tfjs-${backend}`, () => {
        if (tf.getBackend() !== backend) tf.setBackend(backend);
        tf.tidy(() => m.predict(tx, { batchSize: batch }).dataSync());
      }, backend === 'cpu' && batch === 1024 ? { minSamples: 3, maxTime: 0.5 } : caseOpts));
    }
    const summary = await quietBenny(() => b.suite(`predict b${batch}`, ...cases, b.complete()));
    const us = {}, sps = {};
    for (const r of summary.results) { us[r.name] = r.details.min * 1e6; sps[r.name] = batch / r.details.min; }
    console.log(`  predict b${batch}: ` + Object.entries(sps).map(([k, v]) => `${k} ${v.toFixed(0)} samples/s (${us[k].toFixed(1)} µs/call)`).join(', '));
    rows.push({ batch, microsecondsPerCall: us, samplesPerSecond: sps, ratioVsWasm: us.axon / us['tfjs-wasm'], ratioVsCpu: us.axon / us['tfjs-cpu'] });
    tensors.forEach((t) => t.dispose());
  }
  saveResult('inference', { model: model.id, rows, note: 'fastest benny sample; ratio = Axon time / tfjs time; latency of one sample = the batch-1 row' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
