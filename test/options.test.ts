// Options are checked: an unknown key is a ValueError naming it and, for a Keras or scikit-learn
// spelling or a near miss, the option it meant. Nothing is silently ignored.
import { describe, expect, it } from 'vitest';
import {
  Activation, Adagrad, Adam, Dense, Flatten, KFold, MLPClassifier, MLPRegressor, Perceptron, RMSprop, SGD, SGDClassifier, Sequential, StandardScaler,
  StratifiedKFold, ValueError, californiaHousing, crossValidate, fashionMnist, imdb, mnist, padSequences, ready, reuters, setBackend, tensor, trainTestSplit,
} from '../src/index.js';
import { createGpuBackend } from '../src/gpu.js';
import { WasmBackend } from '../src/backends/wasm/wasm-backend.js';

const x = tensor(new Float32Array(8 * 4).map((_, i) => Math.sin(i)), [8, 4]);
const y = tensor(Int32Array.from({ length: 8 }, (_, i) => i % 3), [8]);

function compiled(): Sequential {
  const model = new Sequential([new Dense(3, { inputShape: [4], activation: 'softmax' })]);
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: 'accuracy' });
  return model;
}

/** The ValueError message `make` throws (synchronously or as a rejection). */
async function message(make: () => unknown): Promise<string> {
  try {
    await make();
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    return (error as Error).message;
  }
  throw new Error('expected a ValueError');
}

