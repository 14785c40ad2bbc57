import * as axon from 'axon-nn';
import * as onnx from 'axon-nn/onnx';
import { train } from './train.mjs';

console.log(JSON.stringify(await train(axon, onnx)));
