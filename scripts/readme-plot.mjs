// Makes docs/history.svg, the README's picture of plotHistory, from a real run: the seed notebook's
// 784→100→10 MLP (Adam) on Fashion-MNIST's 48,000/12,000 split, ten epochs.
//   npm run build --silent && node scripts/readme-plot.mjs
import { loadSplits, trainModel } from '../examples/fashion-mnist.mjs';
import { savePlot, plotHistory } from '../dist/plot/index.js';

const data = await loadSplits();
const { history } = await trainModel('mlp', data, { verbose: 0, epochs: 10 });
const path = new URL('../docs/history.svg', import.meta.url).pathname;
await savePlot(plotHistory({ history }, { title: 'Fashion-MNIST, 784→100→10 MLP, Adam' }), path);
console.log(`wrote ${path}: val_accuracy ${history.val_accuracy.map((v) => v.toFixed(3)).join(' ')}`);
