// A Cloudflare Worker. The Wasm module comes in as a compiled WebAssembly.Module import (workerd
// cannot compile bytes at run time) and every request passes it to ready() again.
//   /           trains and answers the results, with the count of requests this isolate served
//   /no-module  ready() without the module: the error must say to pass it
//   /threads    ready({ source, threads: 2 }): workerd has no Worker, so one thread, and no hang
import * as axon from 'axon-nn';
import wasm from 'axon-nn/axon.wasm';
import { train } from './train.mjs';

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
    if (path === '/threads') {
      await axon.ready({ source: wasm, threads: 2 });
      return json({ ...(await train(axon, wasm)), threads: axon.getThreadInfo() });
    }
    return json({ ...(await train(axon, wasm)), requests });
  },
};
