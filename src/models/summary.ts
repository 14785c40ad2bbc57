import type { Layer, Shape } from '../layers/layer.js';
import type { Graph } from './graph.js';

/** One row of the table: what summary() prints for a layer. */
export interface SummaryRow {
  name: string;
  className: string;
  outputShape: Shape | null;
  params: number | null;
  /** Of params, those the optimizer trains. */
  trainableParams: number | null;
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
export function formatSummary(modelName: string, rows: SummaryRow[], lineLength = 65): string {
  const positions = [0.45, 0.85, 1].map((p) => Math.floor(lineLength * p));
  const lines = [`Model: "${modelName}"`, '_'.repeat(lineLength), row(['Layer (type)', 'Output Shape', 'Param #'], positions), '='.repeat(lineLength)];
  rows.forEach((r, i) => {
    lines.push(row([`${r.name} (${r.className})`, formatShape(r.outputShape), r.params === null ? '?' : String(r.params)], positions));
    lines.push(i === rows.length - 1 ? '='.repeat(lineLength) : '_'.repeat(lineLength));
  });
  if (rows.length === 0) lines.push('='.repeat(lineLength));
  const total = rows.reduce((s, r) => s + (r.params ?? 0), 0);
  const trainable = rows.reduce((s, r) => s + (r.trainableParams ?? 0), 0);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  lines.push(`Total params: ${fmt(total)}`, `Trainable params: ${fmt(trainable)}`, `Non-trainable params: ${fmt(total - trainable)}`, '_'.repeat(lineLength));
  return lines.join('\n');
}

/**
 * Keras' table for functional models: a row per layer call with a "Connected to" column naming
 * the calls it reads, as `layer[node][tensor]`.
 */
export function formatFunctionalSummary(modelName: string, graph: Graph, lineLength = 98): string {
  const positions = [0.33, 0.55, 0.67, 1].map((p) => Math.floor(lineLength * p));
  const lines = [`Model: "${modelName}"`, '_'.repeat(lineLength), row(['Layer (type)', 'Output Shape', 'Param #', 'Connected to'], positions), '='.repeat(lineLength)];
  const counted = new Set<Layer>();
  let total = 0;
  let trainable = 0;
  graph.nodes.forEach((node, i) => {
    const layer = node.layer;
    const first = !counted.has(layer);
    counted.add(layer);
    const countsHere = first && node.inputs.length === 1;
    const params = countsHere ? layer.countParams(node.inputs[0]!.sampleShape) : 0;
    total += params;
    trainable += countsHere ? layer.countTrainableParams(node.inputs[0]!.sampleShape) : 0;
    const shape = formatShape(node.output.sampleShape);
    const connected = node.inputs.map((t) => `'${t.sourceLayer.name}[${t.sourceLayer.nodes.indexOf(t.node)}][0]'`);
    lines.push(row([`${layer.name} (${layer.className})`, node.inputs.length === 0 ? `[${shape}]` : shape, String(params), `[${connected.join(', ')}]`], positions));
    lines.push(i === graph.nodes.length - 1 ? '='.repeat(lineLength) : '_'.repeat(lineLength));
  });
  const fmt = (n: number): string => n.toLocaleString('en-US');
  lines.push(`Total params: ${fmt(total)}`, `Trainable params: ${fmt(trainable)}`, `Non-trainable params: ${fmt(total - trainable)}`, '_'.repeat(lineLength));
  return lines.join('\n');
}
