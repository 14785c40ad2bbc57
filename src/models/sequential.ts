import { ShapeError, StateError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { warn } from '../runtime.js';
import { loadBackend } from '../backends/index.js';
import type { Backend, LossKind } from '../backends/backend.js';
import { Layer, checkParamBudget, uniqueName, sizeOfShape } from '../layers/layer.js';
import type { Shape } from '../layers/layer.js';
import { InputLayer } from '../layers/reshaping.js';
import { resolveLoss } from '../losses.js';
import type { LossName } from '../losses.js';
import { resolveMetric } from '../metrics.js';
import type { MetricName, ResolvedMetric } from '../metrics.js';
import { getOptimizer } from '../optimizers/index.js';
import type { Optimizer, OptimizerName } from '../optimizers/index.js';
import { getRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import { CallbackList } from '../callbacks/callback.js';
import type { Callback, TrainingModel } from '../callbacks/callback.js';
import { adaptInputs, adaptTargets, splitTail } from './data-adapter.js';
import type { Inputs, Targets } from './data-adapter.js';
import { Executor } from './executor.js';
import { History } from './history.js';
import type { Logs } from './history.js';
import { ProgressLogger } from './progress.js';
import { formatSummary } from './summary.js';
import type { SummaryRow } from './summary.js';

export interface CompileArgs {
  // Literal unions, not `| string`: a misspelt name is a TypeScript error before it is a runtime one.
  optimizer?: OptimizerName | Optimizer;
  loss: LossName;
  /** Metric names; one name alone is taken too, as in Keras. */
  metrics?: MetricName[] | MetricName;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  validationData?: [TensorLike, TensorLike];
  validationSplit?: number;
  verbose?: 0 | 1 | 2;
  callbacks?: Callback | Callback[];
  initialEpoch?: number;
}

export interface EvaluateArgs {
  batchSize?: number;
  /** Keras' return_dict: `{ loss, accuracy, ... }` keyed like History, instead of a number or list. */
  returnDict?: boolean;
}

export interface PredictArgs {
  batchSize?: number;
}

export interface SequentialArgs {
  name?: string;
  /** Backend name; defaults to the one chosen with setBackend(), normally 'wasm'. */
  backend?: string;
}

interface Compiled {
  optimizer: Optimizer;
  loss: LossKind;
  metrics: ResolvedMetric[];
}

function positiveInteger(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${argument}: expected a positive integer, received ${describe(value)}`);
  }
  return value;
}

// Between epochs, so a page stays responsive; setImmediate (Node, Bun) skips setTimeout's ~1 ms clamp.
const macrotask: (callback: () => void) => unknown =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (globalThis as unknown as { setImmediate: (callback: () => void) => unknown }).setImmediate
    : (callback) => setTimeout(callback, 0);

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => macrotask(resolve));
}

/**
 * A linear stack of layers, trained with a Keras-style compile/fit/evaluate/predict. It is the
 * one-input, one-output chain of layers; the functional API will generalise the executor to a graph.
 */
export class Sequential implements TrainingModel {
  readonly name: string;
  readonly layers: Layer[] = [];
  stopTraining = false;
  private readonly backendName: string | undefined;
  private backend: Backend | null = null;
  private compiled: Compiled | null = null;
  private built: Shape | null = null;
  private disposed = false;
  /** A fit() is running: a second one would interleave its batches with the first's. */
  private training = false;
  private trainExecutor: Executor | null = null;
  private inferExecutor: Executor | null = null;

  constructor(layers: Layer[] | Layer = [], args: SequentialArgs = {}) {
    checkOptions(args, ['name', 'backend'], 'Sequential');
    this.name = args.name ?? uniqueName('sequential');
    this.backendName = args.backend;
    // Keras also takes a single layer.
    const list = layers instanceof Layer ? [layers] : layers;
    if (!Array.isArray(list)) throw new ValueError(`Sequential(layers): expected an array of layers, received ${describe(layers)}`);
    for (const layer of list) this.add(layer);
  }

  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ValueError(`Sequential.add(layer): expected a Layer, received ${describe(layer)}`);
    if (this.built) throw new StateError(`Sequential.add(layer): the model "${this.name}" is already built; add layers before the first fit/predict`);
    if (this.layers.includes(layer)) throw new ValueError(`Sequential.add(layer): ${layer.describe()} is already in the model`);
    if (this.layers.length > 0 && layer instanceof InputLayer) throw new ValueError('Sequential.add(layer): an InputLayer must come first');
    this.layers.push(layer);
  }

  /** The per-sample input shape, if declared by the first layer or known from a build. */
  get inputShape(): Shape | null {
    return this.built ?? this.layers[0]?.declaredInputShape ?? null;
  }

  /** Per-sample output shape for a known input shape. */
  get outputShape(): Shape | null {
    const input = this.inputShape;
    if (!input) return null;
    return this.layers.reduce<Shape>((shape, l) => l.computeOutputShape(shape), input);
  }

  private get computing(): Layer[] {
    return this.layers.filter((l) => !l.isIdentity);
  }

  /** Every call after dispose() fails: the weights are gone, and silently drawing new ones would be worse. */
  private usable(method: string): void {
    if (this.disposed) throw new StateError(`${method}: the model "${this.name}" was disposed; create a new model`);
  }

  /** Allocates every layer's weights for the given (or declared) per-sample input shape. */
  async build(inputShape?: Shape): Promise<void> {
    this.usable('build()');
    if (this.layers.length === 0) throw new StateError(`Sequential "${this.name}": the model has no layers; add() some before building`);
    const shape = inputShape ?? this.inputShape;
    if (!shape) {
      throw new StateError(`Sequential "${this.name}": the input shape is unknown; give the first layer an inputShape (e.g. new Dense(10, { inputShape: [784] })) or call fit() with data`);
    }
    if (this.built) {
      if (this.built.length !== shape.length || this.built.some((d, i) => d !== shape[i])) {
        throw new ShapeError(`Sequential "${this.name}": built for input shape ${describe([...this.built])}, received ${describe([...shape])}`);
      }
      return;
    }
    const backend = await loadBackend(this.backendName);
    await backend.ready();
    // Shapes and the parameter budget are checked for every layer before any layer allocates.
    let current: Shape = shape;
    let params = 0;
    for (const layer of this.layers) {
      params += layer.countParams(current);
      current = layer.computeOutputShape(current);
    }
    checkParamBudget(params, `Sequential "${this.name}"`, `in ${this.layers.length} layer${this.layers.length === 1 ? '' : 's'}`, 'a model');
    current = shape;
    for (const layer of this.layers) {
      layer.build(current, backend);
      current = layer.computeOutputShape(current);
    }
    this.backend = backend;
    this.built = Object.freeze([...shape]);
  }

  compile(args: CompileArgs): void {
    this.usable('compile()');
    checkOptions(args, ['optimizer', 'loss', 'metrics'], 'compile', {
      lossWeights: 'one output per model until functional models exist',
      weightedMetrics: 'sample and class weights are not supported yet',
    });
    if (!args || args.loss === undefined) throw new ValueError('compile(loss): a loss is required, e.g. compile({ loss: "sparse_categorical_crossentropy" })');
    const loss = resolveLoss(args.loss);
    if (args.metrics !== undefined && typeof args.metrics !== 'string' && !Array.isArray(args.metrics)) {
      throw new ValueError(`compile(metrics): expected a metric name or an array of them, received ${describe(args.metrics)}`);
    }
    const metrics = (typeof args.metrics === 'string' ? [args.metrics] : args.metrics ?? []).map((m) => resolveMetric(m, loss));
    const optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
    if (this.compiled && this.compiled.optimizer !== optimizer) this.compiled.optimizer.dispose();
    this.compiled = { optimizer, loss, metrics };
  }

  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  private requireCompiled(method: string): Compiled {
    if (!this.compiled) throw new StateError(`${method}: the model "${this.name}" must be compiled first; call model.compile({ loss, optimizer, metrics })`);
    return this.compiled;
  }

  private outputUnits(): number {
    return sizeOfShape(this.outputShape!);
  }

  private executor(kind: 'train' | 'infer', capacity: number, targets: Targets | null): Executor {
    const current = kind === 'train' ? this.trainExecutor : this.inferExecutor;
    // An executor with a target buffer also serves predict(), which ignores the target.
    const fits = current && current.capacity >= capacity
      && (!targets || (current.target !== null && current.target.kind === (targets.integer ? 'i32' : 'f32')));
    if (current && fits) return current;
    current?.dispose();
    const executor = new Executor(
      this.backend!, this.computing, sizeOfShape(this.built!), capacity,
      targets ? { cols: targets.cols, integer: targets.integer } : null, kind === 'train',
    );
    if (kind === 'train') this.trainExecutor = executor;
    else this.inferExecutor = executor;
    return executor;
  }

  async fit(x: TensorLike, y: TensorLike, args: FitArgs = {}): Promise<History> {
    this.usable('fit()');
    if (this.training) throw new StateError(`fit(): the model "${this.name}" is already training; await the running fit() before starting another`);
    this.training = true;
    try {
      return await this.train(x, y, args);
    } finally {
      this.training = false;
    }
  }

  private async train(x: TensorLike, y: TensorLike, args: FitArgs): Promise<History> {
    checkOptions(args, ['epochs', 'batchSize', 'shuffle', 'validationData', 'validationSplit', 'verbose', 'callbacks', 'initialEpoch'], 'fit', {
      classWeight: 'Keras weights each sample\'s loss by its class; Axon refuses the option rather than train without it',
      sampleWeight: 'Keras weights each sample\'s loss; Axon refuses the option rather than train without it',
    });
    const compiled = this.requireCompiled('fit()');
    const epochs = args.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError(`fit(epochs): expected a non-negative integer, received ${describe(epochs)}`);
    const initialEpoch = args.initialEpoch ?? 0;
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ValueError(`fit(initialEpoch): expected a non-negative integer, received ${describe(initialEpoch)}`);
    const batchSize = positiveInteger(args.batchSize ?? 32, 'fit(batchSize)');
    const verbose = args.verbose ?? 1;
    if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ValueError(`fit(verbose): expected 0, 1 or 2, received ${describe(verbose)}`);
    if (args.validationData && args.validationSplit) throw new ValueError('fit(validationSplit): give validationData or validationSplit, not both');
    const split = args.validationSplit ?? 0;
    if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new ValueError(`fit(validationSplit): expected a number in [0, 1), received ${describe(split)}`);

    let inputs = adaptInputs(x, 'fit(x)', this.inputShape);
    await this.build(inputs.sampleShape);
    const units = this.outputUnits();
    let targets = adaptTargets(y, 'fit(y)', compiled.loss, units, inputs.rows);
    let validation: [Inputs, Targets] | null = null;
    if (split > 0) {
      const [train, val] = splitTail(inputs, targets, split);
      [inputs, targets] = train;
      validation = val;
    } else if (args.validationData) {
      if (!Array.isArray(args.validationData) || args.validationData.length !== 2) {
        throw new ValueError(`fit(validationData): expected [xVal, yVal], received ${describe(args.validationData)}`);
      }
      const vx = adaptInputs(args.validationData[0], 'fit(validationData[0])', this.built);
      validation = [vx, adaptTargets(args.validationData[1], 'fit(validationData[1])', compiled.loss, units, vx.rows)];
    }

    const rows = inputs.rows;
    const steps = Math.ceil(rows / batchSize);
    const history = new History({ epochs, steps, samples: rows, batchSize, verbose });
    const given = args.callbacks === undefined ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
    given.forEach((c, i) => {
      if (c === null || typeof c !== 'object') throw new ValueError(`fit(callbacks): expected callback objects (with onEpochEnd, onBatchEnd, ...), received ${describe(c)} at index ${i}`);
    });
    // As Keras orders them: the user's callbacks, then the progress bar, then the History record,
    // so that keys a callback adds to an epoch's logs (learning_rate) are printed and kept.
    const callbacks = [...given, ...(verbose ? [new ProgressLogger(epochs, steps, verbose)] : [])];
    const list = new CallbackList(callbacks, this, history.params);
    const perBatch = list.has('onBatchEnd') || list.has('onBatchBegin');
    const executor = this.executor('train', Math.min(batchSize, rows), targets);
    const params = executor.trainableParams();
    const order = new Uint32Array(rows);
    const metricKinds = compiled.metrics.map((m) => m.kind);
    this.stopTraining = false;

    await list.call('onTrainBegin', {});
    for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
      await list.call('onEpochBegin', epoch, {});
      for (let i = 0; i < rows; i++) order[i] = i;
      if (args.shuffle ?? true) getRandom().shuffle(order);
      let lossSum = 0;
      const metricSums = compiled.metrics.map(() => 0);
      for (let step = 0, start = 0; step < steps; step++, start += batchSize) {
        const count = Math.min(batchSize, rows - start);
        if (this.disposed) throw new StateError(`fit(): the model "${this.name}" was disposed during training (epoch ${epoch + 1}, batch ${step + 1})`);
        if (perBatch) await list.call('onBatchBegin', step, { batch: step, size: count });
        this.backend!.writeRows(executor.input, inputs.data, order, start, count, inputs.rowLength);
        this.backend!.writeRows(executor.target!, targets.data, order, start, count, targets.cols);
        const sums = await executor.forwardBackward(count, compiled.loss, metricKinds);
        if (!Number.isFinite(sums.loss)) {
          // Keras' TerminateOnNaN, by default: checked before the update, so the weights stay those
          // of the last finite step, and fit() resolves with the epochs it completed.
          history.stopReason = `the loss became ${sums.loss} at epoch ${epoch + 1}, batch ${step + 1}`;
          warn(`fit(): ${history.stopReason}; training stopped with the weights of the last finite step (lower the learning rate or check the data scaling)`, 'AxonTrainingWarning');
          break;
        }
        compiled.optimizer.applyGradients(params, this.backend!);
        lossSum += sums.loss;
        sums.metrics.forEach((m, i) => (metricSums[i]! += m));
        if (perBatch) {
          const seen = start + count;
          const logs: Logs = { batch: step, size: count, loss: lossSum / seen };
          compiled.metrics.forEach((m, i) => (logs[m.key] = metricSums[i]! / seen));
          await list.call('onBatchEnd', step, logs);
        }
      }
      if (history.stopReason !== undefined) break;
      const logs: Logs = { loss: lossSum / rows };
      compiled.metrics.forEach((m, i) => (logs[m.key] = metricSums[i]! / rows));
      if (validation) {
        const [vLoss, vMetrics] = await this.measure(validation[0], validation[1], batchSize);
        logs['val_loss'] = vLoss;
        compiled.metrics.forEach((m, i) => (logs[`val_${m.key}`] = vMetrics[i]!));
      }
      await list.call('onEpochEnd', epoch, logs);
      history.record(epoch, logs);
      await yieldToEventLoop();
    }
    await list.call('onTrainEnd', {});
    return history;
  }

  /** Mean loss and metrics over all rows, batch by batch. */
  private async measure(inputs: Inputs, targets: Targets, batchSize: number): Promise<[number, number[]]> {
    const compiled = this.compiled!;
    const executor = this.executor('infer', Math.min(batchSize, inputs.rows), targets);
    const order = Uint32Array.from({ length: inputs.rows }, (_, i) => i);
    let lossSum = 0;
    const metricSums = compiled.metrics.map(() => 0);
    const kinds = compiled.metrics.map((m) => m.kind);
    for (let start = 0; start < inputs.rows; start += batchSize) {
      const count = Math.min(batchSize, inputs.rows - start);
      this.backend!.writeRows(executor.input, inputs.data, order, start, count, inputs.rowLength);
      this.backend!.writeRows(executor.target!, targets.data, order, start, count, targets.cols);
      executor.forward(count, false);
      const sums = await executor.measure(count, compiled.loss, kinds);
      lossSum += sums.loss;
      sums.metrics.forEach((m, i) => (metricSums[i]! += m));
    }
    return [lossSum / inputs.rows, metricSums.map((s) => s / inputs.rows)];
  }

  /**
   * Keras' evaluate: the loss, or [loss, ...metrics] when metrics were compiled; with
   * `returnDict: true` an object keyed like History (`const { loss, accuracy } = ...`), the form
   * whose type destructures whatever was compiled.
   */
  evaluate(x: TensorLike, y: TensorLike, args: EvaluateArgs & { returnDict: true }): Promise<Record<string, number>>;
  evaluate(x: TensorLike, y: TensorLike, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  async evaluate(x: TensorLike, y: TensorLike, args: EvaluateArgs = {}): Promise<number | number[] | Record<string, number>> {
    checkOptions(args, ['batchSize', 'returnDict'], 'evaluate', {
      sampleWeight: 'Keras weights each sample\'s loss; Axon refuses the option rather than evaluate without it',
    });
    const compiled = this.requireCompiled('evaluate()');
    const batchSize = positiveInteger(args.batchSize ?? 32, 'evaluate(batchSize)');
    if (args.returnDict !== undefined && typeof args.returnDict !== 'boolean') throw new ValueError(`evaluate(returnDict): expected true or false, received ${describe(args.returnDict)}`);
    const inputs = adaptInputs(x, 'evaluate(x)', this.inputShape);
    await this.build(inputs.sampleShape);
    const targets = adaptTargets(y, 'evaluate(y)', compiled.loss, this.outputUnits(), inputs.rows);
    const [loss, metrics] = await this.measure(inputs, targets, batchSize);
    if (args.returnDict === true) {
      const dict: Record<string, number> = { loss };
      compiled.metrics.forEach((m, i) => (dict[m.key] = metrics[i]!));
      return dict;
    }
    return metrics.length ? [loss, ...metrics] : loss;
  }

  /** Outputs (probabilities for softmax/sigmoid models) for every sample, as one tensor. */
  async predict(x: TensorLike, args: PredictArgs = {}): Promise<Tensor<'float32'>> {
    checkOptions(args, ['batchSize'], 'predict');
    const batchSize = positiveInteger(args.batchSize ?? 32, 'predict(batchSize)');
    const inputs = adaptInputs(x, 'predict(x)', this.inputShape);
    await this.build(inputs.sampleShape);
    const executor = this.executor('infer', Math.min(batchSize, inputs.rows), null);
    const cols = executor.outputSize;
    const out = new Float32Array(inputs.rows * cols);
    const order = Uint32Array.from({ length: inputs.rows }, (_, i) => i);
    for (let start = 0; start < inputs.rows; start += batchSize) {
      const count = Math.min(batchSize, inputs.rows - start);
      this.backend!.writeRows(executor.input, inputs.data, order, start, count, inputs.rowLength);
      executor.forward(count, false);
      out.set(await executor.readOutput(count), start * cols);
    }
    return new Tensor(out, [inputs.rows, ...this.outputShape!]);
  }

  private requireBuilt(method: string): void {
    this.usable(method);
    if (!this.built) {
      throw new StateError(`${method}: the model "${this.name}" has no weights yet; call fit(), predict() or await model.build() first`);
    }
  }

  /** All weights in Keras order: for each layer, kernel [in, out] then bias [out]. */
  getWeights(): Tensor<'float32'>[] {
    this.requireBuilt('getWeights()');
    if (this.backend?.asyncReadback) {
      throw new StateError(`getWeights(): the "${this.backend.name}" backend runs on WebGPU on this thread, where values come back only asynchronously; use await model.getWeightsAsync()`);
    }
    return this.layers.flatMap((l) => l.getWeights());
  }

  /** getWeights() on every backend, WebGPU in a browser included (its readback is asynchronous). */
  async getWeightsAsync(): Promise<Tensor<'float32'>[]> {
    this.requireBuilt('getWeightsAsync()');
    return (await Promise.all(this.layers.map((l) => l.getWeightsAsync()))).flat();
  }

  /**
   * Sets every weight, in getWeights() order, from tensors or typed arrays. All are checked (shape,
   * finite values) before any is written, so a bad one leaves the model as it was.
   */
  setWeights(weights: (Tensor | Float32Array | Int32Array | Uint8Array)[]): void {
    this.requireBuilt('setWeights(weights)');
    const expected = this.layers.reduce((n, l) => n + l.weights.length, 0);
    if (!Array.isArray(weights) || weights.length !== expected) {
      throw new ValueError(`setWeights(weights): expected ${expected} tensors (kernel and bias of each layer), received ${Array.isArray(weights) ? weights.length : describe(weights)}`);
    }
    let offset = 0;
    const checked = this.layers.map((layer) => {
      const count = layer.weights.length;
      const values = weights.slice(offset, offset + count).map((w, i) => layer.weights[i]!.check(w, `setWeights(weights[${offset + i}])`));
      offset += count;
      return values;
    });
    this.layers.forEach((layer, i) => layer.writeWeights(checked[i]!));
  }

  countParams(): number {
    let shape = this.inputShape;
    if (!shape) throw new StateError(`countParams(): the input shape of "${this.name}" is unknown; give the first layer an inputShape`);
    let total = 0;
    for (const layer of this.layers) {
      total += layer.countParams(shape);
      shape = layer.computeOutputShape(shape);
    }
    return total;
  }

  /** Prints the Keras summary table (or hands each line to printFn) and returns it. */
  summary(lineLength?: number, printFn: (line: string) => void = console.log): string {
    let shape = this.inputShape;
    // As Keras: a table of unknown shapes and 0 parameters would say something false.
    if (!shape) throw new StateError(`summary(): the model "${this.name}" has not yet been built; give the first layer an inputShape, or call build(inputShape) or fit() first`);
    const shown = this.layers.filter((l) => !(l instanceof InputLayer));
    const rows: SummaryRow[] = [];
    for (const layer of this.layers) {
      const params = shape ? layer.countParams(shape) : null;
      shape = shape ? layer.computeOutputShape(shape) : null;
      if (!(layer instanceof InputLayer)) rows.push({ name: layer.name, className: layer.className, outputShape: shape, params });
    }
    const text = formatSummary(this.name, rows, shown, lineLength);
    for (const line of text.split('\n')) printFn(line);
    return text;
  }

  /** Returns the model's memory to the backend now; the model cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    this.trainExecutor?.dispose();
    this.inferExecutor?.dispose();
    this.trainExecutor = null;
    this.inferExecutor = null;
    this.compiled?.optimizer.dispose();
    for (const layer of this.layers) layer.dispose();
    this.built = null;
  }

  /** Keras' get_layer: the layer named `name`, or at position `index`. */
  getLayer(name: string): Layer;
  getLayer(name: undefined, index: number): Layer;
  getLayer(name?: string, index?: number): Layer {
    if (name !== undefined) {
      const found = this.layers.find((l) => l.name === name);
      if (!found) throw new ValueError(`getLayer(name): no layer named ${describe(name)}; the layers are ${this.layers.map((l) => l.name).join(', ')}`);
      return found;
    }
    if (!Number.isInteger(index) || index! < 0 || index! >= this.layers.length) {
      throw new ValueError(`getLayer(index): expected an integer in [0, ${this.layers.length}), received ${describe(index)}`);
    }
    return this.layers[index!]!;
  }

  getConfig(): { className: 'Sequential'; config: { name: string; layers: ReturnType<Layer['getConfig']>[] } } {
    return { className: 'Sequential', config: { name: this.name, layers: this.layers.map((l) => l.getConfig()) } };
  }
}
