// Hands-On Machine Learning, ch. 10: the Perceptron on iris. First the book's binary problem (petal
// length and width, "is it Iris setosa?", Perceptron(random_state=42), then a prediction for a
// 2 cm × 0.5 cm petal: the book gets True), then all three species from all four measurements
// (one-vs-rest, as scikit-learn fits a multiclass Perceptron). Iris ships with the package.
//   node examples/perceptron-iris.mjs   (after npm run build)
import { Perceptron, iris, tensor } from '../dist/index.js';
import { isMain, runMain } from './common.mjs';

/** Columns `columns` of the iris measurements as a [150, columns.length] tensor. */
function columnsOf(data, columns) {
  const rows = data.shape[0];
  const width = data.shape[1];
  const out = new Float32Array(rows * columns.length);
  for (let r = 0; r < rows; r++) columns.forEach((c, j) => (out[r * columns.length + j] = data.data[r * width + c]));
  return tensor(out, [rows, columns.length]);
}

export async function run() {
  const { data, target, targetNames } = await iris.loadData();
  const petals = columnsOf(data, [2, 3]);
  const isSetosa = tensor(Int32Array.from(target.data, (c) => (c === 0 ? 1 : 0)), [target.shape[0]]);
  const binary = await new Perceptron({ randomState: 42 }).fit(petals, isSetosa);
  const every = await new Perceptron({ randomState: 42 }).fit(data, target);
  return {
    targetNames,
    setosa: {
      predictions: Array.from(binary.predict(petals).data),
      accuracy: binary.score(petals, isSetosa),
      at2x05: binary.predict([[2, 0.5]]).data[0],
      coef: Array.from(binary.coefF64),
      intercept: Array.from(binary.intercept),
    },
    all: { predictions: Array.from(every.predict(data).data), accuracy: every.score(data, target), nIter: every.nIter },
  };
}

async function main() {
  const r = await run();
  console.log('Perceptron(randomState 42), petal length and width, setosa or not');
  console.log(`  weights ${r.setosa.coef.map((w) => w.toFixed(1)).join(', ')}, bias ${r.setosa.intercept[0].toFixed(1)}; training accuracy ${r.setosa.accuracy.toFixed(4)}`);
  console.log(`  a 2 cm × 0.5 cm petal: ${r.setosa.at2x05 === 1 ? 'setosa' : 'not setosa'} (the book: array([ True]))`);
  console.log(`Perceptron(randomState 42), all four measurements, ${r.targetNames.join(' / ')}`);
  console.log(`  training accuracy ${r.all.accuracy.toFixed(4)} after ${r.all.nIter} epochs`);
}

if (isMain(import.meta.url)) await runMain(main);
