// The built package imports and trains in a real browser (Debian Chromium, headless), and the same
// seed gives bit-identical results there and in Node, Dropout's masks and a functional model included.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveRepository } from '../scripts/chromium.mjs';
import { evaluateInPage } from './helpers/page.js';

type Result = { loss: number[]; accuracy: number[]; weights: number[][]; proba: number[]; functional: { loss: number[]; weights: number[][] } };

const built = new URL('../dist/index.js', import.meta.url);
const fixture = '../test/browser/train-fixture.mjs';

let server: Awaited<ReturnType<typeof serveRepository>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  if (!existsSync(built) || !existsSync(new URL('../build/axon.wasm', import.meta.url))) {
    throw new Error('browser test: dist/ or build/axon.wasm is missing; run `npm run build` (npm test does)');
  }
  server = await serveRepository();
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('browser', () => {
  it('trains in headless Chromium with results identical to Node', async () => {
    // A string, so that vitest's module transform does not rewrite the page's dynamic imports.
    const { result: inBrowser, errors } = await evaluateInPage<{ crossOriginIsolated: boolean; result: Result }>(chromium, server.url, `(async () => {
      const axon = await import('/dist/index.js');
      const { train } = await import('/test/browser/train-fixture.mjs');
      return { crossOriginIsolated: globalThis.crossOriginIsolated, result: await train(axon) };
    })()`);
    expect(errors).toEqual([]);
    expect(inBrowser.crossOriginIsolated).toBe(true);

    const axon = await import(built.href);
    const { train } = (await import(fixture)) as { train(a: unknown): Promise<Result> };
    const inNode = await train(axon);

    expect(inBrowser.result.loss.length).toBe(3);
    expect(inBrowser.result.loss[2]).toBeLessThan(inBrowser.result.loss[0]!);
    // Dropout's masks (the global generator's and a seeded layer's) are drawn alike in both engines.
    expect(inBrowser.result.functional.loss).toHaveLength(2);
    expect(inBrowser.result).toEqual(inNode);
  });
});
