// The browser app of the vite checks: no source for ready(), the bundler finds the .wasm itself.
import * as axon from 'axon-nn';
import * as onnx from 'axon-nn/onnx';
import { train } from './train.mjs';

globalThis.axonResult = train(axon, onnx).catch((error) => ({ error: `${error.name}: ${error.message}` }));
