// The exported surface of the Wasm core; the kernels live in the files named after what they compute.
export { alloc, free, memoryBytes } from './memory';
export { gemm, columnSums, scratchIntact } from './gemm';
export { applyActivation, activationBackward } from './activations';
// Every export of losses.ts is a loss kernel that src/backends/losses.ts registers by name.
export * from './losses';
export { sparseCategoricalAccuracy, categoricalAccuracy, binaryAccuracy } from './metrics';
// Every `<rule>Update` export is an optimizer kernel (w, g, slots..., n, scalars...); the backends find them by name.
export * from './optimizers';
export { sgdFit, linearDecision } from './linear-models';
export { elementwise, copyBlock, maximumGrad, l1l2Penalty } from './elementwise';
export { channelMoments, batchNormForward, batchNormBackward } from './normalization';
