// Every export of the public API is listed here: either with a call that passes it an options object
// holding an unknown key (which must be a ValueError naming that key), or with the reason it takes no
// options object. A new export fails the first test until it is classified, so no options object can
// join the API unchecked.
import { describe, expect, it } from 'vitest';
import * as axon from '../src/index.js';
import { tensor } from '../src/index.js';

const BAD = { notAnOption: 1 };
const x = tensor(new Float32Array(8 * 4).map((_, i) => Math.sin(i)), [8, 4]);
const y = tensor(Int32Array.from({ length: 8 }, (_, i) => i % 3), [8]);

/** A call for each export that takes options (the bad key merged in), or why it takes none. */
const EXPORTS: Record<string, ((bad: typeof BAD) => unknown) | string> = {
  Activation: (bad) => new axon.Activation('relu', bad),
  Adagrad: (bad) => new axon.Adagrad(bad),
  Adam: (bad) => new axon.Adam(bad),
  AdamW: (bad) => new axon.AdamW(bad),
  Adamax: (bad) => new axon.Adamax(bad),
  Nadam: (bad) => new axon.Nadam(bad),
  RMSprop: (bad) => new axon.RMSprop(bad),
  SGD: (bad) => new axon.SGD(bad),
  Add: (bad) => new axon.Add(bad),
  Average: (bad) => new axon.Average(bad),
  Maximum: (bad) => new axon.Maximum(bad),
  Multiply: (bad) => new axon.Multiply(bad),
  Subtract: (bad) => new axon.Subtract(bad),
  BatchNormalization: (bad) => new axon.BatchNormalization(bad),
  Concatenate: (bad) => new axon.Concatenate(bad),
  Dense: (bad) => new axon.Dense(1, bad),
  Dropout: (bad) => new axon.Dropout(0.1, bad),
  Flatten: (bad) => new axon.Flatten(bad),
  InputLayer: (bad) => new axon.InputLayer({ inputShape: [2], ...bad }),
  Reshape: (bad) => new axon.Reshape({ targetShape: [2], ...bad }),
  Input: (bad) => axon.Input({ shape: [2], ...bad }),
  add: (bad) => axon.add([axon.Input({ shape: [2] }), axon.Input({ shape: [2] })], bad),
  average: (bad) => axon.average([axon.Input({ shape: [2] }), axon.Input({ shape: [2] })], bad),
  maximum: (bad) => axon.maximum([axon.Input({ shape: [2] }), axon.Input({ shape: [2] })], bad),
  multiply: (bad) => axon.multiply([axon.Input({ shape: [2] }), axon.Input({ shape: [2] })], bad),
  subtract: (bad) => axon.subtract([axon.Input({ shape: [2] }), axon.Input({ shape: [2] })], bad),
  concatenate: (bad) => axon.concatenate([axon.Input({ shape: [2] }), axon.Input({ shape: [2] })], bad),
  regularizers: (bad) => axon.regularizers.l1l2(bad),
  Model: (bad) => {
    const i = axon.Input({ shape: [2] });
    return new axon.Model({ inputs: i, outputs: new axon.Dense(1).apply(i), ...bad });
  },
  Sequential: (bad) => new axon.Sequential([], bad),
  CSVLogger: (bad) => new axon.CSVLogger('/tmp/never.csv', bad),
  EarlyStopping: (bad) => new axon.EarlyStopping(bad),
  LambdaCallback: (bad) => new axon.LambdaCallback(bad as never),
  LearningRateScheduler: (bad) => new axon.LearningRateScheduler((_, lr) => lr, bad as never),
  ModelCheckpoint: (bad) => new axon.ModelCheckpoint('/tmp/never', bad),
  ReduceLROnPlateau: (bad) => new axon.ReduceLROnPlateau(bad),
  CosineDecay: (bad) => new axon.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, ...bad }),
  ExponentialDecay: (bad) => new axon.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, ...bad }),
  InverseTimeDecay: (bad) => new axon.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, ...bad }),
  PolynomialDecay: (bad) => new axon.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, ...bad }),
  GpuBackend: (bad) => new axon.GpuBackend(bad),
  createGpuBackend: (bad) => axon.createGpuBackend(bad),
  registerGpuBackend: (bad) => axon.registerGpuBackend(bad),
  KFold: (bad) => new axon.KFold(bad),
  StratifiedKFold: (bad) => new axon.StratifiedKFold(bad),
  StandardScaler: (bad) => new axon.StandardScaler(bad),
  MLPClassifier: (bad) => new axon.MLPClassifier(bad),
  MLPRegressor: (bad) => new axon.MLPRegressor(bad),
  Perceptron: (bad) => new axon.Perceptron(bad),
  SGDClassifier: (bad) => new axon.SGDClassifier(bad),
  crossValidate: (bad) => axon.crossValidate(new axon.Perceptron(), x, y, bad),
  trainTestSplit: (bad) => axon.trainTestSplit(x, y, bad),
  padSequences: (bad) => axon.padSequences([[1, 2]], bad),
  californiaHousing: (bad) => axon.californiaHousing.loadData(bad),
  fashionMnist: (bad) => axon.fashionMnist.loadData(bad),
  mnist: (bad) => axon.mnist.loadData(bad),
  imdb: (bad) => axon.imdb.loadData(bad),
  reuters: (bad) => axon.reuters.loadData(bad),
  cacheDirectory: (bad) => axon.cacheDirectory(bad),
  loadDatasetFile: (bad) => axon.loadDatasetFile({ dataset: 'x', name: 'x.bin', origin: 'https://example.invalid/x.bin', sha256: '0'.repeat(64) } as never, bad),
  ready: (bad) => axon.ready(bad as never),
  setBackend: (bad) => axon.setBackend('wasm', bad),
  setThreads: (bad) => axon.setThreads(1, bad as never),
  loadModel: (bad) => axon.loadModel('file:///nowhere', bad),
  modelFromJSON: (bad) => axon.modelFromJSON({}, bad),
  iris: 'iris.loadData() takes no options (the data ships with the package)',
  PiecewiseConstantDecay: 'positional boundaries and values, as Keras',
  TerminateOnNaN: 'no arguments, as Keras',
  L1L2: 'positional l1, l2 numbers; regularizers.l1l2({ l1, l2 }) is the options form',
  Callback: 'a base class to extend', Layer: 'an abstract base class', Merge: 'an abstract base class',
  Optimizer: 'an abstract base class', LearningRateSchedule: 'an abstract base class',
  AxonError: 'an error class', DownloadError: 'an error class', FormatError: 'an error class', ShapeError: 'an error class',
  StateError: 'an error class', ValueError: 'an error class', GpuUnavailableError: 'an error class', ConvergenceWarning: 'a warning class',
  History: 'made by fit()', Parameter: 'made by layers', SymbolicTensor: 'made by Input() and apply()', Tensor: 'data and shape, no options',
  Random: 'a seed', RandomState: 'a seed', LAYER_CLASSES: 'a table', getLayerClass: 'a class name',
  getOptimizer: 'a name or an Optimizer', clearSession: 'no arguments', setRandomSeed: 'a seed', tensor: 'data and shape',
  getBackend: 'a backend name', getBackendInfo: 'no arguments', loadBackend: 'a backend name', registerBackend: 'a name and a factory',
  getThreadInfo: 'no arguments', setEstimatorWasmSource: 'a Wasm source', setMaxDecompressedBytes: 'a byte count',
  toCategorical: 'labels and a class count', vectorizeSequences: 'sequences and a dimension',
  parseIdx: 'bytes and a file name', decodeIdx: 'bytes and a file name', parseNpy: 'bytes and a file name', parseNpz: 'bytes and a file name',
  npyToTensor: 'an array and a file name', unpickle: 'bytes and a file name', parseTar: 'bytes and a file name', gunzip: 'bytes and a file name',
  isGzip: 'bytes',
  losses: 'functions of (yTrue, yPred)', metrics: 'functions of (yTrue, yPred)',
};

