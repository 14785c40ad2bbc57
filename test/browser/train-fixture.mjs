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
    // Masks from the global generator (setRandomSeed): the same in every engine.
    new axon.Dropout(0.25),
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
  result.functional = await trainFunctional(axon, x, y);
  return result;
}

/** A two-input functional model with a seeded Dropout and the merges. */
async function trainFunctional(axon, x, y) {
  const n = 256;
  const left = axon.Input({ shape: [12], name: 'left' });
  const right = axon.Input({ shape: [8], name: 'right' });
  const a = new axon.Dropout(0.4, { seed: 99 }).apply(new axon.Dense(10, { activation: 'relu' }).apply(left));
  const b = new axon.Dense(10, { activation: 'sigmoid' }).apply(right);
  const merged = axon.concatenate([axon.add([a, b]), new axon.Multiply().apply([a, b])]);
  const model = new axon.Model({ inputs: [left, right], outputs: new axon.Dense(4, { activation: 'softmax' }).apply(merged) });
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'sgd' });
  const xl = new Float32Array(n * 12);
  const xr = new Float32Array(n * 8);
  for (let r = 0; r < n; r++) {
    xl.set(x.subarray(r * 20, r * 20 + 12), r * 12);
    xr.set(x.subarray(r * 20 + 12, r * 20 + 20), r * 8);
  }
  const history = await model.fit({ left: axon.tensor(xl, [n, 12]), right: axon.tensor(xr, [n, 8]) }, axon.tensor(y, [n]), { epochs: 2, batchSize: 64, verbose: 0 });
  const weights = model.getWeights().map((w) => Array.from(w.data));
  model.dispose();
  return { loss: history.history.loss, weights };
}
