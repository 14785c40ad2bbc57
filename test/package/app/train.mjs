// One small training run, written once and run by every consumer of the packed package (Node ESM
// and CommonJS, Deno, Bun, workerd, esbuild and vite bundles in Chromium); the results must agree
// bit for bit. `axon` is the package as that runtime imported it, `onnx` its axon-nn/onnx subpath;
// `source` is what its ready() needs.
export async function train(axon, onnx, source) {
  await axon.ready(source);
  // A Worker calls ready() on every request: a second call, with any source, must resolve.
  await axon.ready(source);
  axon.setRandomSeed(7);
  const rows = 48, cols = 6, classes = 3;
  const x = axon.tensor(Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 0.37)), [rows, cols]);
  const y = axon.tensor(Int32Array.from({ length: rows }, (_, i) => (i * 5) % classes), [rows]);
  const model = new axon.Sequential([
    new axon.Dense(8, { inputShape: [cols], activation: 'relu' }),
    new axon.Dense(classes, { activation: 'softmax' }),
  ]);
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
  const predictions = await model.predict(x.slice(0, 4));
  let errorName = null;
  try {
    axon.tensor([[1], [1, 2]]);
  } catch (error) {
    errorName = error.name;
  }
  // The trained model out to ONNX and back (the protobuf runtime of axon-nn/onnx at work).
  const copy = await onnx.importOnnx(await onnx.exportOnnx(model));
  const onnxPredictions = await copy.predict(x.slice(0, 4));
  copy.dispose();
  model.dispose();
  return { loss: history.history.loss, predictions: Array.from(predictions.data), onnxPredictions: Array.from(onnxPredictions.data), errorName };
}
