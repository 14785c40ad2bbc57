// The plots as documents, in Node: what they say (titles, legends, class names, counts), how many
// marks they draw, the PNGs inside imageGrid decoded back to the pixels, and savePlot's atomic write.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Dense, History, Sequential, ShapeError, ValueError, setRandomSeed, tensor } from '../../src/index.js';
import * as plot from '../../src/plot/index.js';
import { confusionMatrix, imageGrid, liveHistory, lossCurves, plotHistory, savePlot } from '../../src/plot/index.js';
import { HISTORY, FASHION_NAMES, count, fakeImages } from './fixtures.js';

/** The text of every <text> element, unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))));
}

/** The body of the series group labelled `label`. */
function series(svg: string, label: string): string {
  const quoted = label.replace(/[()]/g, '\\$&');
  return new RegExp(`<g class="series" data-label="${quoted}"[^>]*>(.*?)</g>`).exec(svg)?.[1] ?? '';
}

/** The vertices of the paths in `markup`. */
function vertices(markup: string): number {
  return count(/[ML]-?\d/g, [...markup.matchAll(/ d="([^"]*)"/g)].map((m) => m[1]).join(''));
}

describe('plotHistory', () => {
  it('draws one panel per metric: training as dots, validation as a line, epochs from 1', () => {
    const svg = plotHistory(HISTORY, { title: 'MLP' });
    const words = texts(svg);
    for (const expected of ['MLP', 'Training and validation loss', 'Training and validation accuracy', 'Training loss', 'Validation loss', 'Training accuracy', 'Validation accuracy', 'Loss', 'Accuracy', 'Epochs']) {
      expect(words).toContain(expected);
    }
    expect(words).not.toContain('Training learning rate');
    expect(count(/<circle/g, series(svg, 'Training loss'))).toBe(5);
    expect(series(svg, 'Validation loss')).not.toContain('<circle');
    expect(vertices(series(svg, 'Validation loss'))).toBe(5);
    // Epoch tick labels 1..5, none at 0.
    expect(words).toEqual(expect.arrayContaining(['1', '2', '3', '4', '5']));
    expect(words).not.toContain('0');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="634"/);
  });

  it('takes a History from fit(), numbering epochs after initialEpoch from where fit started', async () => {
    setRandomSeed(1);
    const model = new Sequential([new Dense(2, { inputShape: [3], activation: 'softmax' })]);
    model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
    const x = tensor(new Float32Array(24).map((_, i) => (i % 7) / 7), [8, 3]);
    const y = tensor(new Int32Array([0, 1, 0, 1, 0, 1, 0, 1]), [8]);
    const history = await model.fit(x, y, { epochs: 5, initialEpoch: 2, verbose: 0, validationSplit: 0.25 });
    expect(history).toBeInstanceOf(History);
    const svg = plotHistory(history, { metrics: ['loss'] });
    expect(texts(svg)).toEqual(expect.arrayContaining(['Training and validation loss', '3', '4', '5']));
    expect(texts(svg)).not.toContain('Training and validation accuracy');
    expect(count(/<circle/g, series(svg, 'Training loss'))).toBe(3);
    model.dispose();
  });

  it('leaves gaps for non-finite values and escapes text', () => {
    const svg = plotHistory({ history: { loss: [1, Number.NaN, 0.5], val_loss: [1, Infinity, 0.4] } }, { title: 'a < b & "c"' });
    expect(count(/<circle/g, series(svg, 'Training loss'))).toBe(2);
    // Two runs of one point each: M, M.
    expect(count(/M/g, series(svg, 'Validation loss').match(/ d="([^"]*)"/)?.[1] ?? '')).toBe(2);
    expect(svg).toContain('a &#60; b &#38; &#34;c&#34;');
  });

  it('says what is wrong with its arguments', () => {
    expect(() => plotHistory({ history: { loss: [1] } }, { metrics: ['accuracy'] })).toThrow(/plotHistory\(metrics\): the history has no "accuracy" or "val_accuracy"; it has loss/);
    expect(() => plotHistory({ history: { loss: ['1'] } } as never)).toThrow(ValueError);
    expect(() => plotHistory(null as never)).toThrow(/expected a History/);
    expect(() => plotHistory(HISTORY, { width: -1 })).toThrow(/plotHistory\(width\): expected a positive number/);
    expect(() => plotHistory(HISTORY, { widt: 10 } as never)).toThrow(/did you mean width\?/);
  });
});

describe('lossCurves', () => {
  it('draws each run in its own colour, validation dashed', () => {
    const runs = { sgd: HISTORY, adam: { history: { loss: [0.5, 0.3, 0.2, 0.15, 0.1], val_loss: [0.5, 0.4, 0.35, 0.3, 0.3] } } };
    const svg = lossCurves(runs, { validation: true });
    expect(texts(svg)).toEqual(expect.arrayContaining(['Training and validation loss', 'sgd', 'adam', 'sgd (validation)', 'adam (validation)', 'Loss']));
    const colours = ['sgd', 'adam'].map((run) => / stroke="(#[0-9a-f]{6})"/.exec(series(svg, run))?.[1]);
    expect(new Set(colours).size).toBe(2);
    expect(series(svg, 'adam (validation)')).toContain(`stroke="${colours[1]}"`);
    expect(series(svg, 'adam (validation)')).toContain('stroke-dasharray');
    expect(texts(lossCurves(runs, { metric: 'val_loss' }))).toContain('Validation loss');
    expect(() => lossCurves({ sgd: HISTORY, adam: { history: { loss: [1] } } }, { validation: true })).toThrow(/histories\.adam\): the history has no "val_loss"/);
    expect(() => lossCurves({})).toThrow(/expected an object mapping run names to histories/);
  });
});

