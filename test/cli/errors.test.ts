import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axon, useScratch, writeTwoClassCsv } from './run-axon.js';

const work = useScratch();

describe('axon: command-line mistakes exit 2 with a message on stderr, failures while running exit 1', () => {
  it.each([
    [['train', 'iris', '--epochs', '1', '--bogus', '3'], /Unknown option '--bogus'/],
    [['train', 'iris', '--epochs', 'many'], /--epochs: expected an integer >= 1, received "many"/],
    [['train', 'iris', '--learning-rate=-1'], /--learning-rate: expected a number > 0, received "-1"/],
    [['train', 'iris', '--validation-split', '1.5'], /--validation-split: expected a number >= 0 and < 1, received "1.5"/],
    [['train', 'iris', '--layers', '10,x'], /--layers: expected positive integers separated by commas, received "10,x"/],
    [['train', 'iris', '--optimizer', 'adamm'], /--optimizer: unknown optimizer "adamm"/],
    [['train', 'iris', '--activation', 'gelu2'], /--activation: unknown activation "gelu2"/],
    [['train', 'iris', '--loss', 'hinge2'], /--loss: unknown loss "hinge2"/],
    [['train', 'iris', '--backend', 'cuda'], /--backend: expected one of wasm, gpu, received "cuda"/],
    [['train', 'iris', '--target', 'species'], /--target: iris is a named dataset/],
    [['train'], /axon train: expected a dataset name or a data file, received none/],
    [['train', 'data.txt', '--target', 'y'], /data\.txt: expected a \.csv, \.npy or \.npz file/],
    [['evaluate', 'somewhere'], /expected the data as --dataset NAME or as a FILE argument/],
    [['evaluate', 'somewhere', '--dataset', 'cifar'], /--dataset: unknown dataset "cifar"/],
    [['predict', 'somewhere'], /axon predict: expected a saved model folder and an input file, received somewhere/],
    [['predict', 'a', 'b.csv', '--format', 'json'], /--format: expected one of csv, npy, received "json"/],
    [['datasets', 'remove', 'iris'], /axon datasets: expected one of list, fetch, path, received "remove"/],
    [['datasets', 'path', 'cifar'], /unknown dataset "cifar"/],
    [['info', 'extra'], /axon info: expected no arguments, received an extra argument "extra"/],
    [['fly'], /axon: unknown command "fly"; expected one of train, evaluate, predict, summary, datasets, info/],
  ])('axon %j', (args, message) => {
    const result = axon(args);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('a CSV without --target exits 2 and names the flag; a --target that is no column names the columns', () => {
    const csv = join(work.dir, 'two.csv');
    writeTwoClassCsv(csv, 20);
    const missing = axon(['train', csv]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--target: required with a data file/);
    const wrong = axon(['train', csv, '--target', 'class']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--target: .*two\.csv has no column "class"; its columns are x1, x2, label/);
  });

  it('a missing model or a malformed data file is a failure while running: exit 1 and the reason', () => {
    const missing = axon(['summary', join(work.dir, 'nothing-here')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^axon summary: \w+Error: .*nothing-here/);
    const csv = join(work.dir, 'bad.csv');
    writeFileSync(csv, 'a,b,y\n1,2,0\n3,oops,1\n');
    const bad = axon(['train', csv, '--target', 'y']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`axon train: FormatError: ${csv}: expected a number in column "b" on line 3, received "oops"\n`);
  });
});
