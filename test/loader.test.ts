// The Wasm module loads from whatever a runtime can give: nothing (the package's own file), bytes,
// a compiled WebAssembly.Module (Cloudflare workerd) or a URL.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instantiateCore } from '../src/backends/wasm/loader.js';
import { StateError, ready } from '../src/index.js';

const wasmUrl = new URL('../build/axon.wasm', import.meta.url);

async function product(source?: Parameters<typeof instantiateCore>[0]): Promise<number> {
  const core = await instantiateCore(source);
  const a = core.alloc(16), b = core.alloc(16), c = core.alloc(4);
  new Float32Array(core.memory.buffer, a, 4).set([1, 2, 3, 4]);
  new Float32Array(core.memory.buffer, b, 4).set([1, 1, 1, 1]);
  core.gemm(1, 1, 4, a, 4, 0, b, 1, 0, c, 1, 0, 0, 0);
  return new Float32Array(core.memory.buffer, c, 1)[0]!;
}

describe('Wasm loading', () => {
  it('from the package file, bytes, a compiled module and a URL', async () => {
    const bytes = new Uint8Array(readFileSync(wasmUrl));
    expect(await product()).toBe(10);
    expect(await product(bytes)).toBe(10);
    expect(await product(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))).toBe(10);
    expect(await product(await WebAssembly.compile(bytes))).toBe(10);
    expect(await product(wasmUrl)).toBe(10);
  });

  it('is exported as a SIMD module under 100 KB', () => {
    const bytes = readFileSync(wasmUrl);
    expect(bytes.length).toBeLessThan(100 * 1024);
    expect(WebAssembly.validate(bytes)).toBe(true);
  });

  it('ready() is idempotent: once loaded, any later source resolves (a Worker passes it on every request)', async () => {
    await ready();
    await ready();
    await expect(ready(new Uint8Array(8))).resolves.toBeUndefined();
    await expect(ready(await WebAssembly.compile(new Uint8Array(readFileSync(wasmUrl))))).resolves.toBeUndefined();
  });

  it('names a bad source', async () => {
    await expect(instantiateCore(42 as unknown as URL)).rejects.toThrow(/ready\(source\): expected a WebAssembly.Module, bytes or a URL, received 42/);
    await expect(instantiateCore(new URL('file:///nonexistent/axon.wasm'))).rejects.toThrow(/ENOENT/);
    // What a dev server answers for a file it does not know: its HTML page, not the module.
    const page = new URL('../README.md', import.meta.url);
    await expect(instantiateCore(page)).rejects.toThrow(StateError);
    await expect(instantiateCore(page)).rejects.toThrow(/ready\(source\): file:\/\/.*README\.md is not a WebAssembly module: expected the magic bytes 00 61 73 6d, found 23 20 41 78 \("# Axon/);
  });
});
