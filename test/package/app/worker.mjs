// A Cloudflare Worker. The Wasm module comes in as a compiled WebAssembly.Module import (workerd
// cannot compile bytes at run time) and every request passes it to ready() again.
//   /           trains and answers the results, with the count of requests this isolate served
//   /no-module  ready() without the module: the error must say to pass it
//   /threads    ready({ source, threads: 2 }): workerd has no Worker, so one thread, and no hang
//   /load       loads the model saved-model.mjs saved in Node from in-memory artifacts (as from KV or R2) and predicts
import * as axon from 'axon-nn';
import * as onnx from 'axon-nn/onnx';
import wasm from 'axon-nn/axon.wasm';
import { train } from './train.mjs';
import saved from './saved-model.json';

let requests = 0;

function json(value) {
  return new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });
}

export default {
  async fetch(request) {
    requests += 1;
    const path = new URL(request.url).pathname;
    if (path === '/no-module') {
      try {
        await axon.ready();
        return json({ loaded: true });
      } catch (error) {
        return json({ name: error.name, message: error.message });
      }
    }
    if (path === '/load') {
      await axon.ready(wasm);
      const bytes = Uint8Array.from(atob(saved.weightData), (c) => c.charCodeAt(0));
      const model = await axon.loadModel({ ...saved.artifacts, weightData: bytes.buffer });
      const predictions = Array.from((await model.predict(axon.tensor(Float32Array.from(saved.input), [4, 6]))).data);
      model.dispose();
      return json({ predictions });
    }
    if (path === '/threads') {
      await axon.ready({ source: wasm, threads: 2 });
      return json({ ...(await train(axon, onnx, wasm)), threads: axon.getThreadInfo() });
    }
    return json({ ...(await train(axon, onnx, wasm)), requests });
  },
};
