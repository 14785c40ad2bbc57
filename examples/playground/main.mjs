// The playground page: plain DOM around axon-nn's public API. Data comes from the dev server
// (examples/playground/server.mjs): the Fashion-MNIST files at /datasets/fashion-mnist/, gpu.js'
// browser build at /vendor/gpu-browser.min.js; iris ships inside the package.
import {
  Callback, Dense, Dropout, Sequential, StandardScaler, fashionMnist, getBackendInfo, getOptimizer, getThreadInfo,
  iris, loadBackend, ready, setBackend, setRandomSeed, setThreads, trainTestSplit,
} from 'axon-nn';
import { imageGrid, liveHistory } from 'axon-nn/plot';

const DATA_URL = '/datasets/fashion-mnist/';
const GPU_SCRIPT = '/vendor/gpu-browser.min.js';
// A subset, so that an epoch on the Wasm core takes seconds: the first images of each file.
const FASHION_TRAIN = 12_000;
const FASHION_VALIDATION = 2_000;
const SHOWN_IMAGES = 32;
const SHOWN_ROWS = 30;
const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'];
// How often a running epoch hands the page back to the browser (repaint, clicks on Stop).
const PAINT_EVERY_MS = 100;

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('settings'), dataset: $('dataset'), datasetNote: $('dataset-note'), layers: $('layers'), outputLayer: $('output-layer'),
  addDense: $('add-dense'), addDropout: $('add-dropout'), optimizer: $('optimizer'), learningRate: $('learning-rate'),
  epochs: $('epochs'), batchSize: $('batch-size'), backend: $('backend'), backendNote: $('backend-note'),
  train: $('train'), stop: $('stop'), status: $('status'), epoch: $('epoch'), samplesPerSecond: $('samples-per-second'),
  valAccuracy: $('val-accuracy'), chart: $('chart'), predictions: $('predictions'),
};

/** An element with attributes and children, the one DOM helper the page needs. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

/** Writes a figure to an output: its text for people, its number (data-value) for scripts. */
function show(output, text, value = text) {
  output.textContent = text;
  output.dataset.value = String(value);
}

function setStatus(state, text) {
  show(ui.status, text, state);
  ui.status.classList.toggle('error', state === 'error');
  document.body.dataset.state = state;
}

// --- Data -----------------------------------------------------------------------------------

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return new Uint8Array(await response.arrayBuffer());
}

const DATASETS = {
  'fashion-mnist': {
    note: `The first ${FASHION_TRAIN.toLocaleString('en')} training and ${FASHION_VALIDATION.toLocaleString('en')} test images (28×28, 10 classes) as validation.`,
    preset: { layers: [{ kind: 'dense', units: 100, activation: 'relu' }], optimizer: 'adam', learningRate: 0.001, epochs: 5, batchSize: 32 },
    async load() {
      const files = Object.fromEntries(await Promise.all(fashionMnist.files.map(async ({ name }) => [name, await fetchBytes(DATA_URL + name)])));
      const [[xTrain, yTrain], [xTest, yTest]] = await fashionMnist.loadData({ files });
      const pixels = (x, n) => x.slice(0, n).reshape(-1, 784).div(255);
      return {
        xTrain: pixels(xTrain, FASHION_TRAIN), yTrain: yTrain.slice(0, FASHION_TRAIN),
        xVal: pixels(xTest, FASHION_VALIDATION), yVal: yTest.slice(0, FASHION_VALIDATION),
        classNames: fashionMnist.classNames, inputShape: [784], showPredictions: imagePredictions,
      };
    },
  },
  iris: {
    note: '150 flowers, 4 measurements, 3 species: 120 to train on (standardized), 30 to validate, stratified.',
    preset: { layers: [{ kind: 'dense', units: 16, activation: 'relu' }], optimizer: 'adam', learningRate: 0.01, epochs: 40, batchSize: 16 },
    async load() {
      const { data, target, targetNames, featureNames } = await iris.loadData();
      const [xTrain, xVal, yTrain, yVal] = trainTestSplit(data, target, { testSize: 0.2, randomState: 42, stratify: target });
      const scaler = new StandardScaler().fit(xTrain);
      return {
        xTrain: scaler.transform(xTrain), yTrain, xVal: scaler.transform(xVal), yVal, rawVal: xVal,
        classNames: targetNames, featureNames, inputShape: [4], showPredictions: tablePredictions,
      };
    },
  },
};

