// Deep Learning with Python, ch. 3: Reuters newswires into 46 topics. Multi-hot vectors of the
// 10,000 most frequent words, one-hot topics, a 64→64→46 softmax network, 1,000 newswires held out
// for validation, 20 epochs: validation loss bottoms out around epoch 9 and rises after (the
// overfitting turn). A fresh network trained for that many epochs on all the training newswires
// reaches about 0.78-0.80 test accuracy in the book, against about 0.19 for a random classifier.
//   node examples/reuters.mjs              (after npm run build; reads reuters.npz from the cache,
//                                           ~/.keras/datasets or AXON_DATA_DIR and never downloads:
//                                           `npx axon datasets fetch reuters` gets it)
//   node examples/reuters.mjs --stand-in   a synthetic set of the same form, for a machine without the file
// Options: --newswires N (stand-in size, default 11228), --epochs N (default 20), --final-epochs N
// (default: the epoch of lowest validation loss), --out DIR (default plots/).
import { Dense, Sequential, reuters, setRandomSeed, toCategorical, vectorizeSequences } from '../dist/index.js';
import { plotHistory } from '../dist/plot/index.js';
import { isMain, numberFlag, plotDirectory, runMain, seededRandom, sequenceSplits, writePlot } from './common.mjs';

const WORDS = 10_000;
const TOPICS = 46;

/**
 * Newswires in Reuters' form (word indices from 1, most frequent first, topics 0-45, 80% for
 * training): topic frequencies fall off as Reuters' do (earn, topic 3, and acq, topic 4, are most of
 * them), each newswire mixes common words with words of its topic and of a neighbouring topic, and
 * one topic in ten is wrong, which a 10,000-wide input memorizes, so validation loss turns up again.
 */
export function standIn(newswires = 11_228, seed = 11) {
  const random = seededRandom(seed);
  const order = [3, 4, ...Array.from({ length: TOPICS }, (_, t) => t).filter((t) => t !== 3 && t !== 4)];
  const weights = order.map((_, rank) => 1 / (rank + 1) ** 1.3);
  const total = weights.reduce((a, b) => a + b, 0);
  const drawTopic = () => {
    let u = random() * total;
    for (let rank = 0; rank < TOPICS; rank++) if ((u -= weights[rank]) < 0) return order[rank];
    return order[TOPICS - 1];
  };
  const xs = [];
  const labels = new Int32Array(newswires);
  for (let n = 0; n < newswires; n++) {
    const topic = drawTopic();
    labels[n] = random() < 0.1 ? drawTopic() : topic;
    const words = [1];
    const length = 40 + Math.floor(random() * 160);
    for (let w = 0; w < length; w++) {
      const u = random();
      // Topic t owns 40 words from index 1000 + 40·t; a neighbouring topic lends some of its own.
      if (u < 0.1) words.push(1000 + topic * 40 + Math.floor(random() * 40));
      else if (u < 0.13) words.push(1000 + ((topic + 1) % TOPICS) * 40 + Math.floor(random() * 40));
      else words.push(2 + Math.floor(random() * (WORDS - 2)));
    }
    xs.push(words);
  }
  const split = Math.floor(newswires * 0.8);
  return [[xs.slice(0, split), labels.slice(0, split)], [xs.slice(split), labels.slice(split)]];
}

/** The book's data: multi-hot inputs, one-hot topics, the first 1,000 training newswires (at most 40%) for validation. */
export async function loadData({ useStandIn = false, newswires = 11_228 } = {}) {
  const splits = await sequenceSplits(reuters, { name: 'reuters', file: 'reuters.npz', words: WORDS, useStandIn, standIn: () => standIn(newswires) });
  const source = useStandIn ? `a synthetic stand-in of ${newswires} newswires in Reuters' form` : 'reuters.npz';
  const [[xTrain, yTrain], [xTest, yTest]] = splits;
  const x = vectorizeSequences(xTrain, WORDS);
  const y = toCategorical(Int32Array.from(yTrain), TOPICS);
  const held = Math.min(1000, Math.floor(yTrain.length * 0.4));
  return {
    source,
    x, y,
    xVal: x.slice(0, held), yVal: y.slice(0, held),
    xTrain: x.slice(held), yTrain: y.slice(held),
    xTest: vectorizeSequences(xTest, WORDS), yTest: toCategorical(Int32Array.from(yTest), TOPICS), testLabels: Int32Array.from(yTest),
  };
}

