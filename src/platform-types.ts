// The published .d.ts files must compile for any consumer, whatever its `lib` and `types` (no DOM,
// no @types/node, skipLibCheck off). These aliases are the runtime's own WebAssembly and URL types
// where the consumer's lib declares them, and `never` where it does not (no such value can then
// be passed anyway).

type Global = typeof globalThis;

/** `WebAssembly.Module`. */
export type WasmModule = Global extends { WebAssembly: { Module: abstract new (...args: never[]) => infer T } } ? T : never;

/** `WebAssembly.Memory`. */
export type WasmMemory = Global extends { WebAssembly: { Memory: abstract new (...args: never[]) => infer T } } ? T : never;

/** `URL` (the WHATWG URL of browsers, Node, Deno, Bun and workerd). */
export type UrlLike = Global extends { URL: abstract new (...args: never[]) => infer T } ? T : never;

/** `fetch` where the consumer's lib declares it (DOM, Node ≥ 18 types, workers). */
export type FetchLike = Global extends { fetch: infer F } ? F : never;

/** fetch's second argument (`RequestInit`). */
export type RequestInitLike = FetchLike extends (input: never, init?: infer I) => unknown ? I : never;