const loaded = new Map();
function loadDataset(name) {
  if (!loaded.has(name)) loaded.set(name, DATASETS[name].load().catch((error) => {
    loaded.delete(name);
    throw error;
  }));
  return loaded.get(name);
}

// --- Layer stack ------------------------------------------------------------------------------

let layers = [];

function numberInput(value, attributes, onInput) {
  const input = el('input', { type: 'number', value, ...attributes });
  input.addEventListener('input', () => onInput(input.valueAsNumber));
  return input;
}

function layerRow(layer, index) {
  const fields = [];
  if (layer.kind === 'dense') {
    fields.push(el('span', { class: 'kind' }, 'Dense'), numberInput(layer.units, { min: 1, max: 4096, step: 1, 'aria-label': 'units', title: 'units' }, (v) => (layer.units = v)));
    const activation = el('select', { 'aria-label': 'activation' }, ...ACTIVATIONS.map((a) => el('option', a === layer.activation ? { selected: '' } : {}, a)));
    activation.addEventListener('change', () => (layer.activation = activation.value));
    fields.push(activation);
  } else {
    fields.push(el('span', { class: 'kind' }, 'Dropout'), numberInput(layer.rate, { min: 0, max: 0.95, step: 0.05, 'aria-label': 'rate', title: 'rate' }, (v) => (layer.rate = v)));
  }
  const remove = el('button', { type: 'button', 'aria-label': `Remove layer ${index + 1}`, title: 'Remove' }, '×');
  remove.addEventListener('click', () => {
    layers.splice(index, 1);
    renderLayers();
  });
  return el('li', {}, el('div', { class: 'layer' }, ...fields, remove));
}

function renderLayers() {
  ui.layers.replaceChildren(...layers.map(layerRow));
  const classes = ui.dataset.value === 'iris' ? 3 : 10;
  ui.outputLayer.textContent = `Output: Dense(${classes}, softmax), sparse categorical cross-entropy`;
}

/** The stack as layers, each checked, with the softmax output appended. */
function buildLayers(inputShape, classes) {
  const built = layers.map((layer, i) => {
    const args = i === 0 ? { inputShape } : {};
    if (layer.kind === 'dense') {
      if (!Number.isInteger(layer.units) || layer.units < 1) throw new Error(`layer ${i + 1}: units must be a positive integer`);
      return new Dense(layer.units, { activation: layer.activation, ...args });
    }
    if (!(layer.rate >= 0 && layer.rate < 1)) throw new Error(`layer ${i + 1}: the dropout rate must be in [0, 1)`);
    return new Dropout(layer.rate, args);
  });
  built.push(new Dense(classes, { activation: 'softmax', ...(built.length === 0 ? { inputShape } : {}) }));
  return built;
}

function applyPreset(name) {
  const { preset, note } = DATASETS[name];
  layers = preset.layers.map((layer) => ({ ...layer }));
  ui.optimizer.value = preset.optimizer;
  ui.learningRate.value = String(preset.learningRate);
  ui.epochs.value = String(preset.epochs);
  ui.batchSize.value = String(preset.batchSize);
  ui.datasetNote.textContent = note;
  renderLayers();
}

// --- Backends ---------------------------------------------------------------------------------

let threadedCore = false;

function backendOption(value) {
  return ui.backend.querySelector(`option[value="${value}"]`);
}

