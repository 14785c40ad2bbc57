// Suite: ONNX Runtime for inference, when installed: onnxruntime-node (native, the CPU execution
// provider) and onnxruntime-web (its WebAssembly build, run in Node), on the 784-300-100-10 MLP
// exported from PyTorch (bench/lib/torch-bench.py, so this suite needs python3-torch too), with
// the same calling pattern as Axon's predict(): one run of the whole batch (1, 32, 1024), the
// probabilities read back into JavaScript; 1 and 2 intra-op threads.
//   node bench/onnx.mjs        (or node bench/run.mjs --only=onnx)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { QUICK, fastestMicroseconds, saveResult, randomArray, root } from './lib/common.mjs';

const PYTHON = process.env.AXON_BENCH_PYTHON ?? '/usr/bin/python3';

async function load(name) {
  try {
    return await import(name);
  } catch (error) {
    return { error: error.message.split('\n')[0] };
  }
}

const timeCalls = (call) => fastestMicroseconds(call, QUICK ? { sampleMs: 10, samples: 5 } : {});

export async function run() {
  const dir = root + 'bench/build/';
  mkdirSync(dir, { recursive: true });
  const path = dir + 'mlp-784-300-100-10.onnx';
  const exported = spawnSync(PYTHON, [root + 'bench/lib/torch-bench.py', JSON.stringify({ mode: 'onnx', model: '784-300-100-10', path })], { encoding: 'utf8' });
  if (exported.status !== 0) {
    const reason = `the ONNX model is exported by PyTorch: ${(exported.stderr || exported.error?.message || '').trim().split('\n').pop()}`;
    console.log(`  onnx: skipped (${reason})`);
    saveResult('onnx', { available: false, reason });
    return null;
  }
  const runtimes = { 'onnxruntime-node': await load('onnxruntime-node'), 'onnxruntime-web': await load('onnxruntime-web') };
  const results = {};
  for (const [name, ort] of Object.entries(runtimes)) {
    if (ort.error) {
      console.log(`  ${name}: not installed (${ort.error})`);
      results[name] = { available: false, reason: ort.error };
      continue;
    }
    const lib = ort.default ?? ort;
    const byThreads = {};
    for (const threads of [1, 2]) {
      if (name === 'onnxruntime-web') lib.env.wasm.numThreads = threads;
      const session = await lib.InferenceSession.create(path, name === 'onnxruntime-node' ? { intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'] } : { executionProviders: ['wasm'] });
      const us = {};
      for (const batch of [1, 32, 1024]) {
        const x = new lib.Tensor('float32', randomArray(batch * 784, 11).map((v) => (v + 1) / 2), [batch, 784]);
        us[batch] = await timeCalls(async () => (await session.run({ x })).y.data);
      }
      await session.release?.();
      byThreads[threads] = us;
      console.log(`  ${name}, ${threads} thread(s): ` + Object.entries(us).map(([b, v]) => `b${b} ${v.toFixed(1)} µs`).join(', '));
      // onnxruntime-web fixes its thread count when its Wasm first loads: one row only.
      if (name === 'onnxruntime-web') break;
    }
    results[name] = { available: true, version: lib.env?.versions?.common ?? null, microsecondsPerCall: byThreads };
  }
  saveResult('onnx', { available: true, model: '784-300-100-10', results, note: 'fastest sample, µs per call of session.run on the whole batch, output read back' });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
