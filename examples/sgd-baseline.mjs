// 혼자 공부하는 머신러닝+딥러닝 ch. 7-1's baseline before the first neural network: logistic
// regression trained by SGDClassifier(loss='log_loss', max_iter=5, random_state=42) on the 60,000
// Fashion-MNIST training images scaled to [0, 1], scored by 5-fold cross-validation (the book prints a
// mean validation accuracy of 0.8196). Then the same classifier fitted on the 48,000-image split and a
// confusion matrix of its predictions for the 12,000 held out.
//   node examples/sgd-baseline.mjs   (after npm run build)
// Options: --max-iter N (default 5; 20 gives 0.8437, as scikit-learn 1.2.1 does on the same folds), --rows N (use the first N images only),
// --out DIR (default plots/).
import { SGDClassifier, crossValidate, fashionMnist, trainTestSplit } from '../dist/index.js';
import { confusionMatrix } from '../dist/plot/index.js';
import { isMain, numberFlag, plotDirectory, runMain, writePlot } from './common.mjs';
import { loadScaled } from './fashion-mnist.mjs';

export const BOOK_MEAN_ACCURACY = 0.8196;

export function classifier(maxIter = 5) {
  return new SGDClassifier({ loss: 'log_loss', maxIter, randomState: 42 });
}

/** 5-fold cross-validation (stratified, as scikit-learn's cross_validate does for a classifier). */
export async function crossValidation(data, { maxIter = 5 } = {}) {
  const scores = await crossValidate(classifier(maxIter), data.x, data.y, { cv: 5 });
  const mean = scores.testScore.reduce((a, b) => a + b, 0) / scores.testScore.length;
  return { testScore: scores.testScore, mean, fitSeconds: scores.fitTime.reduce((a, b) => a + b, 0) };
}

/** Fits on 80% of the rows, predicts the other 20%: their labels, the predictions and the accuracy. */
export async function heldOut(data, { maxIter = 5 } = {}) {
  const [xTrain, xVal, yTrain, yVal] = trainTestSplit(data.x, data.y, { testSize: 0.2, randomState: 42 });
  const model = await classifier(maxIter).fit(xTrain, yTrain);
  const predicted = model.predict(xVal);
  return { yVal, predicted, accuracy: model.score(xVal, yVal) };
}

export function confusionPlot({ yVal, predicted, accuracy }) {
  return confusionMatrix(yVal, predicted, {
    classNames: fashionMnist.classNames, normalize: 'true',
    title: `SGDClassifier(log_loss) on Fashion-MNIST, held-out accuracy ${accuracy.toFixed(4)}`,
  });
}

async function main(args) {
  const maxIter = numberFlag(args, '--max-iter', 5);
  const rows = numberFlag(args, '--rows', 0);
  const all = await loadScaled();
  const data = rows > 0 ? { x: all.x.slice(0, rows), y: all.y.slice(0, rows) } : all;
  console.log(`SGDClassifier(loss='log_loss', maxIter=${maxIter}, randomState=42), 5-fold cross-validation on ${data.x.shape[0]} images`);
  const cv = await crossValidation(data, { maxIter });
  console.log(`fold accuracies: ${cv.testScore.map((s) => s.toFixed(4)).join(' ')}`);
  console.log(`mean validation accuracy: ${cv.mean.toFixed(4)} (the book, max_iter=5: ${BOOK_MEAN_ACCURACY}); ${cv.fitSeconds.toFixed(1)} s fitting`);
  const held = await heldOut(data, { maxIter });
  console.log(`held-out accuracy (80/20 split): ${held.accuracy.toFixed(4)}`);
  await writePlot(confusionPlot(held), plotDirectory(args), 'sgd-confusion.svg');
}

if (isMain(import.meta.url)) await runMain(main);
