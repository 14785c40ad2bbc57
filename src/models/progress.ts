import type { Callback } from '../callbacks/callback.js';
import type { Logs } from './history.js';

interface Output {
  write(text: string): void;
  isTTY: boolean;
}

function defaultOutput(): Output {
  const stdout = (globalThis as { process?: { stdout?: { write(s: string): boolean; isTTY?: boolean } } }).process?.stdout;
  if (stdout) return { write: (s) => void stdout.write(s), isTTY: Boolean(stdout.isTTY) };
  // Browsers and edge runtimes: whole lines through console.log, no carriage returns.
  let pending = '';
  return {
    write: (s) => {
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) console.log(line);
    },
    isTTY: false,
  };
}

function formatDuration(seconds: number): string {
  return seconds >= 1 ? `${Math.round(seconds)}s` : `${Math.round(seconds * 1000)}ms`;
}

function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .filter(([k]) => k !== 'batch' && k !== 'size')
    .map(([k, v]) => ` - ${k}: ${v.toFixed(4)}`)
    .join('');
}

/**
 * Keras' progress output: "Epoch 1/5", then a bar updated in place on a terminal, and one line per
 * epoch with time, time per step, loss and metrics. verbose 2 prints only the epoch line.
 */
export class ProgressLogger implements Callback {
  private epochStart = 0;
  private lastDraw = 0;
  private readonly out: Output;

  constructor(
    private readonly epochs: number,
    private readonly steps: number,
    private readonly verbose: 1 | 2,
    out?: Output,
  ) {
    this.out = out ?? defaultOutput();
  }

  private bar(done: number): string {
    const width = 30;
    const filled = Math.floor((width * done) / this.steps);
    const head = done < this.steps ? '>' : '=';
    const body = filled > 0 ? '='.repeat(filled - 1) + head : '';
    const digits = String(this.steps).length;
    return `${String(done).padStart(digits)}/${this.steps} [${body.padEnd(width, '.')}]`;
  }

  onEpochBegin(epoch: number): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    if (this.verbose === 1) this.out.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  onBatchEnd(batch: number, logs?: Logs): void {
    if (this.verbose !== 1 || !this.out.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && batch + 1 < this.steps) return;
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const eta = (elapsed / (batch + 1)) * (this.steps - batch - 1);
    this.out.write(`\r${this.bar(batch + 1)} - ETA: ${formatDuration(eta)}${formatLogs(logs ?? {})}\x1b[K`);
  }

  onEpochEnd(_epoch: number, logs?: Logs): void {
    const seconds = (performance.now() - this.epochStart) / 1000;
    const timing = `${formatDuration(seconds)} ${formatPerStep(seconds / this.steps)}`;
    const prefix = this.verbose === 1 ? `${this.out.isTTY ? '\r' : ''}${this.bar(this.steps)}` : `${this.steps}/${this.steps}`;
    this.out.write(`${prefix} - ${timing}${formatLogs(logs ?? {})}${this.out.isTTY ? '\x1b[K' : ''}\n`);
  }
}
