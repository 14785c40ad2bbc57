// The playground (examples/playground/) as a visitor uses it: its vite dev server with the
// cross-origin isolation headers and the Fashion-MNIST files, opened in headless Debian Chromium;
// Fashion-MNIST, 2 epochs, Train; the curves, the figures, the image grid of predictions, and a
// screenshot that shows them. Then iris, which ends in a table.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
// @ts-expect-error: the server is plain JavaScript run against dist/.
import { staleBuild, startPlayground } from '../../examples/playground/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = join(ROOT, 'test-results', 'playground.png');

let server: { url: string; close(): Promise<void> };
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const stale = staleBuild() as string | null;
  if (stale?.endsWith('missing')) throw new Error(`playground test: ${stale}; run \`npm run build\` first`);
  server = await startPlayground({ port: 0, logLevel: 'silent' });
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(server.url);
  await page.waitForSelector('#train:enabled', { timeout: 30_000 });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/** Trains with the page's controls and waits until the page says it is done (or failed). */
async function train(epochs: number): Promise<void> {
  await page.fill('#epochs', String(epochs));
  await page.click('#train');
  await page.waitForFunction(`document.querySelector('#epoch').dataset.value === '${epochs}'`, null, { timeout: 45_000 });
  await page.waitForFunction(`['done', 'error'].includes(document.body.dataset.state)`, null, { timeout: 15_000 });
  expect(await page.textContent('#status')).toBe('Done');
}

/** Counts of a PNG's pixels, decoded by the browser: [non-white, distinct colours]. */
async function inkAndColours(png: Buffer): Promise<[number, number]> {
  const viewer = await chromium.browser.newPage();
  try {
    return await viewer.evaluate(`(async () => {
      const image = await createImageBitmap(await (await fetch('data:image/png;base64,${png.toString('base64')}')).blob());
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let ink = 0;
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
      return [ink, colours.size];
    })()`);
  } finally {
    await viewer.close();
  }
}

describe('the playground page', () => {
  it('is cross-origin isolated, so it offers Wasm threads, and offers the GPU on WebGL2 (SwiftShader)', async () => {
    expect(await page.evaluate('crossOriginIsolated')).toBe(true);
    const threads = page.locator('#backend option[value="wasm-threads"]');
    expect(await threads.evaluate((o: HTMLOptionElement) => !o.hidden && !o.disabled)).toBe(true);
    await page.waitForFunction(`!document.querySelector('#backend option[value="gpu"]').textContent.includes('checking')`, null, { timeout: 30_000 });
    expect(await page.textContent('#backend option[value="gpu"]')).toBe('GPU (webgl2)');
  });

  it('trains on Fashion-MNIST for 2 epochs: live curves, samples/s, validation accuracy above 0.7, an image grid of predictions', async () => {
    await page.selectOption('#dataset', 'fashion-mnist');
    await page.selectOption('#backend', 'wasm');
    await train(2);

    // The training series is drawn as one dot per epoch.
    const dots = await page.locator('#chart svg g.series[data-label="Training loss"] circle').count();
    expect(dots).toBe(2);
    expect(await page.locator('#chart svg g.series[data-label="Validation accuracy"] path').count()).toBe(1);
    const accuracy = Number(await page.getAttribute('#val-accuracy', 'data-value'));
    const samplesPerSecond = Number(await page.getAttribute('#samples-per-second', 'data-value'));
    console.log(`playground, Fashion-MNIST, 2 epochs: validation accuracy ${accuracy.toFixed(4)}, ${Math.round(samplesPerSecond)} samples/s (${await page.textContent('#backend-note')})`);
    expect(accuracy).toBeGreaterThan(0.7);
    expect(accuracy).toBeLessThanOrEqual(1);
    // The rate is shown, not judged: tests assert no timings.
    expect(Number.isFinite(samplesPerSecond) && samplesPerSecond > 0).toBe(true);
    // 32 validation images, each captioned with its prediction.
    expect(await page.locator('#predictions svg g.image').count()).toBe(32);
    expect(await page.locator('#predictions svg g.image.wrong').count()).toBeLessThan(32 * 0.4);

    const png = await page.screenshot({ fullPage: true });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(SCREENSHOT, png);
    const [ink, colours] = await inkAndColours(png);
    expect(ink).toBeGreaterThan(50_000);
    expect(colours).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });

  it('trains on Wasm threads, one per core, to the same accuracy', async () => {
    await page.selectOption('#backend', 'wasm-threads');
    await train(1);
    const cores = (await page.evaluate('navigator.hardwareConcurrency')) as number;
    expect(await page.textContent('#backend-note')).toBe(`Training on Wasm, ${cores} thread${cores === 1 ? '' : 's'}.`);
    expect(Number(await page.getAttribute('#val-accuracy', 'data-value'))).toBeGreaterThan(0.7);
    await page.selectOption('#backend', 'wasm');
    expect(errors).toEqual([]);
  });

  it('trains on iris and ends with a table of validation predictions', async () => {
    await page.selectOption('#dataset', 'iris');
    expect(await page.textContent('#output-layer')).toContain('Dense(3, softmax)');
    await train(20);
    expect(Number(await page.getAttribute('#val-accuracy', 'data-value'))).toBeGreaterThan(0.8);
    expect(await page.locator('#predictions table tbody tr').count()).toBe(30);
    expect(await page.locator('#chart svg g.series[data-label="Training loss"] circle').count()).toBe(20);
    expect(errors).toEqual([]);
  });

  it('serves the dataset files with the isolation headers, and a clear 404 for others', async () => {
    const ok = await fetch(new URL('/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz', server.url));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(new Uint8Array(await ok.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]));
    const missing = await fetch(new URL('/datasets/fashion-mnist/other.gz', server.url));
    expect(missing.status).toBe(404);
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
