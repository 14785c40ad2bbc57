// The plots in headless Chromium: each document parses as SVG, draws more than a blank page (a
// screenshot with many colours and ink), shows its words, and imageGrid's pixels come out as the
// data's grey levels. liveHistory redraws a page element during a fit() in the page itself.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, serveRepository } from '../../scripts/chromium.mjs';
import { confusionMatrix, imageGrid, lossCurves, plotHistory } from '../../src/plot/index.js';
import { FASHION_NAMES, HISTORY, fakeImages } from './fixtures.js';

type Pixels = { width: number; height: number; colours: number; inked: number; grey: number[] };

let server: Awaited<ReturnType<typeof serveRepository>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/plot/index.js', import.meta.url)) || !existsSync(new URL('../../build/axon.wasm', import.meta.url))) {
    throw new Error('plot browser test: dist/ or build/axon.wasm is missing; run `npm run build` (npm test does)');
  }
  server = await serveRepository();
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ deviceScaleFactor: 1 });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/**
 * A screenshot's pixels, read back through a canvas in the page: how many distinct colours, the
 * share of pixels darker than light grey, and the red channel of each pixel (grey images).
 * A string, so that vitest's transform leaves the page's code alone.
 */
async function pixels(png: Buffer): Promise<Pixels> {
  return (await page.evaluate(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png.toString('base64')}';
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set();
    const grey = [];
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (Math.min(data[i], data[i + 1], data[i + 2]) < 200) inked++;
      grey.push(data[i]);
    }
    return { width: canvas.width, height: canvas.height, colours: colours.size, inked: inked / (data.length / 4), grey };
  })()`)) as Pixels;
}

/** Shows `svg` alone on the page; returns the parser's complaint, if any, and the words it shows. */
async function show(svg: string): Promise<{ parserError: string | null; text: string; width: number }> {
  await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
  return (await page.evaluate(`(() => {
    const parsed = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
    const error = parsed.querySelector('parsererror');
    const shown = document.querySelector('svg');
    return { parserError: error ? error.textContent : null, text: shown.textContent, width: shown.getBoundingClientRect().width };
  })()`)) as { parserError: string | null; text: string; width: number };
}

describe('plots in Chromium', () => {
  const plots: Array<[string, () => string, string[]]> = [
    ['plotHistory', () => plotHistory(HISTORY, { title: 'MLP on Fashion-MNIST' }), ['MLP on Fashion-MNIST', 'Training loss', 'Validation loss', 'Training accuracy', 'Validation accuracy', 'Epochs', 'Loss', 'Accuracy']],
    ['lossCurves', () => lossCurves({ SGD: HISTORY, Adam: { history: { loss: [0.5, 0.3, 0.25, 0.2, 0.18] } } }), ['Training loss', 'SGD', 'Adam', 'Epochs', 'Loss']],
    ['confusionMatrix', () => confusionMatrix([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 6], { classNames: FASHION_NAMES }), ['Ankle boot', 'T-shirt/top', 'Predicted label', 'True label']],
    ['imageGrid', () => imageGrid(fakeImages(6, 28, 28), { labels: [0, 1, 2, 3, 4, 5], predictions: [0, 1, 2, 3, 4, 9], classNames: FASHION_NAMES }), ['T-shirt/top', 'Coat', 'Ankle boot', '(Sandal)']],
  ];

  for (const [name, draw, words] of plots) {
    it(`${name}: parses as SVG, is not blank, and says ${words.slice(0, 2).join(', ')}, ...`, async () => {
      const svg = draw();
      const shown = await show(svg);
      expect(shown.parserError).toBeNull();
      for (const word of words) expect(shown.text).toContain(word);
      const screenshot = await pixels(await page.locator('svg').first().screenshot());
      expect(screenshot.colours).toBeGreaterThan(20);
      expect(screenshot.inked).toBeGreaterThan(0.01);
      // Mostly white paper, not a black box.
      expect(screenshot.inked).toBeLessThan(0.6);
    });
  }

  it('plotHistory is readable at 640 px: the document is 640 px wide and no label sticks out of it', async () => {
    const shown = await show(plotHistory(HISTORY));
    expect(shown.width).toBe(640);
    const overflow = (await page.evaluate(`[...document.querySelectorAll('svg text')].filter((t) => { const box = t.getBoundingClientRect(); return box.left < 0 || box.right > 640 || box.top < 0; }).length`)) as number;
    expect(overflow).toBe(0);
  });

  it('imageGrid shows each image pixel for pixel: 28 × 28 grey levels, dark ink on white', async () => {
    const images = fakeImages(2, 28, 28);
    await show(imageGrid(images, { scale: 1 }));
    const shot = await pixels(await page.locator('svg image').nth(1).screenshot());
    expect([shot.width, shot.height]).toEqual([28, 28]);
    const expected = Array.from(images.data.subarray(784), (v) => 255 - v);
    const worst = Math.max(...shot.grey.map((g, i) => Math.abs(g - expected[i]!)));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('liveHistory redraws the curves into a page element during fit(): 3 epochs, 3 points a series', async () => {
    const live = await chromium.browser.newPage();
    const errors: string[] = [];
    live.on('pageerror', (e) => errors.push(e.message));
    await live.goto(`${server.url}/blank.html`);
    const result = (await live.evaluate(`(async () => {
      const axon = await import('/dist/index.js');
      const { liveHistory } = await import('/dist/plot/index.js');
      const element = document.createElement('div');
      document.body.append(element);
      axon.setRandomSeed(3);
      const model = new axon.Sequential([new axon.Dense(8, { inputShape: [2], activation: 'relu' }), new axon.Dense(2, { activation: 'softmax' })]);
      model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
      const x = axon.tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.2], [0.1, 0.9], [0.8, 0.7], [0.3, 0.4]]);
      const y = axon.tensor(new Int32Array([0, 1, 1, 0, 1, 1, 0, 0]), [8]);
      const during = [];
      const watch = { onEpochEnd: () => { during.push(element.querySelectorAll('g.series[data-label="Training loss"] circle').length); } };
      await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, validationData: [x, y], callbacks: [liveHistory(element), watch] });
      const series = (label) => element.querySelector('g.series[data-label="' + label + '"]');
      const vertices = (label) => (series(label).querySelector('path').getAttribute('d').match(/[ML]/g) || []).length;
      return {
        during,
        svgs: element.querySelectorAll('svg').length,
        trainingLoss: series('Training loss').querySelectorAll('circle').length,
        trainingAccuracy: series('Training accuracy').querySelectorAll('circle').length,
        validationLoss: vertices('Validation loss'),
        validationAccuracy: vertices('Validation accuracy'),
        text: element.textContent,
      };
    })()`)) as { during: number[]; svgs: number; trainingLoss: number; trainingAccuracy: number; validationLoss: number; validationAccuracy: number; text: string };
    expect(errors).toEqual([]);
    expect(result.during).toEqual([1, 2, 3]);
    expect(result.svgs).toBe(1);
    expect([result.trainingLoss, result.trainingAccuracy, result.validationLoss, result.validationAccuracy]).toEqual([3, 3, 3, 3]);
    expect(result.text).toContain('Training and validation accuracy');
    const screenshot = await pixels(await live.locator('div svg').screenshot());
    expect(screenshot.colours).toBeGreaterThan(20);
    await live.close();
  });
});