describe('imageGrid', () => {
  /** The PNG data URLs of the grid's images, decoded to their grey levels. */
  function decodedImages(svg: string): Array<{ width: number; height: number; pixels: Uint8Array }> {
    return [...svg.matchAll(/href="data:image\/png;base64,([^"]+)"/g)].map((m) => {
      const png = Buffer.from(m[1]!, 'base64');
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const chunks: Record<string, Buffer> = {};
      for (let at = 8; at < png.length;) {
        const length = png.readUInt32BE(at);
        const type = png.subarray(at + 4, at + 8).toString('latin1');
        expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
        chunks[type] = png.subarray(at + 8, at + 8 + length);
        at += 12 + length;
      }
      const width = chunks.IHDR!.readUInt32BE(0);
      const height = chunks.IHDR!.readUInt32BE(4);
      expect([chunks.IHDR![8], chunks.IHDR![9]]).toEqual([8, 0]);
      // inflateSync checks zlib's header and Adler-32 too.
      const rows = inflateSync(chunks.IDAT!);
      expect(rows.length).toBe(height * (width + 1));
      const pixels = new Uint8Array(width * height);
      for (let r = 0; r < height; r++) {
        expect(rows[r * (width + 1)]).toBe(0);
        pixels.set(rows.subarray(r * (width + 1) + 1, (r + 1) * (width + 1)), r * width);
      }
      return { width, height, pixels };
    });
  }

  it('embeds each image as a PNG of its grey levels, ink dark on white by default', () => {
    const images = fakeImages(3, 28, 28);
    const svg = imageGrid(images);
    const decoded = decodedImages(svg);
    expect(decoded).toHaveLength(3);
    decoded.forEach((image, i) => {
      expect([image.width, image.height]).toEqual([28, 28]);
      const expected = Uint8Array.from(images.data.subarray(i * 784, (i + 1) * 784), (v) => 255 - v);
      expect(image.pixels).toEqual(expected);
    });
    // 'gray' keeps the values; 0–1 input is scaled to 0–255; flat square rows are found square.
    const unit = tensor(Float32Array.from(images.data, (v) => v / 255), [3, 784]);
    expect(decodedImages(imageGrid(unit, { cmap: 'gray' }))[1]!.pixels).toEqual(Uint8Array.from(images.data.subarray(784, 1568)));
  });

  it('is about 1.2 kB an image, whose stored zlib blocks split at 65,535 bytes', () => {
    const svg = imageGrid(fakeImages(10, 28, 28), { cols: 5 });
    expect(svg.length / 10).toBeLessThan(1400);
    const big = decodedImages(imageGrid(fakeImages(1, 300, 300)))[0]!;
    expect(big.pixels).toEqual(Uint8Array.from(fakeImages(1, 300, 300).data, (v) => 255 - v));
  });

  it('captions images with class names, wrong predictions in red with the true class', () => {
    const svg = imageGrid(fakeImages(4, 28, 28), { labels: [9, 0, 3, 1], predictions: [9, 2, 3, 1], classNames: FASHION_NAMES, cols: 2, scale: 3 });
    const words = texts(svg);
    expect(words).toEqual(['Ankle boot', 'Pullover', '(T-shirt/top)', 'Dress', 'Trouser']);
    expect(count(/class="image wrong"/g, svg)).toBe(1);
    expect(/<g class="image wrong">.*?<\/g>/.exec(svg)?.[0]).toMatch(/fill="#d62728"[^>]*>Pullover</);
    expect(svg).toContain('<title>predicted Pullover, true T-shirt/top</title>');
    expect(svg).toMatch(/width="84" height="84"/);
    // predict()'s probabilities work as predictions.
    const proba = tensor(new Float32Array([0, 1, 1, 0]), [2, 2]);
    expect(texts(imageGrid(fakeImages(2, 4, 4), { predictions: proba }))).toEqual(['1', '0']);
  });

  it('says what is wrong with its arguments', () => {
    expect(() => imageGrid(tensor(new Float32Array(30), [3, 10]))).toThrow(/square rows .*else pass imageShape/);
    expect(decodedImages(imageGrid(tensor(new Float32Array(30), [3, 10]), { imageShape: [2, 5] }))[0]!.width).toBe(5);
    expect(() => imageGrid(fakeImages(2, 4, 4), { labels: [1] })).toThrow(ShapeError);
    expect(() => imageGrid(fakeImages(2, 4, 4), { labels: [1, 12], classNames: FASHION_NAMES })).toThrow(/a name for each of the 13 classes, received 10/);
    expect(() => imageGrid(fakeImages(2, 4, 4), { labels: [1, 0.5] })).toThrow(/whole class numbers/);
    expect(() => imageGrid(fakeImages(2, 4, 4), { cols: 0 })).toThrow(/imageGrid\(cols\)/);
  });
});

