// imageGrid: samples of an image data set with their captions, as the books show Fashion-MNIST
// (plt.imshow(image, cmap="binary") in a grid, a class name under each image).
import { ShapeError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Tensor, tensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import { checkClassNames, classIndices, className } from './labels.js';
import type { ClassLabels } from './labels.js';
import { base64, encodeGreyPng } from './png.js';
import { INK, WRONG, element, escapeXml, svgDocument, text, textWidth } from './svg.js';

export interface ImageGridOptions {
  /** The true class of each image, shown under it. */
  labels?: ClassLabels;
  /** The predicted class of each image (or predict()'s probabilities); with `labels`, wrong ones are captioned in red. */
  predictions?: ClassLabels;
  /** Class names by class number, e.g. Fashion-MNIST's 'T-shirt/top', 'Trouser', ... */
  classNames?: string[];
  /** Images a row (default: up to 8). */
  cols?: number;
  /** Screen pixels per image pixel (default 2). */
  scale?: number;
  /** [height, width] of each image when `images` holds flat rows that are not square. */
  imageShape?: [number, number];
  /** matplotlib's colour map: 'binary' (the books': dark ink on white, default) or 'gray' (white on black). */
  cmap?: 'binary' | 'gray';
  title?: string;
}

const OPTIONS = ['labels', 'predictions', 'classNames', 'cols', 'scale', 'imageShape', 'cmap', 'title'] as const;
const CAPTION_SIZE = 10;
const LINE = 12;
const GAP = 10;

/** [height, width] of each image of `images` (shape [n, h, w], [n, h, w, 1] or [n, h·w]). */
function imageSize(images: Tensor, imageShape: [number, number] | undefined): [number, number] {
  const [, ...rest] = images.shape;
  if (imageShape !== undefined) {
    if (!Array.isArray(imageShape) || imageShape.length !== 2 || !imageShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ValueError(`imageGrid(imageShape): expected [height, width] as positive integers, received ${describe(imageShape)}`);
    }
    if (imageShape[0] * imageShape[1] !== rest.reduce((a, b) => a * b, 1)) {
      throw new ShapeError(`imageGrid(imageShape): ${imageShape[0]} × ${imageShape[1]} pixels do not fit images of shape ${describe(rest)}`);
    }
    return imageShape;
  }
  if (rest.length === 2 || (rest.length === 3 && rest[2] === 1)) return [rest[0]!, rest[1]!];
  const side = Math.sqrt(rest[0] ?? 0);
  if (rest.length === 1 && Number.isInteger(side) && side > 0) return [side, side];
  throw new ShapeError(`imageGrid(images): expected grey-scale images of shape [n, height, width] or square rows [n, side·side] (else pass imageShape), received shape ${describe([...images.shape])}`);
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new ValueError(`imageGrid(${what}): expected a positive integer, received ${describe(value)}`);
  return value;
}

/** Each image as 8-bit grey: values up to 1 are read as 0–1, larger ones as 0–255. */
function greyLevels(images: Tensor, cmap: 'binary' | 'gray'): Uint8Array {
  let top = 0;
  for (const v of images.data) if (v > top && Number.isFinite(v)) top = v;
  const unit = top > 1 ? 255 : 1;
  const out = new Uint8Array(images.size);
  images.data.forEach((v, i) => {
    const level = Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v / unit : 0)) * 255);
    out[i] = cmap === 'binary' ? 255 - level : level;
  });
  return out;
}

/**
 * Grey-scale images in a grid, as an SVG document, each captioned with its class: the true label,
 * the prediction, or both (a wrong prediction in red, with the true class under it). `images` is a
 * tensor of shape [n, height, width] or [n, height·width], with values in 0–255 or 0–1.
 */
