// Hands-On Machine Learning, ch. 10: regression with the Sequential API on California housing. The
// eight features standardised, one hidden layer of 30 relu units, one linear output, mean squared
// error, SGD with learning rate 1e-3, 20 epochs; the book's test MSE is about 0.4 (in ($100k)²).
//   node examples/california-housing.mjs             (after npm run build; reads cal_housing.tgz from
//                                                     the cache or AXON_DATA_DIR, never downloads:
//                                                     `npx axon datasets fetch california-housing` gets it)
//   node examples/california-housing.mjs --stand-in  the synthetic 8-feature set of examples/wide-deep.mjs
// Options: --epochs N (default 20), --out DIR (default plots/).
import { Dense, SGD, Sequential, setRandomSeed } from '../dist/index.js';
import { plotHistory } from '../dist/plot/index.js';
import { isMain, numberFlag, plotDirectory, runMain, writePlot } from './common.mjs';
import { loadScaled } from './wide-deep.mjs';

export { loadScaled as loadData };

export function buildModel() {
  return new Sequential([new Dense(30, { activation: 'relu', inputShape: [8] }), new Dense(1)]);
}

export async function run(data, { epochs = 20, verbose = 0, seed = 42 } = {}) {
  setRandomSeed(seed);
  const model = buildModel();
  model.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 1e-3 }) });
  const history = await model.fit(data.xTrain, data.yTrain, { epochs, validationData: [data.xVal, data.yVal], verbose });
  const testMse = await model.evaluate(data.xTest, data.yTest);
  // The book predicts the first three test districts to show the output.
  const predictions = Array.from((await model.predict(data.xTest.slice(0, 3))).data);
  const targets = Array.from(data.yTest.slice(0, 3).data);
  model.dispose();
  return { history: history.history, testMse, predictions, targets };
}

async function main(args) {
  const data = await loadScaled({ useStandIn: args.includes('--stand-in') });
  console.log(`data: ${data.source}; ${data.xTrain.shape[0]} training, ${data.xVal.shape[0]} validation, ${data.xTest.shape[0]} test rows`);
  const r = await run(data, { epochs: numberFlag(args, '--epochs', 20), verbose: 1 });
  console.log(`test MSE ${r.testMse.toFixed(4)} (the book, on the real data: about 0.4)`);
  console.log(`first three test districts: predicted ${r.predictions.map((v) => v.toFixed(2)).join(', ')}; actual ${r.targets.map((v) => v.toFixed(2)).join(', ')}`);
  await writePlot(plotHistory({ history: r.history }, { title: `California housing, Dense(30)→Dense(1) (${data.source})` }), plotDirectory(args), 'california-history.svg');
}

if (isMain(import.meta.url)) await runMain(main);