describe('confusionMatrix', () => {
  it('counts true classes down and predicted ones across, or fractions with normalize', () => {
    const yTrue = [0, 0, 0, 1, 1, 2];
    const yPred = [0, 0, 1, 1, 1, 0];
    const svg = confusionMatrix(yTrue, yPred, { classNames: ['cat', 'dog', 'bird'] });
    const cells = texts(/<g class="cells">(.*?)<\/g>/.exec(svg)![1]!);
    expect(cells).toEqual(['2', '1', '0', '0', '2', '0', '1', '0', '0']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['cat', 'dog', 'bird', 'Predicted label', 'True label']));
    const byRow = texts(/<g class="cells">(.*?)<\/g>/.exec(confusionMatrix(yTrue, yPred, { normalize: 'true' }))![1]!);
    expect(byRow).toEqual(['0.67', '0.33', '0.00', '0.00', '1.00', '0.00', '1.00', '0.00', '0.00']);
    const byColumn = texts(/<g class="cells">(.*?)<\/g>/.exec(confusionMatrix(yTrue, yPred, { normalize: 'pred' }))![1]!);
    expect(byColumn).toEqual(['0.67', '0.33', '0.00', '0.00', '0.67', '0.00', '0.33', '0.00', '0.00']);
    // The darkest cell is the largest.
    expect(/fill="(#[0-9a-f]{6})"/.exec(svg.slice(svg.indexOf('<g class="cells">')))?.[1]).toBe('#08306b');
  });

  it('takes predict() probabilities and checks lengths', () => {
    const proba = tensor(new Float32Array([0.9, 0.1, 0.2, 0.8]), [2, 2]);
    expect(texts(/<g class="cells">(.*?)<\/g>/.exec(confusionMatrix([0, 0], proba))![1]!)).toEqual(['1', '1', '0', '0']);
    expect(() => confusionMatrix([0, 1], [0])).toThrow(/one prediction per label \(2\), received 1/);
    expect(() => confusionMatrix([0], [0], { normalize: 'rows' as never })).toThrow(/'true', 'pred' or 'all'/);
  });
});

