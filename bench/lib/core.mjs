// Loads the Axon Wasm core directly (bypassing the JS layers) for kernel-level benchmarks.
import { readFileSync } from 'node:fs';
export async function loadCore(path = new URL('../../build/axon.wasm', import.meta.url)) {
  const bytes = readFileSync(path);
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() { throw new Error('abort'); } } });
  return instance.exports;
}
