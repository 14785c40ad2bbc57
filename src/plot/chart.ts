// A titled chart of series over epochs: the one drawing behind plotHistory's panels, lossCurves and
// liveHistory.
import { drawAxes, epochAxis, legend, position, tickLabel, valueAxis } from './axes.js';
import type { Frame, LegendEntry } from './axes.js';
import { element, num, text, textWidth } from './svg.js';

/** A series: its legend entry and its points as (epoch number from 1, value); non-finite values leave a gap. */
export interface Series extends LegendEntry {
  points: ReadonlyArray<readonly [number, number]>;
}

/** Where a chart goes in its document, and what it says. */
export interface ChartSpec {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  yTitle: string;
  series: readonly Series[];
  /** The last epoch the x axis shows (liveHistory fixes it to fit's `epochs`, so the axis does not move). */
  lastEpoch: number;
}

function drawSeries(series: Series, toX: (v: number) => number, toY: (v: number) => number): string {
  const finite = series.points.filter(([, y]) => Number.isFinite(y));
  let marks = '';
  if (series.mark === 'dots') {
    for (const [x, y] of finite) marks += element('circle', { cx: toX(x), cy: toY(y), r: 3.5 });
    return element('g', { class: 'series', 'data-label': series.label, fill: series.color }, marks);
  }
  let d = '';
  let pen = 'M';
  for (const [x, y] of series.points) {
    if (!Number.isFinite(y)) {
      pen = 'M';
      continue;
    }
    d += `${pen}${num(toX(x))} ${num(toY(y))}`;
    pen = 'L';
  }
  // A path through one point draws nothing; a dot keeps it visible (after fit's first epoch).
  const lone = finite.length === 1 ? element('circle', { cx: toX(finite[0]![0]), cy: toY(finite[0]![1]), r: 2.5, fill: series.color }) : '';
  const path = element('path', { d, fill: 'none', stroke: series.color, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-dasharray': series.mark === 'dashed' ? '6 4' : undefined });
  return element('g', { class: 'series', 'data-label': series.label }, path + lone);
}

export function chart(spec: ChartSpec): string {
  const values = spec.series.flatMap((s) => s.points.map(([, y]) => y));
  const yAxis = valueAxis(values);
  const xAxis = epochAxis(Math.max(spec.lastEpoch, ...spec.series.flatMap((s) => s.points.map(([x]) => x))));
  const widestTick = Math.max(0, ...yAxis.ticks.map((t) => textWidth(tickLabel(t, yAxis.step), 12)));
  const left = spec.x + Math.min(110, 40 + widestTick);
  const right = spec.x + spec.width - 16;
  const keys = legend(spec.series, right, spec.y + 46, right - left);
  const top = spec.y + 46 + (keys.rows - 1) * 18 + 14;
  const frame: Frame = { left, top, width: right - left, height: Math.max(20, spec.y + spec.height - 50 - top) };
  const toX = (v: number): number => position(xAxis, v, frame.left, frame.left + frame.width);
  const toY = (v: number): number => position(yAxis, v, frame.top + frame.height, frame.top);
  return text(spec.x + spec.width / 2, spec.y + 22, spec.title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' })
    + keys.svg
    + drawAxes(frame, xAxis, yAxis, 'Epochs', spec.yTitle)
    + spec.series.map((s) => drawSeries(s, toX, toY)).join('');
}
