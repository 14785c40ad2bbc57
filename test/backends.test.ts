// Backends by name: the Wasm backend always, the GPU backend's code loaded on first use.
import { describe, expect, it } from 'vitest';
import { StateError, ValueError, getBackend, loadBackend } from '../src/index.js';

describe('backend registry', () => {
  it('loads the GPU backend on first use; getBackend() before that says how', async () => {
    expect(getBackend('wasm').name).toBe('wasm');
    expect(() => getBackend('gpu')).toThrow(StateError);
    expect(() => getBackend('gpu')).toThrow(/the "gpu" backend loads on first use; await setBackend\("gpu"\) or loadBackend\("gpu"\) before getBackend\(\)/);
    expect(() => getBackend('tpu')).toThrow(ValueError);
    expect(() => getBackend('tpu')).toThrow(/unknown backend "tpu"; expected one of wasm, gpu/);
    const gpu = await loadBackend('gpu');
    // Loading the code does not start gpu.js: that is the backend's ready().
    expect(gpu.name).toBe('gpu');
    expect(gpu.isReady).toBe(false);
    expect(getBackend('gpu')).toBe(gpu);
  });
});
