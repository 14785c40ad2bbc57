// Debian's headless Chromium driven by playwright-core (never a downloaded browser), and a small
// HTTP server on 127.0.0.1 for the pages it opens: the repository at `/`, extra folders mounted
// under their own prefixes (e.g. the Fashion-MNIST files at /datasets/fashion-mnist), with the
// cross-origin isolation headers SharedArrayBuffer needs. Used by the tests and the browser runner
// of the seed script (examples/fashion-mnist-browser.mjs).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Flags under which Chromium offers WebGPU on SwiftShader (it needs the GPU process, so no --disable-gpu). */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

const REPOSITORY = fileURLToPath(new URL('../', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
// gpu.js' browser build defines globalThis.GPU, which the GPU backend picks up.
const PAGES = {
  '/blank.html': '<!doctype html><meta charset="utf-8"><title>axon</title>',
  '/gpu.html': '<!doctype html><meta charset="utf-8"><title>axon gpu</title><script src="/node_modules/gpu.js/dist/gpu-browser.min.js"></script>',
};

/** The file under `root` that `relative` names, or null when it would leave `root`. */
function inside(root, relative) {
  const file = normalize(join(root, relative));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/**
 * Serves the repository (and `mounts`: URL prefix → folder) until close(). Pages: /blank.html, and
 * /gpu.html, which loads gpu.js' browser build first.
 * @param {{ mounts?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function serveRepository(options = {}) {
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, dir]) => [prefix.replace(/\/+$/, '') + '/', dir]);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      // Pages ask for it on their own; an empty answer keeps a 404 out of their console.
      res.writeHead(204, HEADERS).end();
      return;
    }
    const page = PAGES[path === '/' ? '/blank.html' : path];
    if (page !== undefined) {
      res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES['.html'] }).end(page);
      return;
    }
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    const file = mount ? inside(mount[1], path.slice(mount[0].length)) : inside(REPOSITORY, path.slice(1));
    try {
      if (file === null) throw new Error('outside the served folders');
      const body = await readFile(file);
      res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, HEADERS).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Launches headless Chromium with the base flags plus `extraArgs` (default `--disable-gpu`, under
 * which WebGL2 runs on SwiftShader; pass WEBGPU_FLAGS for a WebGPU adapter). Playwright gives each
 * launch a fresh temporary profile.
 * @param {string[]} [extraArgs]
 */
export async function launchChromium(extraArgs = ['--disable-gpu']) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs] });
  return { browser, close: () => browser.close() };
}
