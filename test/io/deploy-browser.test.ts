// A model saved in Node is loaded in headless Chromium from http://localhost, and saved there to and
// loaded back from localStorage and IndexedDB (tfjs' layouts): every copy predicts exactly as Node.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveRepository } from '../../scripts/chromium.mjs';
import { evaluateInPage } from '../helpers/page.js';

const built = new URL('../../dist/index.js', import.meta.url);
let dir: string;
let server: Awaited<ReturnType<typeof serveRepository>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error('deploy test: dist/ is missing; run `npm run build` (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'axon-deploy-'));
  server = await serveRepository({ mounts: { '/models': dir } });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const INPUT = Array.from({ length: 5 * 8 }, (_, i) => Math.sin(i * 0.7));

describe('deploy to a browser', () => {
  it('loads from http://localhost, and round-trips through localStorage and IndexedDB, predicting as Node does', async () => {
    const axon = (await import(built.href)) as typeof import('../../src/index.js');
    await axon.ready();
    axon.setRandomSeed(8);
    const x = axon.Input({ shape: [8], name: 'x' });
    const h = new axon.BatchNormalization().apply(new axon.Dense(16, { activation: 'relu' }).apply(x));
    const out = new axon.Dense(3, { activation: 'softmax' }).apply(axon.concatenate([h, new axon.Dense(4, { activation: 'tanh' }).apply(x)]));
    const model = new axon.Model({ inputs: x, outputs: out });
    await model.save(pathToFileURL(dir).href);
    const inNode = Array.from(((await model.predict(axon.tensor(Float32Array.from(INPUT), [5, 8]))) as { data: Float32Array }).data);
    model.dispose();

    const { result: inBrowser, errors } = await evaluateInPage<{ http: number[]; local: number[]; idb: number[]; keys: string[] }>(chromium, server.url, `(async () => {
      const axon = await import('/dist/index.js');
      await axon.ready();
      const input = axon.tensor(Float32Array.from(${JSON.stringify(INPUT)}), [5, 8]);
      const predict = async (m) => Array.from((await m.predict(input)).data);
      const fromHttp = await axon.loadModel('${server.url}/models/model.json');
      await fromHttp.save('localstorage://deployed');
      await fromHttp.save('indexeddb://deployed');
      const fromLocal = await axon.loadModel('localstorage://deployed');
      const fromIdb = await axon.loadModel('indexeddb://deployed');
      return { http: await predict(fromHttp), local: await predict(fromLocal), idb: await predict(fromIdb), keys: Object.keys(localStorage).sort() };
    })()`);
    expect(errors).toEqual([]);
    expect(inBrowser.http).toEqual(inNode);
    expect(inBrowser.local).toEqual(inNode);
    expect(inBrowser.idb).toEqual(inNode);
    expect(inBrowser.keys).toEqual(['info', 'model_metadata', 'model_topology', 'weight_data', 'weight_specs'].map((k) => `tensorflowjs_models/deployed/${k}`));
  });

  it('downloads://name gives the two files tfjs gives (name.json naming ./name.weights.bin), which load back', async () => {
    const page = await chromium.browser.newPage();
    try {
      await page.goto(`${server.url}/blank.html`);
      const downloads: { name: string; bytes: Buffer }[] = [];
      page.on('download', async (d) => {
        const stream = await d.createReadStream();
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        downloads.push({ name: d.suggestedFilename(), bytes: Buffer.concat(chunks) });
      });
      await page.evaluate(`(async () => {
        const axon = await import('/dist/index.js');
        await axon.ready();
        const model = new axon.Sequential([new axon.Dense(3, { inputShape: [2] })]);
        await model.save('downloads://tiny');
      })()`);
      for (let i = 0; i < 100 && downloads.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(downloads.map((d) => d.name).sort()).toEqual(['tiny.json', 'tiny.weights.bin']);
      const json = JSON.parse(downloads.find((d) => d.name === 'tiny.json')!.bytes.toString('utf8'));
      expect(json.weightsManifest[0].paths).toEqual(['./tiny.weights.bin']);
      const bin = downloads.find((d) => d.name === 'tiny.weights.bin')!.bytes;
      expect(bin.length).toBe((2 * 3 + 3) * 4);
      const axon = (await import(built.href)) as typeof import('../../src/index.js');
      const loaded = await axon.loadModel({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) });
      expect(loaded.getWeights().map((w) => w.shape)).toEqual([[2, 3], [3]]);
      loaded.dispose();
    } finally {
      await page.close();
    }
  });
});
