// CommonJS: require() of the package (Node 20.19+ and Bun load its ES modules synchronously).
const axon = require('axon-nn');
const onnx = require('axon-nn/onnx');

import('./train.mjs').then(async ({ train }) => console.log(JSON.stringify(await train(axon, onnx))));
