/**
 * Whether Node's built-in modules can be imported: Node, Deno and Bun, which all define
 * `process.versions.node`. Cloudflare's workerd defines it too under `nodejs_compat`, but has no
 * file system or worker_threads to speak of, so it is told apart by its user agent.
 */
export function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return false;
  return typeof g.process?.versions?.node === 'string';
}

interface NodeBuiltins {
  'node:crypto': typeof import('node:crypto');
  'node:fs/promises': typeof import('node:fs/promises');
  'node:os': typeof import('node:os');
  'node:path': typeof import('node:path');
  'node:worker_threads': typeof import('node:worker_threads');
  'node:zlib': typeof import('node:zlib');
}

/**
 * Imports a Node built-in. The specifier goes through a variable, so bundlers targeting browsers
 * neither fail to resolve it nor ship a polyfill: the call only runs where `isNode()` holds.
 */
export function nodeImport<K extends keyof NodeBuiltins>(specifier: K): Promise<NodeBuiltins[K]> {
  const name: string = specifier;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<NodeBuiltins[K]>;
}

/** A warning on stderr: process.emitWarning where it exists (so Node's --no-warnings applies), else console.warn. */
export function warn(message: string, type = 'AxonWarning'): void {
  const proc = (globalThis as { process?: { emitWarning?: (message: string, type: string) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(message, type);
  else console.warn(`${type}: ${message}`);
}