export function imageGrid(images: Tensor | TensorLike, options: ImageGridOptions = {}): string {
  checkOptions(options, OPTIONS, 'imageGrid');
  const data = images instanceof Tensor ? images : tensor(images);
  const [height, width] = imageSize(data, options.imageShape);
  const n = data.shape[0] ?? 0;
  const cmap = options.cmap ?? 'binary';
  if (cmap !== 'binary' && cmap !== 'gray') throw new ValueError(`imageGrid(cmap): expected 'binary' or 'gray', received ${describe(cmap)}`);
  const cols = positiveInteger(options.cols, Math.max(1, Math.min(n, 8)), 'cols');
  const scale = positiveInteger(options.scale, 2, 'scale');
  const labels = options.labels === undefined ? undefined : classIndices(options.labels, 'imageGrid(labels)');
  const predictions = options.predictions === undefined ? undefined : classIndices(options.predictions, 'imageGrid(predictions)');
  for (const [name, list] of [['labels', labels], ['predictions', predictions]] as const) {
    if (list !== undefined && list.length !== n) throw new ShapeError(`imageGrid(${name}): expected one per image (${n}), received ${list.length}`);
    if (list !== undefined) checkClassNames(options.classNames, Math.max(0, ...list) + 1, 'imageGrid(classNames)');
  }

  const captions = Array.from({ length: n }, (_, i) => {
    const truth = labels && className(labels[i]!, options.classNames);
    const guess = predictions && className(predictions[i]!, options.classNames);
    const wrong = labels !== undefined && predictions !== undefined && labels[i] !== predictions[i];
    return { lines: guess === undefined ? (truth === undefined ? [] : [truth]) : wrong ? [guess, `(${truth})`] : [guess], wrong, truth, guess };
  });
  const captionLines = labels !== undefined && predictions !== undefined ? 2 : labels !== undefined || predictions !== undefined ? 1 : 0;
  const widest = Math.max(0, ...captions.flatMap((c) => c.lines.map((l) => textWidth(l, CAPTION_SIZE))));
  // Cells widen for their captions up to twice the image; longer ones are squeezed (textLength).
  const cell = Math.max(width * scale, Math.min(widest, width * scale * 2)) + GAP;
  const rowHeight = height * scale + captionLines * LINE + GAP;
  const heading = options.title === undefined ? 0 : 30;
  const rows = Math.ceil(n / cols);
  const pixels = greyLevels(data, cmap);

  let body = options.title === undefined ? '' : text((cols * cell) / 2, 21, options.title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' });
  for (let i = 0; i < n; i++) {
    const x = (i % cols) * cell + GAP / 2;
    const y = heading + Math.floor(i / cols) * rowHeight + GAP / 2;
    const png = encodeGreyPng(pixels.subarray(i * width * height, (i + 1) * width * height), width, height);
    const { lines, wrong, truth, guess } = captions[i]!;
    const hover = guess === undefined ? truth : truth === undefined ? `predicted ${guess}` : `predicted ${guess}, true ${truth}`;
    let caption = '';
    lines.forEach((line, l) => {
      const squeeze = textWidth(line, CAPTION_SIZE) > cell - 2 ? { textLength: cell - 2, lengthAdjust: 'spacingAndGlyphs' } : {};
      caption += text(x + (cell - GAP) / 2, y + height * scale + LINE * (l + 1) - 1, line, { 'text-anchor': 'middle', fill: wrong ? WRONG : INK, ...squeeze });
    });
    const image = element('image', { x: x + (cell - GAP - width * scale) / 2, y, width: width * scale, height: height * scale, href: `data:image/png;base64,${base64(png)}`, style: 'image-rendering:pixelated' });
    body += element('g', { class: wrong ? 'image wrong' : 'image' }, (hover === undefined ? '' : element('title', {}, escapeXml(hover))) + image + caption);
  }
  return svgDocument(Math.max(1, cols * cell), Math.max(1, heading + rows * rowHeight), element('g', { 'font-size': CAPTION_SIZE }, body), options.title ?? 'Images');
}
