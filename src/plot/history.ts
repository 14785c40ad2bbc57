// plotHistory and lossCurves: the training curves of Deep Learning with Python (training as dots,
// validation as a line, one figure per metric) and Hands-On ML's comparisons of several runs.
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { chart } from './chart.js';
import type { Series } from './chart.js';
import { PALETTE, metricTitle, svgDocument, text } from './svg.js';

/** What fit() resolves to (a History), or any object with Keras' `history` dictionary of per-epoch values. */
export interface HistoryLike {
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The epoch index (from 0) of each value; History has it, and it starts later after `initialEpoch`. */
  readonly epoch?: readonly number[];
}

export interface PlotHistoryOptions {
  /**
   * The metrics to draw, one panel each, as their training keys (`'loss'`, `'accuracy'`); each panel
   * also draws `val_` + key when the history has it. Default: every key but `learning_rate`.
   */
  metrics?: string[];
  /** A title over all panels. */
  title?: string;
  /** The document's width in pixels (default 640). */
  width?: number;
  /** The document's height in pixels (default 300 a panel). */
  height?: number;
}

export interface LossCurvesOptions {
  /** The metric to compare (default `'loss'`). */
  metric?: string;
  /** Also draw each run's `val_` values, dashed in the run's colour (default false). */
  validation?: boolean;
  title?: string;
  /** Width in pixels (default 640). */
  width?: number;
  /** Height in pixels (default 400). */
  height?: number;
}

const HISTORY_OPTIONS = ['metrics', 'title', 'width', 'height'] as const;
const CURVES_OPTIONS = ['metric', 'validation', 'title', 'width', 'height'] as const;
/** The colour of Deep Learning with Python's "bo" and "b". */
const BLUE = PALETTE[0];
const TITLE_HEIGHT = 34;

/** The `history` dictionary of `value`, checked: every entry an array of numbers. */
function historyOf(value: unknown, what: string): HistoryLike {
  const history = (value as { history?: unknown } | null)?.history;
  if (history === null || typeof history !== 'object' || Array.isArray(history)) {
    throw new ValueError(`${what}: expected a History (what fit() returns) or { history: { loss: [...] } }, received ${describe(value)}`);
  }
  for (const [key, values] of Object.entries(history)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'number')) {
      throw new ValueError(`${what}: expected history.${key} to be an array of numbers, received ${describe(values)}`);
    }
  }
  return value as HistoryLike;
}

function size(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ValueError(`${what}: expected a positive number of pixels, received ${describe(value)}`);
  return value;
}

/** (epoch number from 1, value) pairs; epoch numbers come from History.epoch where it matches. */
function points(history: HistoryLike, key: string): Array<[number, number]> {
  const values = history.history[key] ?? [];
  const epochs = history.epoch?.length === values.length ? history.epoch : undefined;
  return values.map((v, i) => [(epochs?.[i] ?? i) + 1, v]);
}

function lastEpochOf(series: readonly Series[]): number {
  return Math.max(1, ...series.flatMap((s) => s.points.map(([x]) => x)));
}

/** The training keys to draw: `metrics`, or every key that is not a validation value or the learning rate. */
function panelKeys(history: HistoryLike, metrics: readonly string[] | undefined, what: string): string[] {
  const keys = Object.keys(history.history);
  if (metrics === undefined) {
    const trained = keys.filter((k) => !k.startsWith('val_') && k !== 'learning_rate');
    // A history of validation values alone still gets its panels.
    const orphans = keys.filter((k) => k.startsWith('val_') && !keys.includes(k.slice(4))).map((k) => k.slice(4));
    return [...trained, ...orphans];
  }
  if (!Array.isArray(metrics) || metrics.some((m) => typeof m !== 'string')) throw new ValueError(`${what}(metrics): expected an array of metric names, received ${describe(metrics)}`);
  for (const m of metrics) {
    if (!(m in history.history) && !(`val_${m}` in history.history)) {
      throw new ValueError(`${what}(metrics): the history has no "${m}" or "val_${m}"; it has ${keys.join(', ') || 'no values'}`);
    }
  }
  return [...metrics];
}

/**
 * plotHistory's drawing, with the x axis running to `lastEpoch` at least (liveHistory passes fit's
 * `epochs`, so that the axis stays put while the curves grow).
 */
