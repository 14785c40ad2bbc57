// Suite 5b: the bytes a user ships. Axon: dist/index.js bundled and minified by esbuild for the
// browser (node:* imports external; they sit behind runtime checks) plus build/axon.wasm. tfjs: the
// same bundling of tfjs-core + tfjs-layers + tfjs-backend-wasm, plus the backend's SIMD .wasm (the
// one a SIMD-capable browser loads; the plain and threaded variants are listed but not counted).
import { build } from 'esbuild';
import { readFileSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { root, saveResult } from './lib/common.mjs';

async function bundle(entryContents, name) {
  const dir = root + 'bench/build/';
  mkdirSync(dir, { recursive: true });
  const entry = dir + `${name}-entry.mjs`;
  writeFileSync(entry, entryContents);
  const result = await build({
    entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
    external: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto', 'util', 'url'],
    logLevel: 'silent', nodePaths: [root + 'node_modules'], absWorkingDir: root,
  });
  rmSync(entry);
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const fileSize = (p) => { const b = readFileSync(p); return { bytes: b.length, gzip: gzipSync(b, { level: 9 }).length }; };

export async function run() {
  const axonJs = await bundle(`export * from ${JSON.stringify(root + 'dist/index.js')};\n`, 'axon');
  const axonWasm = fileSize(root + 'build/axon.wasm');
  const tfJs = await bundle(`export * from '@tensorflow/tfjs-core';\nexport * as layers from '@tensorflow/tfjs-layers';\nexport * from '@tensorflow/tfjs-backend-wasm';\n`, 'tfjs');
  const wdir = root + 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';
  const tfWasm = fileSize(wdir + 'tfjs-backend-wasm-simd.wasm');
  const otherWasm = Object.fromEntries(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => [f, statSync(wdir + f).size]));
  // A typical training app imports only what it uses; Axon is side-effect free and tree-shakes.
  const axonApp = await bundle(`export { ready, Sequential, Dense, tensor, setRandomSeed } from ${JSON.stringify(root + 'dist/index.js')};\n`, 'axon-app');
  const tfApp = await bundle(`export { tensor2d, setBackend, ready } from '@tensorflow/tfjs-core';\nexport { sequential, layers } from '@tensorflow/tfjs-layers';\nexport { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';\n`, 'tfjs-app');
  const app = { axon: { js: axonApp, total: { bytes: axonApp.bytes + axonWasm.bytes, gzip: axonApp.gzip + axonWasm.gzip } }, tfjs: { js: tfApp, total: { bytes: tfApp.bytes + 0, gzip: tfApp.gzip } } };
  app.tfjs.total = { bytes: tfApp.bytes + tfWasm.bytes, gzip: tfApp.gzip + tfWasm.gzip };
  app.ratio = app.axon.total.bytes / app.tfjs.total.bytes;
  app.ratioGzip = app.axon.total.gzip / app.tfjs.total.gzip;
  const axonTotal = { bytes: axonJs.bytes + axonWasm.bytes, gzip: axonJs.gzip + axonWasm.gzip };
  const tfTotal = { bytes: tfJs.bytes + tfWasm.bytes, gzip: tfJs.gzip + tfWasm.gzip };
  const out = { axon: { js: axonJs, wasm: axonWasm, total: axonTotal }, tfjs: { js: tfJs, wasm: tfWasm, total: tfTotal, otherWasmNotCounted: otherWasm }, ratio: axonTotal.bytes / tfTotal.bytes, ratioGzip: axonTotal.gzip / tfTotal.gzip, app };
  console.log(`  size: axon ${(axonTotal.bytes / 1024).toFixed(0)} KiB (js ${(axonJs.bytes / 1024).toFixed(0)} + wasm ${(axonWasm.bytes / 1024).toFixed(0)}), tfjs ${(tfTotal.bytes / 1024).toFixed(0)} KiB (js ${(tfJs.bytes / 1024).toFixed(0)} + wasm ${(tfWasm.bytes / 1024).toFixed(0)}); ratio ${out.ratio.toFixed(3)}`);
  console.log(`  size (typical training app imports): axon ${(app.axon.total.bytes / 1024).toFixed(0)} KiB, tfjs ${(app.tfjs.total.bytes / 1024).toFixed(0)} KiB; ratio ${app.ratio.toFixed(3)}`);
  saveResult('size', out);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
