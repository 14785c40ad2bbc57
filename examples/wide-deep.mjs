// Hands-On Machine Learning, ch. 10: the "wide & deep" functional model on California housing.
// Five features go straight to the output (the wide path), six go through two hidden layers (the
// deep path), and an auxiliary output on the deep path regularises it (loss weights 0.9 / 0.1).
//   node examples/wide-deep.mjs             (after npm run build; reads cal_housing.tgz from the cache
//                                            or AXON_DATA_DIR; never downloads)
//   node examples/wide-deep.mjs --stand-in  a synthetic 8-feature regression set, for a machine without the file
// Options: --epochs N (default 20).
import { Dense, Input, Model, SGD, StandardScaler, californiaHousing, concatenate, setRandomSeed, tensor, trainTestSplit } from '../dist/index.js';
import { seededRandom } from './common.mjs';

/** n rows of 8 features with a smooth nonlinear target (like the housing set's median value, in $100k). */
export function standIn(n = 5000, seed = 3) {
  const random = seededRandom(seed);
  const x = new Float32Array(n * 8);
  const y = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const f = Array.from({ length: 8 }, () => random() * 2 - 1);
    x.set(f, r * 8);
    y[r] = 2 + f[0] + 0.5 * f[1] * f[2] + Math.sin(3 * f[3]) - 0.3 * f[4] ** 2 + 0.2 * f[5] + 0.1 * (random() - 0.5);
  }
  return { data: tensor(x, [n, 8]), target: tensor(y, [n]) };
}

/**
 * The book's splits (test 25%, then validation 25% of the rest, both with random_state 42), the
 * features standardised on the training rows and the targets as [n, 1] columns. California
 * housing when cal_housing.tgz is on this machine, the synthetic stand-in otherwise.
 */
export async function loadScaled({ useStandIn = false } = {}) {
  let set = null;
  let source = 'cal_housing.tgz';
  if (!useStandIn) {
    try {
      set = await californiaHousing.loadData({ download: false });
    } catch (error) {
      console.warn(`California housing is not on this machine (${error.message}); using the synthetic stand-in. Fetch it with \`npx axon datasets fetch california-housing\` or put cal_housing.tgz in AXON_DATA_DIR.`);
    }
  }
  if (set === null) {
    set = standIn();
    source = 'a synthetic 8-feature stand-in';
  }
  const [xTrainFull, xTest, yTrainFull, yTest] = trainTestSplit(set.data, set.target, { randomState: 42, testSize: 0.25 });
  const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xTrainFull, yTrainFull, { randomState: 42, testSize: 0.25 });
  const scaler = new StandardScaler();
  const column = (y) => tensor(Float32Array.from(y.data), [y.shape[0], 1]);
  return {
    source,
    xTrain: scaler.fitTransform(xTrain), xVal: scaler.transform(xVal), xTest: scaler.transform(xTest),
    yTrain: column(yTrain), yVal: column(yVal), yTest: column(yTest),
  };
}

export async function loadData({ useStandIn = false } = {}) {
  const d = await loadScaled({ useStandIn });
  // The wide path reads features 0..4, the deep path 2..7, as in the book.
  const split = (x) => {
    const rows = x.shape[0];
    const wide = new Float32Array(rows * 5);
    const deep = new Float32Array(rows * 6);
    for (let r = 0; r < rows; r++) {
      wide.set(x.data.subarray(r * 8, r * 8 + 5), r * 5);
      deep.set(x.data.subarray(r * 8 + 2, r * 8 + 8), r * 6);
    }
    return [tensor(wide, [rows, 5]), tensor(deep, [rows, 6])];
  };
  return {
    source: d.source,
    train: [split(d.xTrain), d.yTrain],
    val: [split(d.xVal), d.yVal],
    test: [split(d.xTest), d.yTest],
  };
}

export function buildModel() {
  const inputWide = Input({ shape: [5], name: 'wide_input' });
  const inputDeep = Input({ shape: [6], name: 'deep_input' });
  const hidden1 = new Dense(30, { activation: 'relu' }).apply(inputDeep);
  const hidden2 = new Dense(30, { activation: 'relu' }).apply(hidden1);
  const concat = concatenate([inputWide, hidden2]);
  const output = new Dense(1, { name: 'main_output' }).apply(concat);
  const auxOutput = new Dense(1, { name: 'aux_output' }).apply(hidden2);
  return new Model({ inputs: [inputWide, inputDeep], outputs: [output, auxOutput] });
}

export async function run(data, { epochs = 20, verbose = 0 } = {}) {
  setRandomSeed(42);
  const model = buildModel();
  model.compile({ loss: ['mse', 'mse'], lossWeights: [0.9, 0.1], optimizer: new SGD({ learningRate: 1e-3 }) });
  const [xTrain, yTrain] = data.train;
  const [xVal, yVal] = data.val;
  const history = await model.fit(xTrain, [yTrain, yTrain], { epochs, validationData: [xVal, [yVal, yVal]], verbose });
  const test = await model.evaluate(data.test[0], [data.test[1], data.test[1]], { returnDict: true });
  return { model, history: history.history, test };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const epochs = args.includes('--epochs') ? Number(args[args.indexOf('--epochs') + 1]) : 20;
  const data = await loadData({ useStandIn: args.includes('--stand-in') });
  const { model, history, test } = await run(data, { epochs, verbose: 1 });
  model.summary();
  console.log(`loss ${history.loss[0].toFixed(4)} → ${history.loss.at(-1).toFixed(4)}; test: ${JSON.stringify(test)}`);
  model.dispose();
}