export function renderHistory(history: HistoryLike, options: PlotHistoryOptions = {}, lastEpoch = 1): string {
  const keys = panelKeys(history, options.metrics, 'plotHistory');
  const width = size(options.width, 640, 'plotHistory(width)');
  const heading = options.title === undefined ? 0 : TITLE_HEIGHT;
  const height = size(options.height, 300 * Math.max(1, keys.length) + heading, 'plotHistory(height)');
  const panelHeight = (height - heading) / Math.max(1, keys.length);
  const panels = keys.map((key, i) => {
    const name = metricTitle(key).toLowerCase();
    const series: Series[] = [];
    if (key in history.history) series.push({ label: `Training ${name}`, color: BLUE, mark: 'dots', points: points(history, key) });
    if (`val_${key}` in history.history) series.push({ label: `Validation ${name}`, color: BLUE, mark: 'line', points: points(history, `val_${key}`) });
    const title = series.length === 2 ? `Training and validation ${name}` : series[0]!.label;
    return chart({ x: 0, y: heading + i * panelHeight, width, height: panelHeight, title, yTitle: metricTitle(key), series, lastEpoch: Math.max(lastEpoch, lastEpochOf(series)) });
  });
  const top = options.title === undefined ? '' : text(width / 2, 24, options.title, { 'text-anchor': 'middle', 'font-size': 17, 'font-weight': 'bold' });
  return svgDocument(width, height, top + panels.join(''), options.title ?? 'Training history');
}

/**
 * The curves of a fit as an SVG document: one panel per metric (loss, accuracy, ...), training
 * values as dots and validation values as a line, epochs numbered from 1, as in Deep Learning with
 * Python. `history` is what fit() returned, or `{ history: { loss: [...], val_loss: [...] } }`.
 */
export function plotHistory(history: HistoryLike, options?: PlotHistoryOptions): string {
  checkOptions(options, HISTORY_OPTIONS, 'plotHistory');
  return renderHistory(historyOf(history, 'plotHistory(history)'), options);
}

/**
 * Several runs on one chart, one colour each (comparing optimizers or learning rates, as Hands-On
 * ML does): `histories` maps each run's name, shown in the legend, to its History.
 */
export function lossCurves(histories: Readonly<Record<string, HistoryLike>>, options?: LossCurvesOptions): string {
  checkOptions(options, CURVES_OPTIONS, 'lossCurves');
  const metric = options?.metric ?? 'loss';
  const validation = options?.validation ?? false;
  if (typeof metric !== 'string') throw new ValueError(`lossCurves(metric): expected a metric name, received ${describe(metric)}`);
  if (typeof validation !== 'boolean') throw new ValueError(`lossCurves(validation): expected true or false, received ${describe(validation)}`);
  if (histories === null || typeof histories !== 'object' || Object.keys(histories).length === 0) {
    throw new ValueError(`lossCurves(histories): expected an object mapping run names to histories, received ${describe(histories)}`);
  }
  const series: Series[] = [];
  Object.entries(histories).forEach(([name, value], i) => {
    const history = historyOf(value, `lossCurves(histories.${name})`);
    const color = PALETTE[i % PALETTE.length]!;
    const wanted = validation ? [metric, `val_${metric}`] : [metric];
    for (const key of wanted) {
      if (!(key in history.history)) throw new ValueError(`lossCurves(histories.${name}): the history has no "${key}"; it has ${Object.keys(history.history).join(', ') || 'no values'}`);
    }
    series.push({ label: name, color, mark: 'line', points: points(history, metric) });
    if (validation) series.push({ label: `${name} (validation)`, color, mark: 'dashed', points: points(history, `val_${metric}`) });
  });
  const width = size(options?.width, 640, 'lossCurves(width)');
  const height = size(options?.height, 400, 'lossCurves(height)');
  const name = metricTitle(metric).toLowerCase();
  const title = options?.title ?? (metric.startsWith('val_') ? `Validation ${name}` : validation ? `Training and validation ${name}` : `Training ${name}`);
  const body = chart({ x: 0, y: 0, width, height, title, yTitle: metricTitle(metric), series, lastEpoch: lastEpochOf(series) });
  return svgDocument(width, height, body, title);
}