describe('liveHistory', () => {
  it('redraws into its element after every epoch, the x axis fixed to fit\'s epochs', async () => {
    setRandomSeed(2);
    const model = new Sequential([new Dense(1, { inputShape: [2] })]);
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    const drawn: string[] = [];
    const element = { set innerHTML(svg: string) { drawn.push(svg); }, get innerHTML() { return drawn.at(-1) ?? ''; } };
    await model.fit(tensor([[0, 1], [1, 0], [1, 1]]), tensor([[1], [2], [3]]), { epochs: 4, verbose: 0, callbacks: [liveHistory(element)] });
    expect(drawn).toHaveLength(4);
    expect(drawn.map((svg) => count(/<circle/g, series(svg, 'Training loss')))).toEqual([1, 2, 3, 4]);
    // The first drawing's axis runs to epoch 4 already.
    expect(texts(drawn[0]!)).toContain('4');
    expect(() => liveHistory(null as never)).toThrow(/liveHistory\(element\): expected a page element/);
    model.dispose();
  });
});

describe('savePlot', () => {
  it('writes the file whole through a temporary file, leaving nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axon-plot-'));
    try {
      const path = join(dir, 'plots', 'history.svg');
      writeFileSync(join(dir, 'keep.txt'), 'x');
      await savePlot(plotHistory(HISTORY), path);
      expect(readFileSync(path, 'utf8')).toBe(plotHistory(HISTORY));
      await savePlot(lossCurves({ a: HISTORY }), path);
      expect(readFileSync(path, 'utf8')).toBe(lossCurves({ a: HISTORY }));
      expect(readdirSync(join(dir, 'plots'))).toEqual(['history.svg']);
      // A failed rename (the path is a folder) keeps no temporary file.
      await expect(savePlot(plotHistory(HISTORY), join(dir, 'plots'))).rejects.toThrow();
      expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'plots']);
      expect(readdirSync(join(dir, 'plots'))).toEqual(['history.svg']);
      await expect(savePlot('not a plot', path)).rejects.toThrow(/savePlot\(svg\): expected an SVG document/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every export of axon-nn/plot', () => {
  const BAD = { notAnOption: 1 } as never;
  // A call passing an unknown option, or why the export takes no options object (as test/options-walk.test.ts does for the main entry).
  const EXPORTS: Record<string, (() => unknown) | string> = {
    plotHistory: () => plotHistory(HISTORY, BAD),
    lossCurves: () => lossCurves({ a: HISTORY }, BAD),
    imageGrid: () => imageGrid(fakeImages(1, 4, 4), BAD),
    confusionMatrix: () => confusionMatrix([0], [0], BAD),
    liveHistory: () => liveHistory({ innerHTML: '' }, BAD),
    savePlot: 'an SVG string and a path, no options',
  };

  it('is listed here, and rejects an unknown option naming it', () => {
    expect(Object.keys(plot).sort()).toEqual(Object.keys(EXPORTS).sort());
    for (const [name, call] of Object.entries(EXPORTS)) {
      if (typeof call === 'string') continue;
      expect(call, name).toThrow(new RegExp(`^${name}\\(notAnOption\\): unknown option`));
    }
  });
});
