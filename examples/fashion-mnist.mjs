// The seed notebook ("혼자 공부하는 머신러닝+딥러닝" ch. 7 / Hands-On ML ch. 10) as a script: load
// Fashion-MNIST, scale, split 48,000/12,000, train a softmax regression and a 100-unit MLP for five
// epochs each and report validation accuracy and seconds per epoch.
//   node examples/fashion-mnist.mjs [linear|mlp|both] [--backend wasm|gpu] [--out DIR]   (npm run train builds first)
// Writes each model's loss and accuracy curves and its predictions for the first 15 validation
// images to DIR (default plots/).
// The same module runs in a browser page (examples/fashion-mnist-browser.mjs drives Chromium).
import { Dense, Sequential, fashionMnist, getBackendInfo, setBackend, setRandomSeed, trainTestSplit } from '../dist/index.js';

const SAMPLES = 15;

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

/** The 60,000 training images as rows of 784 values in [0, 1], and their labels. `options` go to fashionMnist.loadData (a browser page passes `baseUrl`). */
export async function loadScaled(options = {}) {
  const [[trainInput, trainTarget]] = await fashionMnist.loadData(options);
  return { x: trainInput.div(255).reshape(-1, 784), y: trainTarget };
}

/** The book's 48,000 / 12,000 split of loadScaled's images. */
export async function loadSplits(options = {}) {
  const { x, y } = await loadScaled(options);
  const [xTrain, xVal, yTrain, yVal] = trainTestSplit(x, y, { testSize: 0.2, randomState: 42 });
  return { xTrain, xVal, yTrain, yVal };
}

/** The first `trainRows` training and `valRows` validation rows, for a quick run (a test, a slow machine). */
export function sliceSplits(data, trainRows, valRows = Math.ceil(trainRows / 4)) {
  return {
    xTrain: data.xTrain.slice(0, trainRows), yTrain: data.yTrain.slice(0, trainRows),
    xVal: data.xVal.slice(0, valRows), yVal: data.yVal.slice(0, valRows),
  };
}

/** `optimizer` (a name or an Optimizer) replaces the model's own, for comparing optimizers. */
export async function trainModel(name, data, { verbose = 1, seed = 42, epochs = 5, optimizer } = {}) {
  const spec = MODELS[name];
  setRandomSeed(seed);
  const model = spec.build();
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: optimizer ?? spec.optimizer, metrics: ['accuracy'] });
  const started = performance.now();
  const history = await model.fit(data.xTrain, data.yTrain, { epochs, validationData: [data.xVal, data.yVal], verbose });
  const secondsPerEpoch = (performance.now() - started) / 1000 / epochs;
  const [valLoss, valAccuracy] = await model.evaluate(data.xVal, data.yVal);
  // The first validation images' predicted classes, for the image grid the book draws.
  const samplePredictions = Array.from((await model.predict(data.xVal.slice(0, SAMPLES))).argMax().data);
  model.dispose();
  return { name, history: history.history, valLoss, valAccuracy, secondsPerEpoch, samplePredictions };
}

/** The models named by `which` ('linear', 'mlp' or 'both'). */
export function modelNames(which = 'both') {
  const names = which === 'both' ? ['linear', 'mlp'] : [which];
  if (!names.every((n) => n in MODELS)) throw new Error(`model: expected linear, mlp or both, received "${which}"`);
  return names;
}

/** Node only (a page imports this module too): the curves and the sample predictions as SVG files. */
async function writePlots(result, data, dir) {
  const { plotHistory, imageGrid } = await import('../dist/plot/index.js');
  const { writePlot } = await import('./common.mjs');
  await writePlot(plotHistory({ history: result.history }, { title: MODELS[result.name].title }), dir, `fashion-${result.name}-history.svg`);
  const grid = imageGrid(data.xVal.slice(0, SAMPLES), {
    labels: data.yVal.slice(0, SAMPLES), predictions: result.samplePredictions, classNames: fashionMnist.classNames, cols: 5, imageShape: [28, 28],
  });
  await writePlot(grid, dir, `fashion-${result.name}-samples.svg`);
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] ?? '' : fallback;
  };
  const backend = flag('--backend', 'wasm');
  const out = flag('--out', 'plots');
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
    await writePlots(r, data, out);
  }
}

if (globalThis.process?.argv?.[1] && import.meta.url === new URL(process.argv[1], 'file:').href) {
  // A user's mistake (a bad argument, no GPU) reads better as one line than as a stack trace.
  await main().catch((error) => {
    console.error(`${error.name ?? 'Error'}: ${error.message ?? error}`);
    process.exitCode = 1;
  });
}
