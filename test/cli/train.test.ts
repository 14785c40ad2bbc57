import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/index.js';
import { axon, useScratch, writeTwoClassCsv } from './run-axon.js';

const work = useScratch();

describe('axon train, evaluate, predict, summary', () => {
  it('trains iris for one epoch, prints Keras progress and the test evaluation, and saves model, preprocessing and history', async () => {
    const dir = join(work.dir, 'iris');
    const result = axon(['train', 'iris', '--epochs', '1', '--seed', '42', '--layers', '16', '--save', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Epoch 1\/1\n4\/4 \[=+\] - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4}\n/);
    expect(result.stdout).toMatch(/Evaluation on 30 held-out test rows: loss: \d\.\d{4} - accuracy: \d\.\d{4}/);
    for (const file of ['model.json', 'group1-shard1of1.bin', 'preprocessing.json', 'history.csv', 'history.svg']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(readFileSync(join(dir, 'history.svg'), 'utf8')).toMatch(/<svg[^>]*>[\s\S]*Training loss[\s\S]*<\/svg>/);
    expect(readFileSync(join(dir, 'history.csv'), 'utf8')).toMatch(/^epoch,accuracy,loss\n0,[\d.]+,[\d.]+\n$/);
    const prep = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8'));
    expect(prep).toMatchObject({ dataset: 'iris', task: 'classification', classes: ['setosa', 'versicolor', 'virginica'], seed: 42, testSize: 0.2 });
    expect(prep.standardize.mean).toHaveLength(4);
    const model = await loadModel(pathToFileURL(join(dir, 'model.json')).href);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    model.dispose();
  });

  it('evaluate --dataset iris reports on the same held-out rows with the same numbers as train printed', () => {
    const dir = join(work.dir, 'iris-again');
    const trained = axon(['train', 'iris', '--epochs', '3', '--seed', '7', '--save', dir]);
    expect(trained.code).toBe(0);
    const printed = /Evaluation on 30 held-out test rows: (.*)\n/.exec(trained.stdout)![1];
    const evaluated = axon(['evaluate', dir, '--dataset', 'iris']);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toBe(`Evaluation on 30 rows of iris (its test split): ${printed}\n`);
  });

  it('trains on a CSV with word labels, then predicts from the saved model: probabilities, --classes, NPY output', () => {
    const csv = join(work.dir, 'two.csv');
    writeTwoClassCsv(csv, 400);
    const dir = join(work.dir, 'two');
    const trained = axon(['train', csv, '--target', 'label', '--epochs', '20', '--seed', '1', '--layers', '8', '--learning-rate', '0.01', '--save', dir]);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const accuracy = Number(/Evaluation on 80 held-out test rows: loss: [\d.]+ - accuracy: ([\d.]+)/.exec(trained.stdout)![1]);
    expect(accuracy).toBeGreaterThan(0.9);
    // Two classes: one sigmoid unit; classes in text order.
    expect(JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')).classes).toEqual(['high', 'low']);

    const input = join(work.dir, 'input.csv');
    // Columns in another order, plus a column the model never saw: taken by name.
    writeFileSync(input, 'note,x2,x1\na,4,4\nb,-4,-4\n');
    const probabilities = axon(['predict', dir, input]);
    expect(probabilities.code).toBe(0);
    const [header, ...rows] = probabilities.stdout.trim().split('\n');
    expect(header).toBe('low');
    expect(rows.map(Number)[0]).toBeLessThan(0.5);
    expect(rows.map(Number)[1]).toBeGreaterThan(0.5);
    const classes = axon(['predict', dir, input, '--classes']);
    expect(classes.stdout).toBe('class\nhigh\nlow\n');
    const npy = join(work.dir, 'out.npy');
    expect(axon(['predict', dir, input, '--classes', '--output', npy]).code).toBe(0);
    const bytes = readFileSync(npy);
    expect(bytes.subarray(1, 6).toString()).toBe('NUMPY');
    expect(bytes.toString('latin1')).toContain("'descr': '<i4', 'fortran_order': False, 'shape': (2,)");
    expect(Array.from(new Int32Array(bytes.buffer.slice(bytes.byteOffset + bytes.length - 8, bytes.byteOffset + bytes.length)))).toEqual([0, 1]);

    const evaluated = axon(['evaluate', dir, csv]);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^Evaluation on 400 rows of .*two\.csv: loss: [\d.]+ - accuracy: [\d.]+\n$/);
  });

  it('summary prints the Keras table of a saved model', () => {
    const dir = join(work.dir, 'summary');
    expect(axon(['train', 'iris', '--epochs', '1', '--layers', '10,5', '--save', dir]).code).toBe(0);
    const result = axon(['summary', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(None, 10)');
    expect(result.stdout).toContain('(None, 5)');
    // 4·10+10, 10·5+5, 5·3+3
    expect(result.stdout).toContain('Total params: 123');
    expect(axon(['summary', join(dir, 'model.json')]).stdout).toBe(result.stdout);
  });

  it('trains a regression from a CSV with a numeric target: linear output, mse and mae', () => {
    const csv = join(work.dir, 'line.csv');
    const lines = ['a,b,y', ...Array.from({ length: 200 }, (_, i) => `${i % 17},${(i * 7) % 13},${(i % 17) * 2.5 - ((i * 7) % 13) + 0.25}`)];
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const result = axon(['train', csv, '--target', 'y', '--epochs', '1', '--seed', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ - loss: [\d.]+ - mae: [\d.]+\n/);
    expect(result.stdout).toMatch(/Evaluation on 40 held-out test rows: loss: [\d.]+ - mae: [\d.]+/);
  });
});
