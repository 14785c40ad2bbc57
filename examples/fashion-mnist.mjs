// The seed notebook ("혼자 공부하는 머신러닝+딥러닝" ch. 7 / Hands-On ML ch. 10) as a script: load
// Fashion-MNIST, scale, split 48,000/12,000, train a softmax regression and a 100-unit MLP for five
// epochs each and report validation accuracy and seconds per epoch.
//   node examples/fashion-mnist.mjs [linear|mlp|both] [--backend wasm|gpu]   (npm run train builds first)
// The same module runs in a browser page (examples/fashion-mnist-browser.mjs drives Chromium).
import { Dense, Sequential, fashionMnist, getBackendInfo, setBackend, setRandomSeed, trainTestSplit } from '../dist/index.js';

export const MODELS = {
  linear: {
    title: '784→10 softmax, RMSprop (the default optimizer)',
    build: () => new Sequential([new Dense(10, { activation: 'softmax', inputShape: [784] })]),
    optimizer: 'rmsprop',
  },
  mlp: {
    title: '784→100 relu→10 softmax, Adam',
    build: () => new Sequential([new Dense(100, { activation: 'relu', inputShape: [784] }), new Dense(10, { activation: 'softmax' })]),
    optimizer: 'adam',
  },
};

/** `options` go to fashionMnist.loadData (a browser page passes `baseUrl`). */
export async function loadSplits(options = {}) {
  const [[trainInput, trainTarget]] = await fashionMnist.loadData(options);
  const trainScaled = trainInput.div(255).reshape(-1, 784);
  const [xTrain, xVal, yTrain, yVal] = trainTestSplit(trainScaled, trainTarget, { testSize: 0.2, randomState: 42 });
  return { xTrain, xVal, yTrain, yVal };
}

export async function trainModel(name, data, { verbose = 1, seed = 42, epochs = 5 } = {}) {
  const spec = MODELS[name];
  setRandomSeed(seed);
  const model = spec.build();
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: spec.optimizer, metrics: ['accuracy'] });
  const started = performance.now();
  const history = await model.fit(data.xTrain, data.yTrain, { epochs, validationData: [data.xVal, data.yVal], verbose });
  const secondsPerEpoch = (performance.now() - started) / 1000 / epochs;
  const [valLoss, valAccuracy] = await model.evaluate(data.xVal, data.yVal);
  model.dispose();
  return { name, history: history.history, valLoss, valAccuracy, secondsPerEpoch };
}

/** The models named by `which` ('linear', 'mlp' or 'both'). */
export function modelNames(which = 'both') {
  const names = which === 'both' ? ['linear', 'mlp'] : [which];
  if (!names.every((n) => n in MODELS)) throw new Error(`model: expected linear, mlp or both, received "${which}"`);
  return names;
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--backend');
  const backend = at >= 0 ? args.splice(at, 2)[1] ?? '' : 'wasm';
  const names = modelNames(args[0]);
  // 'gpu' picks the first gpu.js mode this machine has (WebGPU in Node needs the optional `webgpu`
  // package and glibc >= 2.38) and throws if there is none: no silent fallback.
  await setBackend(backend);
  const data = await loadSplits();
  const info = getBackendInfo();
  console.log(`Fashion-MNIST: ${data.xTrain.shape[0]} training and ${data.xVal.shape[0]} validation images; backend ${info.name}${info.mode ? ` (${info.mode})` : ''}`);
  for (const name of names) {
    console.log(`\n${MODELS[name].title}`);
    const r = await trainModel(name, data);
    console.log(`validation accuracy: ${r.valAccuracy.toFixed(4)} (loss ${r.valLoss.toFixed(4)}), ${r.secondsPerEpoch.toFixed(2)} s per epoch (validation included)`);
  }
}

if (globalThis.process?.argv?.[1] && import.meta.url === new URL(process.argv[1], 'file:').href) {
  // A user's mistake (a bad argument, no GPU) reads better as one line than as a stack trace.
  await main().catch((error) => {
    console.error(`${error.name ?? 'Error'}: ${error.message ?? error}`);
    process.exitCode = 1;
  });
}