/** Methods taking options, on a compiled model. */
function methods(): Record<string, (bad: typeof BAD) => unknown> {
  const model = new axon.Sequential([new axon.Dense(3, { inputShape: [4], activation: 'softmax' })]);
  model.compile({ loss: 'sparse_categorical_crossentropy' });
  return {
    compile: (bad) => model.compile({ loss: 'mse', ...bad }),
    fit: (bad) => model.fit(x, y, bad),
    evaluate: (bad) => model.evaluate(x, y, bad),
    predict: (bad) => model.predict(x, bad),
    save: (bad) => model.save({ save: async () => ({}) as never }, bad),
    loadWeights: (bad) => model.loadWeights({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) }, bad),
  };
}

async function rejection(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return null;
}

describe('every options object of the public API is checked', () => {
  it('every export is classified (a call with options, or why it takes none)', () => {
    const unlisted = Object.keys(axon).filter((name) => !(name in EXPORTS));
    expect(unlisted).toEqual([]);
    const stale = Object.keys(EXPORTS).filter((name) => !(name in axon));
    expect(stale).toEqual([]);
  });

  for (const [name, call] of Object.entries(EXPORTS)) {
    if (typeof call === 'string') continue;
    it(`${name}: an unknown option is a ValueError naming it`, async () => {
      await axon.ready();
      const error = await rejection(() => call(BAD));
      expect(error, `${name} accepted { notAnOption }`).toBeInstanceOf(axon.ValueError);
      expect((error as Error).message).toMatch(/notAnOption\): unknown option/);
    });
  }

  it('model methods: compile, fit, evaluate, predict, save, loadWeights', async () => {
    await axon.ready();
    for (const [name, call] of Object.entries(methods())) {
      const error = await rejection(() => call(BAD));
      expect(error, `${name} accepted { notAnOption }`).toBeInstanceOf(axon.ValueError);
      expect((error as Error).message, name).toMatch(/notAnOption\): unknown option/);
    }
  });
});
