import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AXON, axon, useScratch } from './run-axon.js';

const work = useScratch();

describe('axon info, datasets and --help', () => {
  it('info names the runtime, the Wasm features, the threads, the GPU mode or why there is none, and the core files', () => {
    const result = axon(['info']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^runtime +Node\\.js ${process.version.replace(/\./g, '\\.')} on ${process.platform}-${process.arch}$`, 'm'));
    expect(result.stdout).toMatch(/^wasm simd +yes$/m);
    expect(result.stdout).toMatch(/^relaxed simd +(yes|no)$/m);
    expect(result.stdout).toMatch(/^wasm threads +yes, \d+ available/m);
    expect(result.stdout).toMatch(/^gpu +(none \(.+\)|webgpu|webgl2|webgl|headlessgl)/m);
    expect(result.stdout).toMatch(/^wasm core +\S+build\/axon\.wasm \(\d+\.\d KiB\)$/m);
    expect(result.stdout).toMatch(/^axon-nn +0\.\d+\.\d+/m);
  });

  it('relaxed SIMD is reported as the runtime validates it: yes once V8 is told to accept it', () => {
    const result = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', AXON, 'info'], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/^relaxed simd +yes$/m);
  });

  it('datasets list names every dataset; iris ships with the package; path shows where files are or would go', () => {
    const list = axon(['datasets', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['fashion-mnist', 'mnist', 'iris', 'california-housing', 'imdb', 'reuters']);
    expect(list.stdout).toMatch(/^iris +bundled /m);
    expect(axon(['datasets', 'path', 'iris']).stdout).toBe('iris: ships inside the package (no files)\n');
    const path = axon(['datasets', 'path', 'mnist']);
    expect(path.code).toBe(0);
    expect(path.stdout).toMatch(/mnist\.npz/);
  });

  it('datasets path points at a copy when one exists (the cache folder in AXON_DATA_DIR)', () => {
    mkdirSync(join(work.dir, 'mnist'), { recursive: true });
    writeFileSync(join(work.dir, 'mnist', 'mnist.npz'), 'x');
    const result = spawnSync(process.execPath, [AXON, 'datasets', 'path', 'mnist'], { encoding: 'utf8', env: { ...process.env, AXON_DATA_DIR: work.dir } });
    expect(result.stdout).toBe(`${join(work.dir, 'mnist', 'mnist.npz')}\n`);
  });

  it.each(['train', 'evaluate', 'predict', 'summary', 'datasets', 'info'])('axon %s --help prints its usage and examples and exits 0', (name) => {
    const result = axon([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: axon ${name}`));
    expect(result.stdout).toMatch(/Examples?:\n {2}axon /);
    expect(axon(['help', name]).stdout).toBe(result.stdout);
  });

  it('axon --help lists the commands and exit codes', () => {
    const result = axon(['--help']);
    expect(result.code).toBe(0);
    for (const name of ['train', 'evaluate', 'predict', 'summary', 'datasets', 'info']) expect(result.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    expect(result.stdout).toContain('2 bad command line');
  });
});
