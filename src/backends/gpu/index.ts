// The GPU backend's entry point. Nothing here imports gpu.js: it is loaded by ready().
import { registerBackend } from '../index.js';
import { GpuBackend } from './gpu-backend.js';
import type { GpuBackendOptions } from './gpu-backend.js';

export { GpuBackend } from './gpu-backend.js';
export { GpuUnavailableError } from './mode.js';
export type { GpuBackendOptions, GpuBackendInfo } from './gpu-backend.js';
export type { GpuMode } from './loader.js';

/** A new GPU backend (not registered); `await backend.ready()` picks the gpu.js mode. */
export function createGpuBackend(options: GpuBackendOptions = {}): GpuBackend {
  return new GpuBackend(options);
}

/**
 * Registers a GPU backend under `options.name` (default 'gpu') so that `setBackend('gpu')` and
 * `new Sequential(..., { backend: 'gpu' })` use it. One instance per registration is shared by every
 * model that names it. Returns that instance.
 */
export function registerGpuBackend(options: GpuBackendOptions = {}): GpuBackend {
  const backend = createGpuBackend(options);
  registerBackend(backend.name, () => backend);
  return backend;
}
