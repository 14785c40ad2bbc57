// The package as users get it: `npm pack`'s tarball installed into a fresh project, then imported
// and trained in every runtime the README lists: Node (ESM and require), strict TypeScript, Deno,
// Bun, Cloudflare's workerd, an esbuild bundle and a vite build and dev server in Chromium. Every
// runtime trains the same model from the same seed (test/package/app/train.mjs), and its results
// must equal Node's bit for bit. The runtimes are the npm packages in devDependencies; nothing is
// downloaded at run time.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveRepository } from '../../scripts/chromium.mjs';

type Trained = { loss: number[]; predictions: number[]; onnxPredictions: number[]; errorName: string | null };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = fileURLToPath(new URL('./app/', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
// bun's npm shim is replaced by the real binary only by its postinstall script (which moves it out
// of the platform package); .npmrc turns install scripts off, so the binary is found in either place.
const BUN_PLATFORM = join(ROOT, 'node_modules', '@oven', `bun-${process.platform}-${process.arch === 'arm64' ? 'aarch64' : process.arch}`, 'bin', 'bun');
const BUN = existsSync(BUN_PLATFORM) ? BUN_PLATFORM : join(BIN, 'bun');

let work: string;
let project: string;
let reference: Trained;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The last line of a runtime's stdout, which the app writes as JSON. */
function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Opens `url` in headless Chromium and returns what the app left in globalThis.axonResult. */
async function inChromium(url: string): Promise<Trained & { error?: string }> {
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction('globalThis.axonResult !== undefined', null, { timeout: 60_000 });
    const result = (await page.evaluate('globalThis.axonResult')) as Trained & { error?: string };
    expect(errors).toEqual([]);
    return result;
  } finally {
    await chromium.close();
  }
}

/** Serves a built app folder (with the cross-origin isolation headers) and runs it in Chromium. */
async function servedInChromium(dir: string): Promise<Trained & { error?: string }> {
  const server = await serveRepository({ mounts: { '/': dir } });
  try {
    return await inChromium(`${server.url}/index.html`);
  } finally {
    await server.close();
  }
}

beforeAll(() => {
  for (const file of ['dist/index.js', 'dist/gpu.js', 'build/axon.wasm']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`package test: ${file} is missing; run \`npm run build\` (npm test does)`);
  }
  work = mkdtempSync(join(tmpdir(), 'axon-package-'));
  run('npm', ['pack', '--pack-destination', work, '--ignore-scripts', '--silent'], ROOT);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  project = join(work, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // The package's one dependency (@bufbuild/protobuf, for axon-nn/onnx) comes from npm's cache,
  // where installing the repository put it (gpu.js is an optional peer), so this needs no registry.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball)], project);
  cpSync(APP, project, { recursive: true });
  reference = lastJson<Trained>(run(process.execPath, ['node-esm.mjs'], project).stdout);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the license, the README, the built code and both Wasm modules, and no sources or tests', () => {
    const pkg = join(project, 'node_modules', 'axon-nn');
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/gpu.js', 'dist/onnx/index.js', 'dist/onnx/index.d.ts', 'dist/plot/index.js', 'dist/plot/index.d.ts', 'build/axon.wasm', 'build/axon.threads.wasm']) {
      expect(existsSync(join(pkg, file)), file).toBe(true);
    }
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'test'))).toBe(false);
    // A default install fetches only the protobuf runtime of axon-nn/onnx: gpu.js is an optional peer dependency.
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@bufbuild', 'axon-nn']);
    expect(readdirSync(join(project, 'node_modules', '@bufbuild'))).toEqual(['protobuf']);
  });

  it('Node, ES modules: trains, learns, and names its errors', () => {
    expect(reference.loss).toHaveLength(3);
    expect(reference.loss[2]).toBeLessThan(reference.loss[0]!);
    expect(reference.predictions).toHaveLength(12);
    expect(reference.errorName).toBe('ShapeError');
    // Exported to ONNX and imported back, the model predicts what it did.
    expect(reference.onnxPredictions).toEqual(reference.predictions);
  });

  it('the `axon` command runs from the installed package (npx axon info)', () => {
    const info = run('npx', ['--no-install', 'axon', 'info'], project).stdout;
    expect(info).toMatch(/^axon-nn +\d+\.\d+\.\d+/m);
    expect(info).toMatch(/^wasm core +\S+node_modules\/axon-nn\/build\/axon\.wasm \(\d+\.\d KiB\)$/m);
    // gpu.js is an optional peer, not installed here: the GPU line says so rather than failing.
    expect(info).toMatch(/^gpu +none \(.+\)$/m);
  });

  it('Node, CommonJS: require("axon-nn") gives the same results', () => {
    expect(lastJson<Trained>(run(process.execPath, ['node-cjs.cjs'], project).stdout)).toEqual(reference);
  });

  it('TypeScript, strict, with no DOM lib, no @types/node and skipLibCheck off (node16 and bundler resolution), README example included', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    writeFileSync(join(project, 'readme-example.ts'), `${example}export {};\n`);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [module, moduleResolution] of [['node16', 'node16'], ['esnext', 'bundler']]) {
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          strict: true, module, moduleResolution, target: 'es2022', lib: ['es2022'], types: [], skipLibCheck: false, noEmit: true,
          exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true,
        },
        files: ['typed.ts', 'readme-example.ts'],
      }));
      run(process.execPath, [tsc, '-p', '.'], project);
    }
  });

  it('Deno (from the deno npm package) gives the same results', () => {
    const denoDir = join(work, 'deno-dir');
    const out = run(join(BIN, 'deno'), ['run', '--cached-only', '--allow-read', '--allow-env', 'node-esm.mjs'], project, { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' });
    expect(lastJson<Trained>(out.stdout)).toEqual(reference);
  });

  it('Bun (from the bun npm package), import and require, gives the same results', () => {
    expect(lastJson<Trained>(run(BUN, ['node-esm.mjs'], project).stdout)).toEqual(reference);
    expect(lastJson<Trained>(run(BUN, ['node-cjs.cjs'], project).stdout)).toEqual(reference);
  });

  it('workerd: a Worker bundled by esbuild serves two requests on one isolate, says what to pass without the module, loads a model saved in Node from in-memory artifacts with Node\'s predictions, and falls back to one thread under nodejs_compat', async () => {
    const { build } = await import('esbuild');
    const out = join(project, 'workerd');
    // A model saved in Node, shipped to the Worker as artifacts (what it would read from KV or R2).
    const savedInNode = lastJson<{ predictions: number[] }>(run(process.execPath, ['saved-model.mjs'], project).stdout);
    mkdirSync(out, { recursive: true });
    // What wrangler does: one ES module bundle, the .wasm kept as a module of its own.
    await build({
      entryPoints: [join(project, 'worker.mjs')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser'], external: ['axon-nn/axon.wasm'], outfile: join(out, 'worker.js'), logLevel: 'silent',
    });
    writeFileSync(join(out, 'worker.js'), readFileSync(join(out, 'worker.js'), 'utf8').replace('"axon-nn/axon.wasm"', '"./axon.wasm"'));
    cpSync(join(project, 'node_modules', 'axon-nn', 'build', 'axon.wasm'), join(out, 'axon.wasm'));
    const [plainPort, compatPort] = [await freePort(), await freePort()];
    writeFileSync(join(out, 'config.capnp'), readFileSync(join(project, 'workerd.capnp'), 'utf8').replace('PLAIN_PORT', String(plainPort)).replace('COMPAT_PORT', String(compatPort)));
    const workerd = spawn(join(BIN, 'workerd'), ['serve', 'config.capnp'], { cwd: out, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    workerd.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const get = async (port: number, path: string): Promise<Record<string, unknown>> => {
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(30_000) });
          return (await response.json()) as Record<string, unknown>;
        } catch (error) {
          if (attempt > 100 || workerd.exitCode !== null) throw new Error(`workerd: ${(error as Error).message}\n${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    try {
      const missing = await get(plainPort, '/no-module');
      expect(missing.name).toBe('StateError');
      expect(missing.message).toMatch(/pass the module to ready\(\) instead \(in a Cloudflare Worker: import wasm from 'axon-nn\/axon\.wasm'; await ready\(wasm\)\)/);
      const first = await get(plainPort, '/');
      const second = await get(plainPort, '/');
      expect([first.requests, second.requests]).toEqual([2, 3]);
      for (const answer of [first, second]) expect({ loss: answer.loss, predictions: answer.predictions, onnxPredictions: answer.onnxPredictions, errorName: answer.errorName }).toEqual(reference);
      const loaded = await get(plainPort, '/load');
      expect(loaded.predictions).toEqual(savedInNode.predictions);
      const threaded = await get(compatPort, '/threads');
      expect({ loss: threaded.loss, predictions: threaded.predictions, onnxPredictions: threaded.onnxPredictions, errorName: threaded.errorName }).toEqual(reference);
      expect(threaded.threads).toMatchObject({ requested: 2, active: 1, core: 'single', fallbackReason: expect.any(String) });
    } finally {
      workerd.kill();
    }
  });

  it('esbuild for the browser: bundles without marking anything external, trains in Chromium; the minimal app ships no GPU or ONNX code', async () => {
    const { build } = await import('esbuild');
    const out = join(project, 'esbuild');
    await build({
      entryPoints: [join(project, 'browser-esbuild.mjs')], bundle: true, format: 'esm', platform: 'browser', minify: true,
      loader: { '.wasm': 'binary' }, outfile: join(out, 'app.js'), logLevel: 'silent',
    });
    writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./app.js"></script>');
    expect(await servedInChromium(out)).toEqual(reference);

    await build({ entryPoints: [join(project, 'minimal.mjs')], bundle: true, format: 'esm', platform: 'browser', minify: true, outfile: join(out, 'minimal.js'), logLevel: 'silent' });
    const minimal = readFileSync(join(out, 'minimal.js'), 'utf8');
    // Markers of the GPU backend's code (gpu.js calls, its mode list), and of static node: imports.
    expect(/createKernel|headlessgl|WorkerProxyBackend/.exec(minimal)?.[0] ?? null).toBeNull();
    // Nor the ONNX subpath: its schema is a descriptor string beginning with "onnx.proto" in base64.
    expect(/Cgpvbm54LnByb3Rv|protobuf/.exec(minimal)?.[0] ?? null).toBeNull();
    expect(/from\s*"node:[a-z_/]+"|require\("node:/.exec(minimal)?.[0] ?? null).toBeNull();
    expect(gzipSync(minimal).length).toBeLessThan(40_000);
  });

  it('bundled, the GPU backend is in only when axon-nn/gpu is imported, and its absence is a clear error', async () => {
    const { build } = await import('esbuild');
    const out = join(project, 'gpu-bundles');
    const bundle = async (name: string): Promise<string> => {
      await build({ entryPoints: [join(project, `${name}.mjs`)], bundle: true, format: 'esm', platform: 'node', outfile: join(out, `${name}.mjs`), logLevel: 'silent' });
      return join(out, `${name}.mjs`);
    };
    const withGpu = await bundle('gpu-bundled');
    expect(readFileSync(withGpu, 'utf8')).toMatch(/createKernel/);
    expect(lastJson(run(process.execPath, [withGpu], out).stdout)).toEqual({ name: 'gpu' });
    const without = await bundle('gpu-missing');
    expect(readFileSync(without, 'utf8')).not.toMatch(/createKernel/);
    const answer = lastJson<{ name: string; message: string }>(run(process.execPath, [without], out).stdout);
    expect(answer.name).toBe('StateError');
    expect(answer.message).toMatch(/the "gpu" backend is not in this build .*import 'axon-nn\/gpu' once before setBackend\('gpu'\)/);
  });

  it('vite production build, with no configuration: finds the .wasm itself and trains in Chromium', async () => {
    const { build } = await import('vite');
    await build({ root: project, configFile: false, logLevel: 'silent', build: { outDir: join(project, 'vite-dist') } });
    const assets = readdirSync(join(project, 'vite-dist', 'assets'));
    expect(assets.some((f) => /^axon-.*\.wasm$/.test(f))).toBe(true);
    expect(await servedInChromium(join(project, 'vite-dist'))).toEqual(reference);
  });

  it('vite dev server, with no configuration (dependencies pre-bundled): trains in Chromium', async () => {
    const { createServer } = await import('vite');
    const server = await createServer({ root: project, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
    await server.listen();
    try {
      const address = server.httpServer!.address() as { port: number };
      expect(await inChromium(`http://127.0.0.1:${address.port}/index.html`)).toEqual(reference);
    } finally {
      await server.close();
    }
  });
});
