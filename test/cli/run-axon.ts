// Runs the built `axon` command (dist/cli/main.js) as a child process, the way a shell does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const AXON = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function requireBuild(): void {
  if (!existsSync(AXON)) throw new Error('cli tests: dist/cli/main.js is missing; run `npm run build` (npm test does)');
}

/** `axon ARGS...`, waited for; the environment sends dataset downloads nowhere, so a test never fetches. */
export function axon(args: string[], options: { cwd?: string } = {}): Result {
  const result = spawnSync(process.execPath, [AXON, ...args], {
    cwd: options.cwd, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, AXON_DATASETS_BASE_URL: 'http://127.0.0.1:9/' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `axon ARGS...` started in the background, for a test that signals it. */
export function axonProcess(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<Result> } {
  const child = spawn(process.execPath, [AXON, ...args], { env: { ...process.env, AXON_DATASETS_BASE_URL: 'http://127.0.0.1:9/' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** A test file's setup: checks that the command is built, and gives a fresh folder, removed after the file's tests. */
export function useScratch(): { dir: string } {
  const work = { dir: '' };
  beforeAll(() => {
    requireBuild();
    work.dir = mkdtempSync(join(tmpdir(), 'axon-cli-'));
  });
  afterAll(() => rmSync(work.dir, { recursive: true, force: true }));
  return work;
}

/**
 * A small table two classes apart: `size` rows of x1, x2 and a label "low"/"high" that a linear
 * boundary separates (x1 + x2 > 0), from a seeded generator so every run writes the same file.
 */
export function writeTwoClassCsv(path: string, size: number): void {
  let state = 12345;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  const lines = ['x1,x2,label'];
  for (let i = 0; i < size; i++) {
    const [a, b] = [next() * 10, next() * 10];
    lines.push(`${a.toFixed(3)},${b.toFixed(3)},${a + b > 0 ? 'high' : 'low'}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
