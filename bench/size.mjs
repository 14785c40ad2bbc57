// Suite 5b: the bytes a user ships. Axon: dist/index.js bundled and minified by esbuild for the
// browser (nothing marked external: the node: imports are dynamic, behind runtime checks, and
// bundlers leave them alone) plus build/axon.wasm; the minimal training app also through a vite
// production build, which emits the .wasm itself. tfjs: the
// same bundling of tfjs-core + tfjs-layers + tfjs-backend-wasm, plus the backend's SIMD .wasm (the
// one a SIMD-capable browser loads; the plain and threaded variants are listed but not counted).
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { root, saveResult } from './lib/common.mjs';

async function bundle(entryContents, name) {
  const dir = root + 'bench/build/';
  mkdirSync(dir, { recursive: true });
  const entry = dir + `${name}-entry.mjs`;
  writeFileSync(entry, entryContents);
  const result = await build({
    entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
    // tfjs-core names Node modules that a browser bundle must leave out; Axon needs none of this.
    external: name.startsWith('tfjs') ? ['node:*', 'fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto', 'util', 'url'] : [],
    logLevel: 'silent', nodePaths: [root + 'node_modules'], absWorkingDir: root,
  });
  rmSync(entry);
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const fileSize = (p) => { const b = readFileSync(p); return { bytes: b.length, gzip: gzipSync(b, { level: 9 }).length }; };

/** A vite production build of a page running `code`: its JavaScript and the single-thread .wasm it loads. */
async function viteApp(code) {
  const { build: viteBuild } = await import('vite');
  const dir = root + 'bench/build/vite-app/';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(dir + 'index.html', '<!doctype html><meta charset="utf-8"><script type="module" src="./main.mjs"></script>');
  writeFileSync(dir + 'main.mjs', code);
  await viteBuild({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: dir + 'dist', emptyOutDir: true } });
  const assets = readdirSync(dir + 'dist/assets');
  const sum = (files) => files.map((f) => fileSize(dir + 'dist/assets/' + f)).reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip }), { bytes: 0, gzip: 0 });
  const js = sum(assets.filter((f) => f.endsWith('.js')));
  const wasm = sum(assets.filter((f) => /^axon-.*\.wasm$/.test(f)));
  rmSync(dir, { recursive: true, force: true });
  return { js, wasm, total: { bytes: js.bytes + wasm.bytes, gzip: js.gzip + wasm.gzip }, files: assets.map((f) => f.replace(/-[\w-]{8}\./, '.')) };
}

// The smallest training app: what test/package/app/minimal.mjs does, as a page.
const MINIMAL_APP = (from) => `import { Dense, Sequential, ready, tensor } from ${JSON.stringify(from)};
globalThis.run = async () => {
  await ready();
  const model = new Sequential([new Dense(4, { inputShape: [3], activation: 'relu' }), new Dense(1)]);
  model.compile({ loss: 'mse', optimizer: 'sgd' });
  const x = tensor(new Float32Array(12), [4, 3]);
  await model.fit(x, tensor(new Float32Array(4), [4, 1]), { verbose: 0 });
  return (await model.predict(x)).data;
};
`;

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
  const minimalEsbuild = await bundle(MINIMAL_APP(root + 'dist/index.js'), 'axon-minimal');
  const minimal = {
    esbuild: { js: minimalEsbuild, wasm: axonWasm, total: { bytes: minimalEsbuild.bytes + axonWasm.bytes, gzip: minimalEsbuild.gzip + axonWasm.gzip } },
    vite: await viteApp(MINIMAL_APP(root + 'dist/index.js')),
  };
  app.tfjs.total = { bytes: tfApp.bytes + tfWasm.bytes, gzip: tfApp.gzip + tfWasm.gzip };
  app.ratio = app.axon.total.bytes / app.tfjs.total.bytes;
  app.ratioGzip = app.axon.total.gzip / app.tfjs.total.gzip;
  const axonTotal = { bytes: axonJs.bytes + axonWasm.bytes, gzip: axonJs.gzip + axonWasm.gzip };
  const tfTotal = { bytes: tfJs.bytes + tfWasm.bytes, gzip: tfJs.gzip + tfWasm.gzip };
  const out = { axon: { js: axonJs, wasm: axonWasm, total: axonTotal }, tfjs: { js: tfJs, wasm: tfWasm, total: tfTotal, otherWasmNotCounted: otherWasm }, ratio: axonTotal.bytes / tfTotal.bytes, ratioGzip: axonTotal.gzip / tfTotal.gzip, app, minimal };
  console.log(`  size: axon ${(axonTotal.bytes / 1024).toFixed(0)} KiB (js ${(axonJs.bytes / 1024).toFixed(0)} + wasm ${(axonWasm.bytes / 1024).toFixed(0)}), tfjs ${(tfTotal.bytes / 1024).toFixed(0)} KiB (js ${(tfJs.bytes / 1024).toFixed(0)} + wasm ${(tfWasm.bytes / 1024).toFixed(0)}); ratio ${out.ratio.toFixed(3)}`);
  console.log(`  size (typical training app imports): axon ${(app.axon.total.bytes / 1024).toFixed(0)} KiB, tfjs ${(app.tfjs.total.bytes / 1024).toFixed(0)} KiB; ratio ${app.ratio.toFixed(3)}`);
  for (const [tool, m] of Object.entries(minimal)) console.log(`  size (minimal training app, ${tool}): js ${m.js.bytes} B (${m.js.gzip} gzip) + wasm ${m.wasm.bytes} B (${m.wasm.gzip} gzip)`);
  saveResult('size', out);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