/** The Wasm core: the threaded one where the page is cross-origin isolated (threads are then a setting). */
async function startWasm() {
  if (globalThis.crossOriginIsolated) setThreads('auto');
  await ready();
  const info = getThreadInfo();
  threadedCore = info.core === 'threads';
  if (threadedCore) {
    const option = backendOption('wasm-threads');
    option.hidden = false;
    option.disabled = false;
    option.textContent = `Wasm threads (${info.requested})`;
    setThreads(1);
  }
  return globalThis.crossOriginIsolated ? info.fallbackReason : 'Wasm threads need a cross-origin isolated page (COOP/COEP headers)';
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = el('script', { src });
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

/** Offers the GPU backend when one of gpu.js' modes starts here, and says why not otherwise. */
async function probeGpu() {
  const option = backendOption('gpu');
  try {
    await loadScript(GPU_SCRIPT);
    await import('axon-nn/gpu');
    const gpu = await loadBackend('gpu');
    await gpu.ready();
    option.textContent = `GPU (${gpu.getBackendInfo().mode})`;
    option.disabled = false;
  } catch (error) {
    option.textContent = 'GPU (unavailable)';
    option.title = error.message;
    return `GPU: ${error.message}`;
  }
  return null;
}

async function useBackend(choice) {
  if (choice === 'gpu') {
    await setBackend('gpu');
    return `GPU, ${getBackendInfo().mode}`;
  }
  if (threadedCore) setThreads(choice === 'wasm-threads' ? 'auto' : 1);
  await setBackend('wasm');
  const { active } = getThreadInfo();
  return `Wasm, ${active} thread${active === 1 ? '' : 's'}`;
}

// --- Training ---------------------------------------------------------------------------------

/** Per-epoch progress, samples/s, and a pause every PAINT_EVERY_MS so the page stays responsive. */
class Progress extends Callback {
  constructor(epochs) {
    super();
    this.epochs = epochs;
  }

  onTrainBegin() {
    show(ui.epoch, `0 / ${this.epochs}`, 0);
  }

  onEpochBegin(epoch) {
    this.epoch = epoch;
    this.started = performance.now();
    this.lastPaint = this.started;
    this.seen = 0;
  }

  async onBatchEnd(batch, logs = {}) {
    this.seen += logs.size ?? 0;
    this.trained = performance.now();
    if (this.trained - this.lastPaint < PAINT_EVERY_MS) return;
    this.showSpeed();
    setStatus('training', `Epoch ${this.epoch + 1} of ${this.epochs}: batch ${batch + 1} of ${this.params?.steps ?? '?'}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.lastPaint = performance.now();
    // The pause itself is not training time.
    this.started += this.lastPaint - this.trained;
  }

  /** Training samples per second of this epoch so far (validation excluded). */
  showSpeed() {
    const rate = this.seen / Math.max(1e-3, (this.trained - this.started) / 1000);
    show(ui.samplesPerSecond, Math.round(rate).toLocaleString('en'), rate);
  }

  onEpochEnd(epoch, logs = {}) {
    this.showSpeed();
    show(ui.epoch, `${epoch + 1} / ${this.epochs}`, epoch + 1);
    if (logs.val_accuracy !== undefined) show(ui.valAccuracy, logs.val_accuracy.toFixed(4), logs.val_accuracy);
  }
}

function imagePredictions(data, probabilities) {
  const n = Math.min(SHOWN_IMAGES, data.xVal.length);
  return imageGrid(data.xVal.slice(0, n), {
    labels: data.yVal.slice(0, n), predictions: probabilities, classNames: [...data.classNames], cols: 8,
    title: 'Validation images: prediction (true class when wrong, in red)',
  });
}

function tablePredictions(data, probabilities) {
  const n = Math.min(SHOWN_ROWS, data.xVal.length);
  const classes = data.classNames.length;
  const head = el('tr', {}, ...data.featureNames.map((f) => el('th', {}, f)), el('th', {}, 'species'), el('th', {}, 'predicted'), el('th', {}, 'probability'));
  const rows = Array.from({ length: n }, (_, i) => {
    const p = probabilities.data.subarray(i * classes, (i + 1) * classes);
    const guess = p.indexOf(Math.max(...p));
    const truth = Number(data.yVal.data[i]);
    const features = Array.from(data.rawVal.data.subarray(i * 4, i * 4 + 4), (v) => el('td', {}, v.toFixed(1)));
    return el('tr', guess === truth ? {} : { class: 'wrong' }, ...features, el('td', {}, data.classNames[truth]), el('td', {}, data.classNames[guess]), el('td', {}, p[guess].toFixed(3)));
  });
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
}

let model = null;

async function train() {
  const epochs = ui.epochs.valueAsNumber;
  const batchSize = ui.batchSize.valueAsNumber;
  const learningRate = ui.learningRate.valueAsNumber;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error('epochs must be a positive integer');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('the batch size must be a positive integer');
  if (!(learningRate > 0)) throw new Error('the learning rate must be positive');

  setStatus('loading', 'Loading data…');
  const data = await loadDataset(ui.dataset.value);
  const backend = await useBackend(ui.backend.value);
  ui.backendNote.textContent = `Training on ${backend}.`;

  model?.dispose();
  model = null;
  setRandomSeed(42);
  model = new Sequential(buildLayers(data.inputShape, data.classNames.length));
  const optimizer = getOptimizer(ui.optimizer.value);
  optimizer.learningRate = learningRate;
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer, metrics: ['accuracy'] });

  ui.predictions.replaceChildren(el('p', { class: 'note' }, 'They appear here after training.'));
  show(ui.valAccuracy, '–', '');
  show(ui.samplesPerSecond, '–', '');
  setStatus('training', `Epoch 1 of ${epochs}`);
  // liveHistory first: the chart is drawn before the epoch counter moves on.
  const callbacks = [liveHistory(ui.chart, { width: 720, height: 460 }), new Progress(epochs)];
  await model.fit(data.xTrain, data.yTrain, { epochs, batchSize, validationData: [data.xVal, data.yVal], callbacks, verbose: 0 });

  setStatus('predicting', 'Predicting…');
  const probabilities = await model.predict(data.xVal.slice(0, Math.max(SHOWN_IMAGES, SHOWN_ROWS)));
  const figure = data.showPredictions(data, probabilities);
  if (typeof figure === 'string') ui.predictions.innerHTML = figure;
  else ui.predictions.replaceChildren(figure);
}

function setBusy(busy) {
  for (const control of ui.form.querySelectorAll('input, select, button')) control.disabled = busy;
  ui.stop.disabled = !busy;
}

ui.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  setBusy(true);
  try {
    await train();
    setStatus('done', 'Done');
  } catch (error) {
    console.error(error);
    setStatus('error', `Error: ${error.message}`);
  } finally {
    setBusy(false);
  }
});
ui.stop.addEventListener('click', () => {
  if (model) model.stopTraining = true;
  setStatus('training', 'Stopping after this batch…');
});
ui.dataset.addEventListener('change', () => applyPreset(ui.dataset.value));
ui.addDense.addEventListener('click', () => {
  layers.push({ kind: 'dense', units: 64, activation: 'relu' });
  renderLayers();
});
ui.addDropout.addEventListener('click', () => {
  layers.push({ kind: 'dropout', rate: 0.2 });
  renderLayers();
});

applyPreset(ui.dataset.value);
setBusy(true);
ui.stop.disabled = true;
setStatus('starting', 'Starting the Wasm core…');
const threadNote = await startWasm();
const gpuProbe = probeGpu();
setBusy(false);
setStatus('ready', 'Ready');
const notes = [threadNote, await gpuProbe].filter(Boolean);
if (document.body.dataset.state === 'ready') ui.backendNote.textContent = notes.join(' ');
