import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/index.js';
import { axonProcess, useScratch, writeTwoClassCsv } from './run-axon.js';

const work = useScratch();

describe('axon train and Ctrl-C', () => {
  it('SIGINT during a long training stops after the current batch, saves what was trained, and exits 130', async () => {
    const csv = join(work.dir, 'large.csv');
    writeTwoClassCsv(csv, 60_000);
    const dir = join(work.dir, 'model');
    // 1,000 epochs of 1,500 batches: many minutes of work, of which the test waits for one epoch.
    const { child, done } = axonProcess(['train', csv, '--target', 'label', '--epochs', '1000', '--layers', '64,64', '--seed', '5', '--save', dir]);
    let stdout = '';
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Epoch 2/1000')) resolve();
    }));
    child.kill('SIGINT');
    const result = await done;
    expect(result.stderr).toContain('Interrupted: stopping after the current batch');
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/Saved the model to /);
    // Stopped within epoch 2, not after many more (no timing is asserted: the epoch count says it).
    expect(result.stdout).not.toContain('Epoch 3/1000');
    // The interrupted epoch is closed like any other: its row in history.csv.
    expect(readFileSync(join(dir, 'history.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    const model = await loadModel(pathToFileURL(join(dir, 'model.json')).href);
    const predictions = (await model.predict([[4, 4], [-4, -4]])) as { data: Float32Array };
    expect(predictions.data[0]).toBeLessThan(0.5);
    expect(predictions.data[1]).toBeGreaterThan(0.5);
    model.dispose();
  });
});
