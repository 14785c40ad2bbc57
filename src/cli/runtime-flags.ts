import { UsageError, ValueError } from '../errors.js';
import { getBackendInfo, setBackend, setThreads } from '../backends/index.js';
import type { Options, Invocation } from './command.js';
import { choiceFlag, integerFlag, stringFlag } from './values.js';

/** --threads and --backend, shared by the commands that run a model. */
export const RUNTIME_OPTIONS: Options = {
  threads: { type: 'string' },
  backend: { type: 'string' },
};

export const RUNTIME_HELP = `  --threads N            threads for the Wasm core's matrix products (default 1; 'auto' = all cores)
  --backend wasm|gpu     where the model runs (default wasm; gpu needs gpu.js and a GPU, see axon info)`;

/** Applies --threads and --backend before any model is built; a backend that cannot start fails with its reason (exit 1). */
export async function applyRuntimeFlags(values: Invocation['values']): Promise<void> {
  const threads = stringFlag(values.threads);
  if (threads !== undefined) setThreads(threads === 'auto' ? 'auto' : integerFlag(threads, 'threads', 1));
  const backend = choiceFlag(stringFlag(values.backend), 'backend', ['wasm', 'gpu'] as const, 'wasm');
  await setBackend(backend);
  if (backend === 'gpu') process.stderr.write(`Backend: gpu (${String(getBackendInfo().mode)})\n`);
}

/** Runs a library check on a flag's value, turning its ValueError into a usage error that names the flag. */
export function checkedFlag<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValueError) throw new UsageError(`--${flag}: ${error.message.replace(/^[^:]*: /, '')}`);
    throw error;
  }
}
