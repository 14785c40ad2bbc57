// The 'axon-nn/gpu' entry. Importing it registers the GPU backend, so that setBackend('gpu') works
// in a bundle; an app that never imports it ships none of the GPU code (gpu.js itself is an
// optional peer dependency, loaded by the backend's ready()).
import { registerGpuBackend } from './backends/gpu/index.js';

export { createGpuBackend, registerGpuBackend, GpuBackend, GpuUnavailableError } from './backends/gpu/index.js';
export type { GpuBackendOptions, GpuBackendInfo, GpuMode } from './backends/gpu/index.js';

registerGpuBackend({ name: 'gpu' });
