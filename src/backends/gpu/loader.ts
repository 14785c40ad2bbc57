// Finding gpu.js and a GPU mode. gpu.js is an optional dependency and is only ever imported here,
// lazily, so importing axon-nn never fails where it (or its native parts) is absent.

/* eslint-disable @typescript-eslint/no-explicit-any */

export type GpuMode = 'webgpu' | 'webgl2' | 'webgl' | 'headlessgl' | 'cpu';

/** Modes tried in order when none is named; 'cpu' is never chosen automatically (tests only). */
export const AUTO_MODES: readonly GpuMode[] = ['webgpu', 'webgl2', 'webgl', 'headlessgl'];

/** The gpu.js module: `globalThis.GPU` from its browser build (script tag), else `import('gpu.js')`. */
export async function loadGpuJs(provided?: unknown): Promise<any> {
  const fromGlobal = provided ?? (globalThis as any).GPU;
  if (fromGlobal) {
    // The browser build defines `GPU` as the class, with the namespace's members attached to it.
    const ns = fromGlobal.GPU && typeof fromGlobal.GPU === 'function' ? fromGlobal : { ...fromGlobal, GPU: fromGlobal };
    return ns;
  }
  const specifier = 'gpu.js';
  const mod: any = await import(/* @vite-ignore */ specifier);
  return mod.GPU ? mod : mod.default;
}

/**
 * Node has no `navigator.gpu`: the optional `webgpu` package (Dawn) provides one where its binary
 * loads (glibc ≥ 2.38). gpu.js assigns `device.onuncapturederror`, which Dawn's binding rejects, so
 * every device gets that property redefined to register through addEventListener.
 * Returns a reason string when WebGPU cannot be provided, or null when navigator.gpu is ready.
 */
export async function ensureNodeWebGPU(): Promise<string | null> {
  const g = globalThis as any;
  if (g.navigator?.gpu) return null;
  const isNode = typeof process !== 'undefined' && !!(process as any).versions?.node;
  if (!isNode) return 'navigator.gpu is missing (this browser has no WebGPU)';
  let wg: any;
  try {
    const specifier = 'webgpu';
    wg = await import(/* @vite-ignore */ specifier);
    if (!wg.create) wg = wg.default;
  } catch (error) {
    return `the optional 'webgpu' package did not load (${firstLine(error)})`;
  }
  let gpu: any;
  try {
    if (wg.globals) Object.assign(g, wg.globals);
    gpu = wg.create([]);
  } catch (error) {
    return `the 'webgpu' package could not create a GPU (${firstLine(error)})`;
  }
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = async (...args: unknown[]) => {
    const adapter = await requestAdapter(...args);
    if (adapter) {
      const requestDevice = adapter.requestDevice.bind(adapter);
      adapter.requestDevice = async (...deviceArgs: unknown[]) => patchDevice(await requestDevice(...deviceArgs));
    }
    return adapter;
  };
  const nav = g.navigator ?? {};
  try {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
    if (!g.navigator) Object.defineProperty(g, 'navigator', { value: nav, configurable: true, writable: true });
  } catch (error) {
    return `navigator.gpu could not be installed (${firstLine(error)})`;
  }
  return null;
}

function patchDevice(device: any): any {
  let handler: ((event: unknown) => void) | null = null;
  try {
    Object.defineProperty(device, 'onuncapturederror', {
      configurable: true,
      get: () => handler,
      set: (fn: ((event: unknown) => void) | null) => {
        if (handler && typeof device.removeEventListener === 'function') device.removeEventListener('uncapturederror', handler);
        handler = fn;
        if (fn && typeof device.addEventListener === 'function') device.addEventListener('uncapturederror', fn);
      },
    });
  } catch {
    // A device whose property cannot be redefined keeps its own behaviour.
  }
  return device;
}

/** Whether gpu.js can run `mode` here; a reason string when it cannot. */
export async function probeMode(GPU: any, mode: GpuMode): Promise<string | null> {
  switch (mode) {
    case 'cpu':
      return null;
    case 'webgpu': {
      const missing = await ensureNodeWebGPU();
      if (missing) return missing;
      try {
        return (await GPU.isWebGPUAvailable()) ? null : 'navigator.gpu returned no adapter';
      } catch (error) {
        return `no WebGPU adapter (${firstLine(error)})`;
      }
    }
    case 'webgl2':
      return GPU.isWebGL2Supported ? null : 'WebGL2 is not available (needs a browser with float textures)';
    case 'webgl':
      return GPU.isWebGLSupported ? null : 'WebGL is not available (needs a browser with float textures)';
    case 'headlessgl':
      return GPU.isHeadlessGLSupported ? null : "headless-gl is not available (the optional 'gl' package is not installed or did not load)";
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 400);
}
