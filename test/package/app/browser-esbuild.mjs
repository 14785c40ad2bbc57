// The browser app of the esbuild check: esbuild has no asset handling for new URL(..., import.meta.url),
// so the module comes in as bytes (--loader:.wasm=binary), as the README says.
import * as axon from 'axon-nn';
import * as onnx from 'axon-nn/onnx';
import wasm from 'axon-nn/axon.wasm';
import { train } from './train.mjs';

globalThis.axonResult = train(axon, onnx, wasm).catch((error) => ({ error: `${error.name}: ${error.message}` }));
