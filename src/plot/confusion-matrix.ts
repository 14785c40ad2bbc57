// confusionMatrix: scikit-learn's ConfusionMatrixDisplay as an SVG heat map (true classes down,
// predicted classes across, the count in each cell), with its `normalize` choices.
import { ShapeError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { checkClassNames, classIndices, className } from './labels.js';
import type { ClassLabels } from './labels.js';
import { element, num, svgDocument, text, textWidth } from './svg.js';

export interface ConfusionMatrixOptions {
  /** Class names by class number; they label the rows and columns. */
  classNames?: string[];
  /**
   * scikit-learn's `normalize`: 'true' divides each row by its true-class count, 'pred' each column
   * by its predicted-class count, 'all' everything by the number of samples. Default: counts.
   */
  normalize?: 'true' | 'pred' | 'all';
  title?: string;
}

const OPTIONS = ['classNames', 'normalize', 'title'] as const;
/** matplotlib's "Blues" at 0, ½ and 1: mixing the two ends alone would give greys in between. */
const BLUES = [[0xf7, 0xfb, 0xff], [0x6b, 0xae, 0xd6], [0x08, 0x30, 0x6b]] as const;

function blues(fraction: number): string {
  const half = fraction < 0.5 ? 0 : 1;
  const t = fraction * 2 - half;
  const [from, to] = [BLUES[half], BLUES[half + 1]!];
  return `#${from.map((c, i) => Math.round(c + (to[i]! - c) * t).toString(16).padStart(2, '0')).join('')}`;
}

/** counts[t][p]: how many samples of true class t were predicted as p. */
function countMatrix(truth: Int32Array, predicted: Int32Array, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  truth.forEach((t, i) => counts[t]![predicted[i]!]!++);
  return counts;
}

function normalized(counts: number[][], normalize: ConfusionMatrixOptions['normalize']): number[][] {
  if (normalize === undefined) return counts;
  const total = counts.flat().reduce((a, b) => a + b, 0);
  return counts.map((row) => row.map((v, p) => {
    const by = normalize === 'true' ? row.reduce((a, b) => a + b, 0) : normalize === 'pred' ? counts.reduce((a, r) => a + r[p]!, 0) : total;
    // scikit-learn turns 0 / 0 (a class with no samples) into 0.
    return by === 0 ? 0 : v / by;
  }));
}

/**
 * A confusion matrix as an SVG heat map: true classes down, predicted classes across, the count (or
 * with `normalize`, the fraction) written in each cell. `yPred` may be predict()'s probabilities.
 */
export function confusionMatrix(yTrue: ClassLabels, yPred: ClassLabels, options: ConfusionMatrixOptions = {}): string {
  checkOptions(options, OPTIONS, 'confusionMatrix');
  const { classNames, normalize } = options;
  if (normalize !== undefined && normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') {
    throw new ValueError(`confusionMatrix(normalize): expected 'true', 'pred' or 'all', received ${describe(normalize)}`);
  }
  const truth = classIndices(yTrue, 'confusionMatrix(yTrue)');
  const predicted = classIndices(yPred, 'confusionMatrix(yPred)');
  if (truth.length !== predicted.length) throw new ShapeError(`confusionMatrix(yPred): expected one prediction per label (${truth.length}), received ${predicted.length}`);
  const used = Math.max(0, ...truth, ...predicted) + 1;
  checkClassNames(classNames, used, 'confusionMatrix(classNames)');
  const classes = classNames?.length ?? used;
  const values = normalized(countMatrix(truth, predicted, classes), normalize);
  const top = Math.max(0, ...values.flat());
  const names = Array.from({ length: classes }, (_, c) => className(c, classNames));

  const cell = Math.max(28, Math.min(56, Math.floor(480 / classes)));
  const fontSize = Math.min(12, Math.max(8, Math.floor(cell / 3.6)));
  const nameWidth = Math.max(...names.map((n) => textWidth(n, 12)));
  // Column names are turned 45° when they would not fit under their cells.
  const turned = nameWidth > cell - 4;
  const left = 40 + nameWidth;
  const topMargin = options.title === undefined ? 16 : 44;
  const gridSize = cell * classes;
  const bottom = topMargin + gridSize;
  let cells = '';
  values.forEach((row, t) => row.forEach((v, p) => {
    const fraction = top === 0 ? 0 : v / top;
    const x = left + p * cell;
    const y = topMargin + t * cell;
    cells += element('rect', { x, y, width: cell, height: cell, fill: blues(fraction) })
      + text(x + cell / 2, y + cell / 2 + fontSize / 3, normalize === undefined ? String(v) : v.toFixed(2), { 'text-anchor': 'middle', 'font-size': fontSize, fill: fraction > 0.5 ? '#ffffff' : '#222222' });
  }));
  let labels = '';
  names.forEach((name, c) => {
    const centre = c * cell + cell / 2;
    labels += text(left - 6, topMargin + centre + 4, name, { 'text-anchor': 'end' });
    labels += turned
      ? text(left + centre, bottom + 14, name, { 'text-anchor': 'end', transform: `rotate(-45 ${num(left + centre)} ${num(bottom + 14)})` })
      : text(left + centre, bottom + 16, name, { 'text-anchor': 'middle' });
  });
  const under = bottom + (turned ? 14 + nameWidth * 0.71 : 16) + 24;
  const width = left + gridSize + 20;
  const height = under + 12;
  const body = (options.title === undefined ? '' : text(width / 2, 26, options.title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' }))
    + element('g', { class: 'cells' }, cells)
    + element('rect', { x: left, y: topMargin, width: gridSize, height: gridSize, fill: 'none', stroke: '#222222' })
    + labels
    + text(left + gridSize / 2, under, 'Predicted label', { 'text-anchor': 'middle' })
    + text(16, topMargin + gridSize / 2, 'True label', { 'text-anchor': 'middle', transform: `rotate(-90 16 ${num(topMargin + gridSize / 2)})` });
  return svgDocument(width, height, body, options.title ?? 'Confusion matrix');
}
