// scikit-learn's figures for the example tests, from Debian's python3-sklearn when it is installed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./sklearn-reference.py', import.meta.url));

export const sklearnAvailable = spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;

/** Runs sklearn-reference.py with `args` and returns the JSON it prints. */
export function sklearnReference<T>(...args: string[]): T {
  const run = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sklearn-reference.py ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
