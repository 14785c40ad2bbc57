/**
 * Whether Node's built-in modules can be imported. The data loaders run in browsers too, so every
 * `node:` import is dynamic and gated on this.
 */
export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}
