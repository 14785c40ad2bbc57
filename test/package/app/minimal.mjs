// The smallest training app, for bundle sizes: named imports only, so the bundler can leave out
// what it does not use (the GPU backend, the data loaders, the estimators).
import { Dense, Sequential, ready, tensor } from 'axon-nn';

export async function run(source) {
  await ready(source);
  const model = new Sequential([new Dense(4, { inputShape: [3], activation: 'relu' }), new Dense(1)]);
  model.compile({ loss: 'mse', optimizer: 'sgd' });
  const x = tensor(new Float32Array(12), [4, 3]);
  await model.fit(x, tensor(new Float32Array(4), [4, 1]), { verbose: 0 });
  return (await model.predict(x)).data;
}
