import type { Layer, Shape } from '../layers/layer.js';

/** One row of the table: what summary() prints for a layer. */
export interface SummaryRow {
  name: string;
  className: string;
  outputShape: Shape | null;
  params: number | null;
}

function formatShape(shape: Shape | null): string {
  return shape ? `(None, ${shape.join(', ')})` : 'multiple';
}

function row(cells: string[], positions: number[]): string {
  let line = '';
  cells.forEach((cell, i) => {
    line += cell;
    line = line.slice(0, positions[i]!).padEnd(positions[i]!);
  });
  return line;
}

/** The Keras table: "Layer (type)", "Output Shape", "Param #", then the parameter totals. */
export function formatSummary(modelName: string, rows: SummaryRow[], layers: readonly Layer[], lineLength = 65): string {
  const positions = [0.45, 0.85, 1].map((p) => Math.floor(lineLength * p));
  const lines = [`Model: "${modelName}"`, '_'.repeat(lineLength), row(['Layer (type)', 'Output Shape', 'Param #'], positions), '='.repeat(lineLength)];
  rows.forEach((r, i) => {
    lines.push(row([`${r.name} (${r.className})`, formatShape(r.outputShape), r.params === null ? '?' : String(r.params)], positions));
    lines.push(i === rows.length - 1 ? '='.repeat(lineLength) : '_'.repeat(lineLength));
  });
  if (rows.length === 0) lines.push('='.repeat(lineLength));
  const counts = rows.map((r, i) => ({ n: r.params ?? 0, trainable: layers[i]!.trainable }));
  const total = counts.reduce((s, c) => s + c.n, 0);
  const trainable = counts.reduce((s, c) => s + (c.trainable ? c.n : 0), 0);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  lines.push(`Total params: ${fmt(total)}`, `Trainable params: ${fmt(trainable)}`, `Non-trainable params: ${fmt(total - trainable)}`, '_'.repeat(lineLength));
  return lines.join('\n');
}
