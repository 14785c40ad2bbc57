// The seed script (examples/fashion-mnist.mjs) inside a browser page: headless Debian Chromium
// imports the built package and the script itself, fetches the Fashion-MNIST files from a local
// server and trains on the backends asked for, in the same page. With `--backend gpu` the GPU
// backend picks the first gpu.js mode the page has: WebGL2 (SwiftShader, a software renderer, on a
// machine without a GPU) or WebGPU with --webgpu where an adapter exists.
//   node examples/fashion-mnist-browser.mjs [linear|mlp|both] [--backend wasm|gpu|both] [--epochs N] [--webgpu]
import { existsSync } from 'node:fs';
import { WEBGPU_FLAGS, launchChromium, serveRepository } from '../scripts/chromium.mjs';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Runs the seed script's trainModel in Chromium for each backend × model and returns
 * `{ [backend]: { info, models: [{ name, valAccuracy, valLoss, secondsPerEpoch, history }] } }`.
 * `log` receives the page's console lines (the per-epoch progress at verbose 2).
 */
export async function runSeedScriptInChromium({ models = ['linear', 'mlp'], backends = ['wasm', 'gpu'], epochs = 5, verbose = 2, webgpu = false, dataDir = FASHION_MNIST_DIR, log = () => {} } = {}) {
  for (const f of ['dist/index.js', 'build/axon.wasm', 'node_modules/gpu.js/dist/gpu-browser.min.js']) {
    if (!existsSync(new URL(`../${f}`, import.meta.url))) throw new Error(`${f} is missing: run \`npm run build\` (npm run train does) first`);
  }
  const server = await serveRepository({ mounts: { '/datasets/fashion-mnist': dataDir } });
  const chromium = await launchChromium(webgpu ? WEBGPU_FLAGS : ['--disable-gpu']);
  try {
    const page = await chromium.browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => log(m.text()));
    await page.goto(`${server.url}/gpu.html`);
    const run = JSON.stringify({ models, backends, epochs, verbose });
    // A string, so that no bundler or test transform rewrites the page's dynamic imports.
    const results = await page.evaluate(`(async () => {
      const { models, backends, epochs, verbose } = ${run};
      const axon = await import('/dist/index.js');
      const seed = await import('/examples/fashion-mnist.mjs');
      const data = await seed.loadSplits({ baseUrl: '/datasets/fashion-mnist', verify: false });
      const out = {};
      for (const backend of backends) {
        await axon.setBackend(backend);
        const info = axon.getBackendInfo();
        console.log('backend ' + info.name + (info.mode ? ' (' + info.mode + ')' : ''));
        out[backend] = { info, models: [] };
        for (const name of models) {
          console.log(seed.MODELS[name].title);
          out[backend].models.push(await seed.trainModel(name, data, { epochs, verbose }));
        }
      }
      return out;
    })()`);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return results;
  } finally {
    await chromium.close();
    await server.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args.splice(at, 2)[1] ?? '' : fallback;
  };
  const backend = flag('backend', 'both');
  const epochs = Number(flag('epochs', '5'));
  const webgpu = args.includes('--webgpu');
  const { modelNames } = await import('./fashion-mnist.mjs');
  const models = modelNames(args.find((a) => !a.startsWith('--')));
  if (!['wasm', 'gpu', 'both'].includes(backend)) throw new Error(`--backend: expected wasm, gpu or both, received "${backend}"`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs: expected a positive integer, received "${epochs}"`);
  const backends = backend === 'both' ? ['wasm', 'gpu'] : [backend];
  const results = await runSeedScriptInChromium({ models, backends, epochs, webgpu, log: (line) => console.log(`  [page] ${line}`) });
  for (const name of models) {
    console.log(`\n${name}:`);
    for (const b of backends) {
      const r = results[b].models.find((m) => m.name === name);
      const mode = results[b].info.mode ? ` (${results[b].info.mode})` : '';
      console.log(`  ${b}${mode}: validation accuracy ${r.valAccuracy.toFixed(4)} (loss ${r.valLoss.toFixed(4)}), ${r.secondsPerEpoch.toFixed(2)} s per epoch`);
    }
    if (backends.length === 2) {
      const [a, b] = backends.map((k) => results[k].models.find((m) => m.name === name).valAccuracy);
      console.log(`  gap: ${((b - a) * 100).toFixed(2)} points`);
    }
  }
}

if (import.meta.url === new URL(process.argv[1], 'file:').href) {
  // A user's mistake (a bad argument, no GPU) reads better as one line than as a stack trace.
  await main().catch((error) => {
    console.error(`${error.name ?? 'Error'}: ${error.message ?? error}`);
    process.exitCode = 1;
  });
}
