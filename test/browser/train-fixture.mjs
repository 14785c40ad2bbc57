// One training run written once and executed both in Node and in Chromium, against the built
// package, so the two results can be compared bit for bit.
export async function train(axon) {
  axon.setRandomSeed(2024);
  const random = new axon.Random(7);
  const n = 256, d = 20, classes = 4;
  const x = new Float32Array(n * d).map(() => random.uniform() * 2 - 1);
  const y = Int32Array.from({ length: n }, () => random.integer(classes));
  const model = new axon.Sequential([
    new axon.Dense(32, { activation: 'relu', inputShape: [d], kernelInitializer: 'he_normal' }),
    new axon.Dense(16, { activation: 'tanh' }),
    new axon.Dense(classes, { activation: 'softmax' }),
  ]);
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  const history = await model.fit(axon.tensor(x, [n, d]), axon.tensor(y, [n]), { epochs: 3, batchSize: 32, verbose: 0 });
  const proba = await model.predict(axon.tensor(x.slice(0, 3 * d), [3, d]));
  const result = {
    loss: history.history.loss,
    accuracy: history.history.accuracy,
    weights: model.getWeights().map((w) => Array.from(w.data)),
    proba: Array.from(proba.data),
  };
  model.dispose();
  return result;
}
