// axon-nn/onnx: models to and from ONNX. A subpath of its own, so that apps that do not use ONNX
// do not ship the protobuf runtime (@bufbuild/protobuf) or the ONNX schema.
export { exportOnnx } from './export.js';
export type { ExportOnnxOptions } from './export.js';
export { importOnnx } from './import.js';
export type { ImportOnnxOptions } from './import.js';
