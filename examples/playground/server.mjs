// The playground's dev server: vite on examples/playground, with `axon-nn` resolved to this
// repository's build (dist/ and build/*.wasm), the cross-origin isolation headers that
// SharedArrayBuffer (and so Wasm threads) needs, the Fashion-MNIST files at /datasets/fashion-mnist/
// (the local copies the Node loaders would read: env AXON_DATA_DIR, the cache, /usr/share/datasets)
// and gpu.js' browser build at /vendor/gpu-browser.min.js.
//   node examples/playground/server.mjs [--port N] [--host H]   (npm run playground; builds first if needed)
import { spawnSync } from 'node:child_process';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = fileURLToPath(new URL('./', import.meta.url));
const GPU_JS = join(ROOT, 'node_modules/gpu.js/dist/gpu-browser.min.js');
export const DATA_PATH = '/datasets/fashion-mnist/';
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const BUILT = ['dist/index.js', 'dist/plot/index.js', 'dist/gpu.js', 'build/axon.wasm', 'build/axon.threads.wasm'];

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/** Why the build must run first: a built file is missing or older than the sources; null when it is current. */
export function staleBuild() {
  const missing = BUILT.find((file) => !statSync(join(ROOT, file), { throwIfNoEntry: false }));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...BUILT.map((file) => statSync(join(ROOT, file)).mtimeMs));
  return Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'assembly'))) > built ? 'the sources changed since the last build' : null;
}

/** Serves the page's extra files: the dataset's local copies and gpu.js' browser build. */
function playgroundFiles(dataDir) {
  return {
    name: 'axon-playground-files',
    async configureServer(server) {
      const { fashionMnist, locateDatasetFile } = await import('../../dist/data/index.js');
      const locate = async (name) => {
        const file = fashionMnist.files.find((f) => f.name === name);
        if (!file) return null;
        if (dataDir !== undefined) return join(dataDir, name);
        const { path, found } = await locateDatasetFile(file);
        return found ? path : null;
      };
      server.middlewares.use((req, res, next) => {
        for (const [key, value] of Object.entries(ISOLATION)) res.setHeader(key, value);
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const file = path === '/vendor/gpu-browser.min.js' ? Promise.resolve(GPU_JS) : path.startsWith(DATA_PATH) ? locate(path.slice(DATA_PATH.length)) : null;
        if (file === null) return next();
        file.then((found) => {
          const size = found && statSync(found, { throwIfNoEntry: false })?.size;
          if (!size) {
            res.statusCode = 404;
            res.end(`${path}: no local copy (run \`npx axon datasets fetch fashion-mnist\`, or set AXON_DATA_DIR)`);
            return;
          }
          res.setHeader('Content-Type', found.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
          res.setHeader('Content-Length', size);
          createReadStream(found).pipe(res);
        }, next);
      });
    },
  };
}

/**
 * Starts the playground's vite dev server and returns `{ url, close() }`. `dataDir`: a folder with
 * the four Fashion-MNIST files (default: wherever fashionMnist.loadData would find them in Node).
 * @param {{ port?: number, host?: string, dataDir?: string, logLevel?: 'info' | 'silent' }} [options]
 */
export async function startPlayground({ port = 5173, host = '127.0.0.1', dataDir, logLevel = 'info' } = {}) {
  const { createServer } = await import('vite');
  const dist = (file) => join(ROOT, 'dist', file);
  const server = await createServer({
    root: PAGE,
    configFile: false,
    logLevel,
    resolve: {
      alias: [
        { find: /^axon-nn$/, replacement: dist('index.js') },
        { find: /^axon-nn\/plot$/, replacement: dist('plot/index.js') },
        { find: /^axon-nn\/gpu$/, replacement: dist('gpu.js') },
      ],
    },
    plugins: [playgroundFiles(dataDir)],
    server: { host, port, strictPort: false, headers: ISOLATION, fs: { allow: [ROOT] } },
    // The aliased package is this repository's own build: nothing to pre-bundle.
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const address = server.httpServer.address();
  return { url: `http://${host}:${address.port}/`, close: () => server.close() };
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] ?? '' : fallback;
  };
  const stale = staleBuild();
  if (stale) {
    console.log(`Building axon-nn first (${stale})…`);
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const { url } = await startPlayground({ port: Number(flag('port', '5173')), host: flag('host', '127.0.0.1') });
  console.log(`Axon playground: ${url}  (Ctrl-C stops it)`);
}

if (import.meta.url === new URL(process.argv[1], 'file:').href) {
  await main().catch((error) => {
    console.error(`${error.name ?? 'Error'}: ${error.message ?? error}`);
    process.exitCode = 1;
  });
}
