// Axes as matplotlib draws them by default: ticks at 1, 2 or 5 times a power of ten, a light grid,
// tick labels with as many decimals as the step needs, and a title on each axis.
import { INK, MUTED, element, num, text, textWidth } from './svg.js';

/** Where the data is drawn, in the document's pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** An axis: its data range, its ticks, and the step their labels are written to. */
export interface Axis {
  min: number;
  max: number;
  ticks: number[];
  step: number;
}

function niceStep(span: number, count: number): number {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / magnitude;
  return (ratio < 1.5 ? 1 : ratio < 3 ? 2 : ratio < 7 ? 5 : 10) * magnitude;
}

/**
 * An axis over `values` with about `count` ticks. The range gets matplotlib's 5% margins, so that no
 * point sits on the frame; a single value gets a range around it.
 */
export function valueAxis(values: readonly number[], count = 5): Axis {
  const finite = values.filter(Number.isFinite);
  let low = finite.length ? Math.min(...finite) : 0;
  let high = finite.length ? Math.max(...finite) : 1;
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const margin = (high - low) * 0.05;
  const min = low - margin;
  const max = high + margin;
  const step = niceStep(max - min, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { min, max, ticks, step };
}

/** An axis of epochs 1..`last`: whole-number ticks, half an epoch of room at either end. */
export function epochAxis(last: number): Axis {
  const end = Math.max(1, last);
  const step = Math.max(1, niceStep(end, 8));
  const ticks = [1];
  for (let t = step; t <= end; t += step) if (t > 1) ticks.push(t);
  return { min: 0.5, max: end + 0.5, ticks, step };
}

export function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(Math.min(decimals, 20));
}

/** The pixel position of `value` along `axis`, mapped onto [from, to]. */
export function position(axis: Axis, value: number, from: number, to: number): number {
  return from + ((value - axis.min) / (axis.max - axis.min)) * (to - from);
}

/** The frame, the grid, the ticks with their labels and the two axis titles. */
export function drawAxes(frame: Frame, x: Axis, y: Axis, xTitle: string, yTitle: string): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  let grid = '';
  let labels = '';
  for (const t of x.ticks) {
    const px = position(x, t, left, left + width);
    grid += `M${num(px)} ${num(top)}V${num(bottom + 5)}`;
    labels += text(px, bottom + 18, tickLabel(t, x.step), { 'text-anchor': 'middle' });
  }
  for (const t of y.ticks) {
    const py = position(y, t, bottom, top);
    grid += `M${num(left - 5)} ${num(py)}H${num(left + width)}`;
    labels += text(left - 8, py + 4, tickLabel(t, y.step), { 'text-anchor': 'end' });
  }
  const widest = Math.max(0, ...y.ticks.map((t) => textWidth(tickLabel(t, y.step), 12)));
  const yTitleX = left - widest - 18;
  return element('path', { d: grid, stroke: '#e5e5e5', 'stroke-width': 1, fill: 'none' })
    + element('rect', { x: left, y: top, width, height, fill: 'none', stroke: INK, 'stroke-width': 1 })
    + element('g', { fill: MUTED }, labels)
    + text(left + width / 2, bottom + 38, xTitle, { 'text-anchor': 'middle' })
    + text(yTitleX, top + height / 2, yTitle, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(yTitleX)} ${num(top + height / 2)})` });
}

/** How a series is drawn: Deep Learning with Python's "bo" (dots) and "b" (a line), or a dashed line. */
export type Mark = 'dots' | 'line' | 'dashed';

export interface LegendEntry {
  label: string;
  color: string;
  mark: Mark;
}

/** The sample of a mark drawn in a legend, 24 px wide, centred on (x + 12, y). */
function swatch(entry: LegendEntry, x: number, y: number): string {
  if (entry.mark === 'dots') return element('circle', { cx: x + 12, cy: y, r: 3.5, fill: entry.color });
  return element('path', { d: `M${num(x)} ${num(y)}h24`, stroke: entry.color, 'stroke-width': 2, 'stroke-dasharray': entry.mark === 'dashed' ? '6 4' : undefined });
}

/**
 * One row of legend entries, right-aligned to `right`, on the baseline row at `y` (above the frame,
 * so that it never hides a point); it wraps to further rows when wider than `maxWidth`.
 * Returns the markup and the number of rows used.
 */
export function legend(entries: readonly LegendEntry[], right: number, y: number, maxWidth: number): { svg: string; rows: number } {
  const widths = entries.map((e) => 30 + textWidth(e.label, 12) + 16);
  const rows: number[][] = [[]];
  let used = 0;
  entries.forEach((_, i) => {
    if (used + widths[i]! > maxWidth && rows[rows.length - 1]!.length) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]!.push(i);
    used += widths[i]!;
  });
  let svg = '';
  rows.forEach((row, r) => {
    let x = right - row.reduce((sum, i) => sum + widths[i]!, 0) + 16;
    for (const i of row) {
      const rowY = y + r * 18;
      svg += swatch(entries[i]!, x, rowY - 4) + text(x + 30, rowY, entries[i]!.label);
      x += widths[i]!;
    }
  });
  return { svg: element('g', { class: 'legend' }, svg), rows: rows.length };
}