describe('options are checked', () => {
  it('fit, evaluate and predict name the Keras spelling and the option it means', async () => {
    const model = compiled();
    expect(await message(() => model.fit(x, y, { batch_size: 4 } as never))).toBe('fit(batch_size): unknown option; did you mean batchSize?');
    expect(await message(() => model.fit(x, y, { validation_data: [x, y] } as never))).toBe('fit(validation_data): unknown option; did you mean validationData?');
    expect(await message(() => model.fit(x, y, { epoch: 3 } as never))).toBe('fit(epoch): unknown option; did you mean epochs?');
    expect(await message(() => model.fit(x, y, { steps_per_epoch: 3 } as never))).toMatch(/^fit\(steps_per_epoch\): unknown option; expected one of epochs, batchSize, /);
    expect(await message(() => model.evaluate(x, y, { batch_size: 4 } as never))).toBe('evaluate(batch_size): unknown option; did you mean batchSize?');
    expect(await message(() => model.predict(x, { batchsize: 4 } as never))).toBe('predict(batchsize): unknown option; did you mean batchSize?');
    expect(await message(() => model.fit(x, y, 5 as never))).toBe('fit: expected an options object, received 5');
    // Keras' snake_case spellings of the weighting options point to Axon's.
    expect(await message(() => model.fit(x, y, { class_weight: { 0: 2 } } as never))).toBe('fit(class_weight): unknown option; did you mean classWeight?');
    expect(await message(() => model.evaluate(x, y, { sample_weight: new Float32Array(8) } as never))).toBe('evaluate(sample_weight): unknown option; did you mean sampleWeight?');
    model.dispose();
  });

  it('compile and fit take Keras forms: one metric name, one layer; and refuse what they cannot use', async () => {
    const model = new Sequential(new Dense(3, { inputShape: [4], activation: 'softmax' }));
    expect(model.layers).toHaveLength(1);
    model.compile({ loss: 'sparse_categorical_crossentropy', metrics: 'accuracy' });
    const history = await model.fit(x, y, { verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss']);
    expect(await message(() => model.compile({ loss: 'mse', metric: ['mae'] } as never))).toBe('compile(metric): unknown option; did you mean metrics?');
    expect(await message(() => model.compile({ loss: 'mse', metrics: 5 } as never))).toBe('compile(metrics): expected a metric name, an array of them, an array per output or an object keyed by output name, received 5');
    expect(await message(() => model.fit(x, y, { verbose: 0, callbacks: 5 } as never))).toMatch(/^fit\(callbacks\): expected callback objects .*received 5 at index 0/);
    expect(await message(() => new Sequential([], { nme: 'a' } as never))).toBe('Sequential(nme): unknown option; did you mean name?');
    expect(await message(() => new Sequential('dense' as never))).toBe('Sequential(layers): expected an array of layers, received "dense"');
    model.dispose();
  });

  it('layers and optimizers', async () => {
    expect(await message(() => new Dense(10, { input_shape: [4] } as never))).toBe('Dense(input_shape): unknown option; did you mean inputShape?');
    expect(await message(() => new Dense(10, { input_dim: 4 } as never))).toBe('Dense(input_dim): unknown option; did you mean inputShape?');
    expect(await message(() => new Dense(10, { dropout: 0.2 } as never))).toBe(
      'Dense(dropout): unknown option; expected one of name, inputShape, batchInputShape, trainable, activityRegularizer, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer',
    );
    expect(await message(() => new Dense(10, { kernel_initializer: 'he_normal' } as never))).toBe('Dense(kernel_initializer): unknown option; did you mean kernelInitializer?');
    expect(await message(() => new Flatten({ activation: 'relu' } as never))).toMatch(/^Flatten\(activation\): unknown option; expected one of name, inputShape/);
    expect(new Activation({ activation: 'relu', name: 'act' }).name).toBe('act');
    expect(await message(() => new RMSprop({ lr: 0.01 } as never))).toBe('RMSprop(lr): unknown option; did you mean learningRate?');
    expect(await message(() => new SGD({ learning_rate: 0.1 } as never))).toBe('SGD(learning_rate): unknown option; did you mean learningRate?');
    expect(await message(() => new Adam({ beta_1: 0.8 } as never))).toBe('Adam(beta_1): unknown option; did you mean beta1?');
    expect(await message(() => new Adagrad({ initial_accumulator_value: 0.2 } as never))).toBe('Adagrad(initial_accumulator_value): unknown option; did you mean initialAccumulatorValue?');
    expect(new RMSprop({ learningRate: 0.01 }).learningRate).toBe(0.01);
  });

  it('estimators name the scikit-learn spelling', async () => {
    expect(await message(() => new SGDClassifier({ max_iter: 5 } as never))).toBe('SGDClassifier(max_iter): unknown option; did you mean maxIter?');
    expect(await message(() => new SGDClassifier({ random_state: 42 } as never))).toBe('SGDClassifier(random_state): unknown option; did you mean randomState?');
    expect(await message(() => new Perceptron({ eta_0: 1 } as never))).toBe('Perceptron(eta_0): unknown option; did you mean eta0?');
    expect(await message(() => new Perceptron({ powerT: 1 } as never))).toMatch(/^Perceptron\(powerT\): unknown option; expected one of penalty, alpha/);
    expect(await message(() => new MLPClassifier({ hidden_layer_sizes: [10] } as never))).toBe('MLPClassifier(hidden_layer_sizes): unknown option; did you mean hiddenLayerSizes?');
    expect(await message(() => new MLPRegressor({ nesterovs_momentum: false } as never))).toBe('MLPRegressor(nesterovs_momentum): unknown option; did you mean nesterovsMomentum?');
    expect(await message(() => new MLPClassifier({ warm_start: true } as never))).toMatch(/^MLPClassifier\(warm_start\): unknown option; expected one of hiddenLayerSizes, /);
  });

  it('the loading calls and the backends, and keys of any length, shown clipped', async () => {
    expect(await message(() => ready({ thread: 2 } as never))).toBe('ready(thread): unknown option; did you mean threads?');
    expect(await message(() => createGpuBackend({ modes: ['cpu'] } as never))).toBe('GpuBackend(modes): unknown option; did you mean mode?');
    expect(await message(() => new WasmBackend({ strict_threads: true } as never))).toBe('WasmBackend(strict_threads): unknown option; did you mean strictThreads?');
    expect(await message(() => setBackend('wasm', { fallBack: 'wasm' } as never))).toBe('setBackend(fallBack): unknown option; did you mean fallback?');
    const huge = 'k'.repeat(1_000_000);
    const text = await message(() => new Dense(10, { [huge]: 1 } as never));
    expect(text.length).toBeLessThan(300);
    expect(text).toMatch(/^Dense\(k{64}…\): unknown option; expected one of /);
  });

  it('dataset loaders and preprocessing', async () => {
    expect(await message(() => fashionMnist.loadData({ offline: true } as never))).toMatch(/^fashionMnist\.loadData\(offline\): unknown option; expected one of dir, cacheDir, baseUrl, download, verify, progress, files$/);
    expect(await message(() => fashionMnist.loadData({ cache_dir: '/tmp' } as never))).toBe('fashionMnist.loadData(cache_dir): unknown option; did you mean cacheDir?');
    expect(await message(() => mnist.loadData({ pth: 'x' } as never))).toBe('mnist.loadData(pth): unknown option; did you mean path?');
    expect(await message(() => californiaHousing.loadData({ as_frame: true } as never))).toMatch(/^californiaHousing\.loadData\(as_frame\): unknown option; expected one of /);
    expect(await message(() => imdb.loadData({ num_words: 100 } as never))).toBe('imdb.loadData(num_words): unknown option; did you mean numWords?');
    expect(await message(() => imdb.getWordIndex({ numWords: 100 } as never))).toMatch(/^imdb\.getWordIndex\(numWords\): unknown option; expected one of dir/);
    expect(await message(() => reuters.loadData({ test_split: 0.3 } as never))).toBe('reuters.loadData(test_split): unknown option; did you mean testSplit?');
    expect(await message(() => trainTestSplit(x, y, { test_size: 0.25 } as never))).toBe('trainTestSplit(test_size): unknown option; did you mean testSize?');
    expect(await message(() => new KFold({ n_splits: 3 } as never))).toBe('KFold(n_splits): unknown option; did you mean nSplits?');
    expect(await message(() => new StratifiedKFold({ random_state: 1 } as never))).toBe('StratifiedKFold(random_state): unknown option; did you mean randomState?');
    expect(await message(() => new StandardScaler({ with_mean: false } as never))).toBe('StandardScaler(with_mean): unknown option; did you mean withMean?');
    expect(await message(() => padSequences([[1, 2]], { max_len: 3 } as never))).toBe('padSequences(max_len): unknown option; did you mean maxlen?');
    expect(await message(() => crossValidate(new Perceptron(), x, y, { n_jobs: 2 } as never))).toMatch(/^crossValidate\(n_jobs\): unknown option; expected one of cv, returnTrainScore$/);
  });
});
