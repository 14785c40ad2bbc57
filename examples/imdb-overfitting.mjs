// Deep Learning with Python, ch. 3: IMDB reviews as multi-hot vectors of the 10,000 most frequent
// words, a 16→16→1 network trained for 20 epochs with 10,000 reviews held out. Validation loss
// bottoms out after a few epochs and then rises: overfitting. A second run stops with
// EarlyStopping({ patience: 2, restoreBestWeights: true }) and keeps the weights of the best epoch.
//   node examples/imdb-overfitting.mjs              (after npm run build; reads imdb.npz from the cache,
//                                                    ~/.keras/datasets, or AXON_DATA_DIR; never downloads)
//   node examples/imdb-overfitting.mjs --stand-in   a synthetic set of the same form, for a machine without the file
// Options: --reviews N (stand-in size, default 25000), --epochs N (default 20), --out DIR (where the
// loss and accuracy curves go, default plots/).
import { Dense, EarlyStopping, Sequential, imdb, setRandomSeed, tensor, vectorizeSequences } from '../dist/index.js';
import { plotHistory } from '../dist/plot/index.js';
import { isMain, numberFlag, plotDirectory, runMain, seededRandom, sequenceSplits, writePlot } from './common.mjs';

const WORDS = 10_000;

/**
 * Reviews in IMDB's form (word indices from 1, most frequent first, labels 0/1): each review draws
 * common words uniformly and a few "sentiment" words from one of two word sets, so the label can be
 * learnt; one label in five is flipped, which a 10,000-wide input memorizes, so validation loss
 * turns up again as it does on the real reviews.
 */
export function standIn(reviews, seed = 7) {
  const random = seededRandom(seed);
  const make = (n) => {
    const xs = [];
    const labels = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const label = random() < 0.5 ? 0 : 1;
      labels[r] = random() < 0.2 ? 1 - label : label;
      const words = [];
      const length = 80 + Math.floor(random() * 120);
      for (let w = 0; w < length; w++) {
        // One word in ten carries sentiment, and one in four of those is misleading.
        if (random() < 0.1) {
          const side = random() < 0.75 ? label : 1 - label;
          words.push(2000 + side * 500 + Math.floor(random() * 500));
        } else {
          words.push(1 + Math.floor(random() * (WORDS - 1)));
        }
      }
      xs.push(words);
    }
    return [xs, labels];
  };
  const [xTrain, yTrain] = make(reviews);
  const [xTest, yTest] = make(Math.max(1000, Math.floor(reviews / 5)));
  return [[xTrain, yTrain], [xTest, yTest]];
}

/** The book's data: multi-hot inputs, float labels, the first 10,000 (or 40%) training reviews for validation. */
export async function loadData({ useStandIn = false, reviews = 25_000 } = {}) {
  const splits = await sequenceSplits(imdb, { name: 'imdb', file: 'imdb.npz', words: WORDS, useStandIn, standIn: () => standIn(reviews) });
  const source = useStandIn ? `a synthetic stand-in of ${reviews} reviews in IMDB's form` : 'imdb.npz';
  const [[xTrain, yTrain], [xTest, yTest]] = splits;
  const x = vectorizeSequences(xTrain, WORDS);
  const y = tensor(Float32Array.from(yTrain), [yTrain.length, 1]);
  const held = Math.min(10_000, Math.floor(yTrain.length * 0.4));
  return {
    source,
    xVal: x.slice(0, held), yVal: y.slice(0, held),
    xTrain: x.slice(held), yTrain: y.slice(held),
    xTest: vectorizeSequences(xTest, WORDS), yTest: tensor(Float32Array.from(yTest), [yTest.length, 1]),
  };
}

function model() {
  setRandomSeed(42);
  const m = new Sequential([
    new Dense(16, { activation: 'relu', inputShape: [WORDS] }),
    new Dense(16, { activation: 'relu' }),
    new Dense(1, { activation: 'sigmoid' }),
  ]);
  m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
}

/** Trains the book's model twice: all epochs, then with EarlyStopping; returns both histories. */
export async function run(data, { epochs = 20, verbose = 0 } = {}) {
  const fit = (m, callbacks) => m.fit(data.xTrain, data.yTrain, { epochs, batchSize: 512, validationData: [data.xVal, data.yVal], verbose, callbacks });
  const full = model();
  const history = await fit(full, []);
  const valLoss = history.history.val_loss;
  const bestEpoch = valLoss.indexOf(Math.min(...valLoss));
  full.dispose();
  const stopped = model();
  const early = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
  const earlyHistory = await fit(stopped, [early]);
  const { loss, accuracy } = await stopped.evaluate(data.xTest, data.yTest, { batchSize: 512, returnDict: true });
  stopped.dispose();
  return { history: history.history, bestEpoch, early: { epochsRun: earlyHistory.epoch.length, restoredEpoch: early.bestEpoch, testLoss: loss, testAccuracy: accuracy } };
}

/** The book's two figures, training and validation loss and accuracy, as one SVG. */
export function historyPlot(history, source) {
  return plotHistory({ history }, { title: `IMDB, 16→16→1 (${source})` });
}

async function main(args) {
  const data = await loadData({ useStandIn: args.includes('--stand-in'), reviews: numberFlag(args, '--reviews', 25_000) });
  console.log(`data: ${data.source}; ${data.xTrain.shape[0]} training, ${data.xVal.shape[0]} validation, ${data.xTest.shape[0]} test reviews`);
  const result = await run(data, { epochs: numberFlag(args, '--epochs', 20) });
  console.log('epoch  loss    val_loss  accuracy  val_accuracy');
  result.history.loss.forEach((loss, e) => {
    const h = result.history;
    console.log(`${String(e + 1).padStart(5)}  ${loss.toFixed(4)}  ${h.val_loss[e].toFixed(4)}    ${h.accuracy[e].toFixed(4)}    ${h.val_accuracy[e].toFixed(4)}`);
  });
  console.log(`lowest validation loss after epoch ${result.bestEpoch + 1}; later epochs overfit`);
  console.log(`EarlyStopping(patience 2) ran ${result.early.epochsRun} epochs and restored the weights of epoch ${result.early.restoredEpoch + 1}: test accuracy ${result.early.testAccuracy.toFixed(4)}, loss ${result.early.testLoss.toFixed(4)}`);
  await writePlot(historyPlot(result.history, data.source), plotDirectory(args), 'imdb-history.svg');
}

if (isMain(import.meta.url)) await runMain(main);