function model() {
  setRandomSeed(42);
  const m = new Sequential([
    new Dense(64, { activation: 'relu', inputShape: [WORDS] }),
    new Dense(64, { activation: 'relu' }),
    new Dense(TOPICS, { activation: 'softmax' }),
  ]);
  m.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}

/** The accuracy of guessing a shuffled copy of the test labels, the book's random baseline. */
export function randomBaseline(labels, seed = 0) {
  const random = seededRandom(seed);
  const shuffled = Int32Array.from(labels);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled.filter((v, i) => v === labels[i]).length / labels.length;
}

/**
 * The book's two runs: `epochs` with validation to find the overfitting turn, then a fresh network
 * trained on all the training newswires for `finalEpochs` (by default, up to the lowest validation loss).
 * A smaller `batchSize` than the book's 512 takes more steps per epoch, for a small stand-in.
 */
export async function run(data, { epochs = 20, finalEpochs, batchSize = 512, verbose = 0 } = {}) {
  const probe = model();
  const history = await probe.fit(data.xTrain, data.yTrain, { epochs, batchSize, validationData: [data.xVal, data.yVal], verbose });
  probe.dispose();
  const valLoss = history.history.val_loss;
  const bestEpoch = valLoss.indexOf(Math.min(...valLoss));
  const final = model();
  const trainedEpochs = finalEpochs ?? bestEpoch + 1;
  await final.fit(data.x, data.y, { epochs: trainedEpochs, batchSize, verbose });
  const { loss, accuracy } = await final.evaluate(data.xTest, data.yTest, { batchSize: 512, returnDict: true });
  final.dispose();
  return { history: history.history, bestEpoch, final: { epochs: trainedEpochs, testLoss: loss, testAccuracy: accuracy }, randomBaseline: randomBaseline(data.testLabels) };
}

/** The book's two figures, training and validation loss and accuracy, as one SVG. */
export function historyPlot(history, source) {
  return plotHistory({ history }, { title: `Reuters, 64→64→46 (${source})` });
}

async function main(args) {
  const data = await loadData({ useStandIn: args.includes('--stand-in'), newswires: numberFlag(args, '--newswires', 11_228) });
  console.log(`data: ${data.source}; ${data.xTrain.shape[0]} training, ${data.xVal.shape[0]} validation, ${data.xTest.shape[0]} test newswires`);
  const finalEpochs = args.includes('--final-epochs') ? numberFlag(args, '--final-epochs', 9) : undefined;
  const result = await run(data, { epochs: numberFlag(args, '--epochs', 20), finalEpochs });
  console.log('epoch  loss    val_loss  accuracy  val_accuracy');
  const h = result.history;
  h.loss.forEach((loss, e) => {
    console.log(`${String(e + 1).padStart(5)}  ${loss.toFixed(4)}  ${h.val_loss[e].toFixed(4)}    ${h.accuracy[e].toFixed(4)}    ${h.val_accuracy[e].toFixed(4)}`);
  });
  console.log(`lowest validation loss after epoch ${result.bestEpoch + 1} (the book: about 9); later epochs overfit`);
  console.log(`a fresh network trained ${result.final.epochs} epochs: test accuracy ${result.final.testAccuracy.toFixed(4)}, loss ${result.final.testLoss.toFixed(4)} (the book: about 0.78-0.80)`);
  console.log(`random baseline: ${result.randomBaseline.toFixed(4)} (the book: about 0.19)`);
  await writePlot(historyPlot(result.history, data.source), plotDirectory(args), 'reuters-history.svg');
}

if (isMain(import.meta.url)) await runMain(main);
