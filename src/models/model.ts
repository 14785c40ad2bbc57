import { FormatError, ShapeError, StateError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { warn } from '../runtime.js';
import { getBackend, loadBackend } from '../backends/index.js';
import type { Backend, LossKind } from '../backends/backend.js';
import { Layer, checkParamBudget, uniqueName, sizeOfShape } from '../layers/layer.js';
import type { Shape } from '../layers/layer.js';
import { InputLayer } from '../layers/input.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { resolveLoss } from '../losses.js';
import type { LossName } from '../losses.js';
import { kernelNameOf } from '../loss-functions.js';
import type { LossFunction } from '../loss-functions.js';

/** A metric by name or as a function of `metrics` (or `losses`). */
export type MetricLike = MetricName | LossFunction;
import { resolveMetric } from '../metrics.js';
import type { MetricName, ResolvedMetric } from '../metrics.js';
import { getOptimizer } from '../optimizers/index.js';
import type { Optimizer, OptimizerName } from '../optimizers/index.js';
import { getRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { CallbackList } from '../callbacks/callback.js';
import type { Callback, TrainingModel } from '../callbacks/callback.js';
import type { Inputs, Targets } from './data-adapter.js';
import { adaptAllInputs, adaptAllTargets, splitTailAll } from './model-data.js';
import type { ModelTensors } from './model-data.js';
import { Executor } from './executor.js';
import { batches, identityOrder } from './batches.js';
import type { TargetRows } from './batches.js';
import { WeightTotals, applyClassWeight, resolveSampleWeights } from './sample-weights.js';
import type { ClassWeight, SampleWeight } from './sample-weights.js';
import type { OutputHead } from './executor.js';
import { mapGraph, parametersOf } from './graph.js';
import type { Graph } from './graph.js';
import { History } from './history.js';
import type { Logs } from './history.js';
import { ProgressLogger } from './progress.js';
import { formatFunctionalSummary } from './summary.js';
import { AXON_VERSION, functionalJSON } from './topology.js';
import { concatWeightData } from '../io/artifacts.js';
import type { ModelArtifacts, SaveResult, TrainingConfig } from '../io/artifacts.js';
import { resolveHandler } from '../io/handlers.js';
import type { LoadOptions, LoadSource, SaveDestination } from '../io/handlers.js';
import { assignWeights, decodeWeights, encodeWeights, namedWeights } from '../io/weights.js';
import { optimizerFromConfig } from '../optimizers/index.js';
import type { Parameter } from '../layers/layer.js';
import type { KerasModelJSON } from './topology.js';

/** One value for every output, an array in output order, or an object keyed by output layer name (Keras' forms). */
export type PerOutput<T> = T | T[] | Record<string, T>;

export interface CompileArgs {
  // Literal unions, not `| string`: a misspelt name is a TypeScript error before it is a runtime one.
  optimizer?: OptimizerName | Optimizer;
  /** One loss for every output, an array in output order, or an object keyed by output name. */
  loss: LossName | LossFunction | (LossName | LossFunction)[] | Record<string, LossName | LossFunction>;
  /** Metric names for every output, or per output (an array of lists, or an object keyed by output name). */
  metrics?: MetricLike[] | MetricLike | MetricLike[][] | Record<string, MetricLike[] | MetricLike>;
  /**
   * Keras' weighted_metrics, in the forms of `metrics`: taken with the sample (and class) weights,
   * as Σ w·metric / Σ w. Logged under the metric's key, or `weighted_<key>` where `metrics` has it.
   */
  weightedMetrics?: MetricLike[] | MetricLike | MetricLike[][] | Record<string, MetricLike[] | MetricLike>;
  /** Keras' loss_weights: each output's weight in the total loss (default 1 each). */
  lossWeights?: number[] | Record<string, number>;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  /** [xVal, yVal], or Keras' [xVal, yVal, sampleWeightVal]. */
  validationData?: [ModelTensors, ModelTensors] | [ModelTensors, ModelTensors, SampleWeight];
  validationSplit?: number;
  /** Keras' class_weight, single-output classification models: each sample's loss times its class's weight. */
  classWeight?: ClassWeight;
  /**
   * Keras' sample_weight: each sample's loss times its weight (summed and divided by the batch size),
   * one array for every output, or per output (an array, or an object keyed by output name).
   */
  sampleWeight?: SampleWeight;
  verbose?: 0 | 1 | 2;
  callbacks?: Callback | Callback[];
  initialEpoch?: number;
}

export interface EvaluateArgs {
  batchSize?: number;
  /** Keras' return_dict: `{ loss, accuracy, ... }` keyed like History, instead of a number or list. */
  returnDict?: boolean;
  /** Keras' sample_weight, in fit()'s forms. */
  sampleWeight?: SampleWeight;
}

export interface PredictArgs {
  batchSize?: number;
}

export interface SaveOptions {
  /** Also store how the model was compiled and the optimizer's state (tfjs' includeOptimizer; default false). */
  includeOptimizer?: boolean;
}

export interface ModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
  /** Backend name; defaults to the one chosen with setBackend(), normally 'wasm'. */
  backend?: string;
}

/** What a subclass (Sequential) passes instead of inputs and outputs: its graph comes at build time. */
export interface DeferredGraphArgs {
  name: string;
  backend?: string | undefined;
  deferGraph: true;
}

interface Compiled {
  optimizer: Optimizer;
  losses: LossKind[];
  heads: OutputHead[];
  /** Per output, the metrics with the keys they are logged under. */
  metrics: ResolvedMetric[][];
  /** Per output, the metric names as given (a saved trainingConfig holds them). */
  metricNames: MetricName[][];
  /** Per output, the weighted metrics with their keys, logged after that output's metrics. */
  weightedMetrics: ResolvedMetric[][];
  weightedMetricNames: MetricName[][];
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

/** A value per output from Keras' three forms (one for all, a list, a dict by output name). */
function perOutput<T>(value: PerOutput<T>, names: readonly string[], argument: string, isOne: (v: unknown) => v is T): T[] {
  if (isOne(value)) return names.map(() => value);
  if (Array.isArray(value)) {
    if (value.length !== names.length) throw new ValueError(`${argument}: expected ${names.length} entries, one per output (${names.join(', ')}), received ${value.length}`);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const dict = value as Record<string, T>;
    const unknown = Object.keys(dict).filter((k) => !names.includes(k));
    if (unknown.length) throw new ValueError(`${argument}: unknown output name ${unknown.map((k) => `"${k}"`).join(', ')}; the outputs are ${names.map((n) => `"${n}"`).join(', ')}`);
    return names.map((n) => {
      if (!(n in dict)) throw new ValueError(`${argument}: missing the output "${n}"`);
      return dict[n]!;
    });
  }
  throw new ValueError(`${argument}: expected one value, an array per output or an object keyed by output name, received ${describe(value)}`);
}

/**
 * Keras' Model: a graph of layers from symbolic inputs to outputs (the functional API), trained
 * with compile/fit/evaluate/predict. Sequential is the one-input, one-output chain of it. One
 * loop runs fit, evaluate and predict: the executor compiled from the graph does the work.
 */
export class Model implements TrainingModel {
  readonly name: string;
  stopTraining = false;
  protected readonly backendName: string | undefined;
  protected backend: Backend | null = null;
  protected graph: Graph | null = null;
  private compiled: Compiled | null = null;
  private ready = false;
  private disposed = false;
  /** A fit() is running: a second one would interleave its batches with the first's. */
  private training = false;
  private trainExecutor: Executor | null = null;
  private inferExecutor: Executor | null = null;

  constructor(args: ModelArgs | DeferredGraphArgs) {
    if ('deferGraph' in args && args.deferGraph) {
      this.name = args.name;
      this.backendName = args.backend;
      return;
    }
    checkOptions(args, ['inputs', 'outputs', 'name', 'backend'], 'Model');
    const { inputs, outputs, name, backend } = args as ModelArgs;
    if (inputs === undefined || outputs === undefined) throw new ValueError('Model(args): expected { inputs, outputs }, e.g. new Model({ inputs: Input({ shape: [4] }), outputs: dense.apply(x) })');
    this.name = name ?? uniqueName('model');
    this.backendName = backend;
    this.graph = mapGraph(inputs, outputs, `Model "${this.name}"`);
  }

  /** Keras' model.layers: every layer of the graph once, InputLayers included, in call order. */
  get layers(): Layer[] {
    return [...(this.graph?.layers ?? [])];
  }

  /** The model's symbolic inputs and outputs. */
  get inputs(): readonly SymbolicTensor[] {
    return this.requireGraph('inputs').inputs;
  }

  get outputs(): readonly SymbolicTensor[] {
    return this.requireGraph('outputs').outputs;
  }

  /** Names of the inputs and outputs (their layers'), the keys of the dict forms and of the logs. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  get outputNames(): string[] {
    return this.outputs.map((t) => t.sourceLayer.name);
  }

  /** The layer graph, for the estimators that drive an Executor of their own (internal). */
  get layerGraph(): Graph {
    return this.requireGraph('layerGraph');
  }

  protected requireGraph(method: string): Graph {
    if (!this.graph) throw new StateError(`${method}: the model "${this.name}" has no graph yet; give its first layer an inputShape or build it`);
    return this.graph;
  }

  /** Every call after dispose() fails: the weights are gone, and silently drawing new ones would be worse. */
  protected usable(method: string): void {
    if (this.disposed) throw new StateError(`${method}: the model "${this.name}" was disposed; create a new model`);
  }

  /** Sequential makes its graph here once the input shape is known; a functional model has one. */
  protected ensureGraph(_sampleShapes: readonly (Shape | null)[]): Graph {
    return this.requireGraph('build()');
  }

  /** The per-sample shapes the model's inputs expect (null where a Sequential has yet to learn it). */
  protected expectedInputShapes(): (Shape | null)[] {
    return this.requireGraph('build()').inputs.map((t) => t.sampleShape);
  }

  protected inputNamesOrDefault(): string[] {
    return this.graph ? this.inputNames : ['input'];
  }

  /** Allocates every layer's weights on the backend (checking shapes and the parameter budget first). */
  protected async buildGraph(sampleShapes: readonly (Shape | null)[]): Promise<void> {
    this.usable('build()');
    const graph = this.ensureGraph(sampleShapes);
    if (this.ready) return;
    const backend = await loadBackend(this.backendName);
    await backend.ready();
    if (!this.ready) this.buildLayers(graph, backend);
  }

  /**
   * Keras creates the weights as soon as the input shape is known: where the backend is loaded or
   * can load without an await (the Wasm core in Node, Deno, Bun), getWeights() and setWeights()
   * build the model on the spot. False where that needs an await (a browser before ready()).
   */
  buildNow(): boolean {
    if (this.ready) return true;
    const shapes = this.expectedInputShapes();
    if (this.disposed || shapes.some((s) => s === null)) return false;
    let backend: Backend;
    try {
      backend = getBackend(this.backendName);
    } catch {
      return false;
    }
    if (!backend.isReady && !(backend.readyNow?.() ?? false)) return false;
    this.buildLayers(this.ensureGraph(shapes), backend);
    return true;
  }

  private buildLayers(graph: Graph, backend: Backend): void {
    const params = this.countParams();
    const count = this.layers.length;
    checkParamBudget(params, `${this.className} "${this.name}"`, `in ${count} layer${count === 1 ? '' : 's'}`, 'a model');
    for (const node of graph.nodes) {
      if (node.layer instanceof InputLayer && node.inputs.length === 0) continue;
      node.layer.buildFor(node.inputs.map((t) => t.sampleShape), backend);
    }
    this.backend = backend;
    this.ready = true;
  }

  get className(): string {
    return 'Functional';
  }

  /** Allocates every layer's weights now (fit, evaluate and predict do it when needed). */
  async build(): Promise<void> {
    await this.buildGraph(this.expectedInputShapes());
  }

  protected get isBuilt(): boolean {
    return this.ready;
  }

  compile(args: CompileArgs): void {
    this.usable('compile()');
    checkOptions(args, ['optimizer', 'loss', 'metrics', 'weightedMetrics', 'lossWeights'], 'compile');
    if (!args || args.loss === undefined) throw new ValueError('compile(loss): a loss is required, e.g. compile({ loss: "sparse_categorical_crossentropy" })');
    const names = this.graph ? this.outputNames : ['output'];
    const losses = perOutput<LossName | LossFunction>(args.loss, names, 'compile(loss)', (v): v is LossName | LossFunction => typeof v === 'string' || kernelNameOf(v) !== undefined)
      .map((l) => resolveLoss(typeof l === 'string' ? l : kernelNameOf(l) ?? (l as never)));
    const weights = args.lossWeights === undefined ? names.map(() => 1) : perOutput<number>(args.lossWeights, names, 'compile(lossWeights)', (v): v is number => false);
    weights.forEach((w, i) => {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ValueError(`compile(lossWeights): expected non-negative finite numbers, received ${describe(w)} for output "${names[i]}"`);
    });
    // Metric functions stand for their kernels, logged under their Keras names, as Keras logs them.
    const byName = (value: CompileArgs['metrics'], argument: string): MetricName[][] =>
      this.metricLists(value, names, argument).map((list) => list.map((m) => (typeof m === 'string' ? m : (kernelNameOf(m) ?? m) as MetricName)));
    const metricLists = byName(args.metrics, 'compile(metrics)');
    const weightedLists = byName(args.weightedMetrics, 'compile(weightedMetrics)');
    const multi = names.length > 1;
    const metrics = metricLists.map((list, i) => list.map((m) => {
      const resolved = resolveMetric(m, losses[i]!);
      return multi ? { ...resolved, key: `${names[i]}_${resolved.key}` } : resolved;
    }));
    // tf.keras 2.x (compile_utils.MetricsContainer._set_metric_names): a weighted metric keeps the
    // plain key unless a metric of `metrics` has it; then it is `weighted_<key>`, or
    // `<output>_weighted_<key>` on a multi-output model.
    const taken = new Set(metrics.flat().map((m) => m.key));
    const weightedMetrics = weightedLists.map((list, i) => list.map((m) => {
      const resolved = resolveMetric(m, losses[i]!);
      const plain = multi ? `${names[i]}_${resolved.key}` : resolved.key;
      const key = !taken.has(plain) ? plain : multi ? `${names[i]}_weighted_${resolved.key}` : `weighted_${resolved.key}`;
      taken.add(key);
      return { ...resolved, key };
    }));
    const optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
    if (this.compiled && this.compiled.optimizer !== optimizer) this.compiled.optimizer.dispose();
    const heads = losses.map((loss, i) => ({ loss, weight: weights[i]!, metrics: metrics[i]!.map((m) => m.kind), weightedMetrics: weightedMetrics[i]!.map((m) => m.kind) }));
    this.compiled = { optimizer, losses, heads, metrics, metricNames: metricLists, weightedMetrics, weightedMetricNames: weightedLists };
  }

  /** Keras' metric forms: names for every output, a list per output, or a dict by output name. */
  private metricLists(value: CompileArgs['metrics'], names: readonly string[], argument: string): MetricLike[][] {
    const one = (m: unknown): m is MetricLike => typeof m === 'string' || kernelNameOf(m) !== undefined;
    if (value === undefined) return names.map(() => []);
    if (one(value)) return names.map(() => [value]);
    if (Array.isArray(value)) {
      if (value.every(one)) return names.map(() => value as MetricLike[]);
      if (value.every((m) => Array.isArray(m)) && value.length === names.length) return value as MetricLike[][];
    } else if (value !== null && typeof value === 'object') {
      return perOutput<MetricLike[] | MetricLike>(value, names, argument, (v): v is MetricLike => one(v)).map((m) => (one(m) ? [m] : m));
    }
    throw new ValueError(`${argument}: expected a metric name, an array of them, an array per output or an object keyed by output name, received ${describe(value)}`);
  }

  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  private requireCompiled(method: string): Compiled {
    if (!this.compiled) throw new StateError(`${method}: the model "${this.name}" must be compiled first; call model.compile({ loss, optimizer, metrics })`);
    if (this.compiled.losses.length !== this.graph!.outputs.length) {
      throw new StateError(`${method}: the model "${this.name}" was compiled with ${this.compiled.losses.length} loss${this.compiled.losses.length === 1 ? '' : 'es'} for ${this.graph!.outputs.length} outputs; compile it again`);
    }
    return this.compiled;
  }

  private outputUnits(): number[] {
    return this.graph!.outputs.map((t) => sizeOfShape(t.sampleShape));
  }

  private executor(kind: 'train' | 'infer', capacity: number, targets: readonly Targets[] | null): Executor {
    const current = kind === 'train' ? this.trainExecutor : this.inferExecutor;
    // An executor with target buffers also serves predict(), which ignores them.
    const fits = current && current.capacity >= capacity
      && (!targets || targets.every((t, i) => current.targets[i]?.kind === (t.integer ? 'i32' : 'f32')));
    if (current && fits) return current;
    current?.dispose();
    const executor = new Executor(this.backend!, this.graph!, capacity, targets ? targets.map((t) => ({ cols: t.cols, integer: t.integer })) : null, kind === 'train');
    if (kind === 'train') this.trainExecutor = executor;
    else this.inferExecutor = executor;
    return executor;
  }

  /** The losses' keys in the logs: 'loss', then one per output when there are several (Keras). */
  private lossKeys(): string[] {
    const names = this.outputNames;
    return names.length > 1 ? names.map((n) => `${n}_loss`) : [];
  }

  /** Adapts x (and y, with any sample weights) for the model, building it from x's shape where it is still unknown. */
  private async prepare(x: ModelTensors, y: ModelTensors | null, argument: string, sampleWeight?: SampleWeight): Promise<[Inputs[], Targets[]]> {
    const inputs = adaptAllInputs(x, this.inputNamesOrDefault(), this.expectedInputShapes(), `${argument}(x)`);
    // Built already: adaptAllInputs has checked the shapes against the graph's (no await per call).
    if (!this.ready) await this.buildGraph(inputs.map((i) => i.sampleShape));
    if (!y) return [inputs, []];
    const compiled = this.requireCompiled(`${argument}()`);
    this.graph!.outputs.forEach((t, i) => {
      const loss = compiled.losses[i]!;
      // The loss kernels read each sample's output as one row; Keras' per-position losses on a
      // [batch, steps, classes] output are not that, and mse/mae are the only ones it equals.
      if (t.sampleShape.length > 1 && loss !== 'mean_squared_error' && loss !== 'mean_absolute_error') {
        throw new ValueError(`${argument}(): the output "${this.outputNames[i]}" has shape ${describe(t.shape)}; ${loss} on outputs of rank > 2 is not supported yet (mse and mae are); add a Flatten or Reshape before the output layer`);
      }
    });
    const rows = inputs[0]!.rows;
    const targets = adaptAllTargets(y, this.outputNames, compiled.losses, this.outputUnits(), rows, `${argument}(y)`);
    return [inputs, withWeights(targets, resolveSampleWeights(sampleWeight, this.outputNames, rows, `${argument}(sampleWeight)`))];
  }

  async fit(x: ModelTensors, y: ModelTensors, args: FitArgs = {}): Promise<History> {
    this.usable('fit()');
    if (this.training) throw new StateError(`fit(): the model "${this.name}" is already training; await the running fit() before starting another`);
    this.training = true;
    try {
      return await this.train(x, y, args);
    } finally {
      this.training = false;
    }
  }

  private async train(x: ModelTensors, y: ModelTensors, args: FitArgs): Promise<History> {
    checkOptions(args, ['epochs', 'batchSize', 'shuffle', 'validationData', 'validationSplit', 'verbose', 'callbacks', 'initialEpoch', 'classWeight', 'sampleWeight'], 'fit');
    this.requireCompiledLoose('fit()');
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

    let [inputs, targets] = await this.prepare(x, y, 'fit', args.sampleWeight);
    const compiled = this.requireCompiled('fit()');
    let validation: [Inputs[], Targets[]] | null = null;
    if (split > 0) {
      // Keras splits the sample weights with the data; class weights weight the training part only.
      [[inputs, targets], validation] = splitTailAll(inputs, targets, split);
    } else if (args.validationData) {
      const data = args.validationData;
      if (!Array.isArray(data) || (data.length !== 2 && data.length !== 3)) {
        throw new ValueError(`fit(validationData): expected [xVal, yVal] or [xVal, yVal, sampleWeightVal], received ${describe(data)}`);
      }
      const vx = adaptAllInputs(data[0], this.inputNames, this.expectedInputShapes(), 'fit(validationData[0])');
      const vy = adaptAllTargets(data[1], this.outputNames, compiled.losses, this.outputUnits(), vx[0]!.rows, 'fit(validationData[1])');
      validation = [vx, withWeights(vy, resolveSampleWeights(data[2], this.outputNames, vx[0]!.rows, 'fit(validationData[2])'))];
    }
    targets = applyClassWeight(args.classWeight, targets, this.outputNames, compiled.losses, 'fit(classWeight)');

    const rows = inputs[0]!.rows;
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
    const targetRows = asRows(targets);
    const weighted = targets.map((t) => !!t.weights);
    const totals = this.weightTotals(targets);
    this.stopTraining = false;

    await list.call('onTrainBegin', {});
    for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
      await list.call('onEpochBegin', epoch, {});
      for (let i = 0; i < rows; i++) order[i] = i;
      if (args.shuffle ?? true) getRandom().shuffle(order);
      totals?.follow(order);
      const sums = new Sums(compiled);
      const checkDisposed = (step: number): void => {
        if (this.disposed) throw new StateError(`fit(): the model "${this.name}" was disposed during training (epoch ${epoch + 1}, batch ${step + 1})`);
      };
      for (const { index: step, start, count } of batches(this.backend!, executor, inputs, targetRows, order, batchSize, checkDisposed)) {
        if (perBatch) await list.call('onBatchBegin', step, { batch: step, size: count });
        const batch = await executor.forwardBackward(count, compiled.heads, weighted);
        if (!Number.isFinite(batch.loss)) {
          // Keras' TerminateOnNaN, by default: checked before the update, so the weights stay those
          // of the last finite step, and fit() resolves with the epochs it completed.
          history.stopReason = `the loss became ${batch.loss} at epoch ${epoch + 1}, batch ${step + 1}`;
          warn(`fit(): ${history.stopReason}; training stopped with the weights of the last finite step (lower the learning rate or check the data scaling)`, 'AxonTrainingWarning');
          break;
        }
        compiled.optimizer.applyGradients(params, this.backend!);
        sums.add(batch, count, totals, start);
        if (perBatch) await list.call('onBatchEnd', step, { batch: step, size: count, ...sums.logs(this.lossKeys(), '') });
        // Keras 3 checks stop_training after every batch, so a callback can end fit() mid-epoch
        // (the epoch still closes: its partial logs, validation and onEpochEnd).
        if (this.stopTraining) break;
      }
      if (history.stopReason !== undefined) break;
      const logs: Logs = sums.logs(this.lossKeys(), '');
      if (validation) Object.assign(logs, (await this.measure(validation[0], validation[1], batchSize)).logs(this.lossKeys(), 'val_'));
      // Keras logs the rate a schedule gives at the updates made so far (its optimizer.learning_rate).
      const schedule = compiled.optimizer.learningRateSchedule;
      if (schedule) logs['learning_rate'] = Math.fround(schedule.at(compiled.optimizer.iterations));
      await list.call('onEpochEnd', epoch, logs);
      history.record(epoch, logs);
      await yieldToEventLoop();
    }
    await list.call('onTrainEnd', {});
    return history;
  }

  /** requireCompiled before the graph exists (a Sequential fit on data builds it afterwards). */
  private requireCompiledLoose(method: string): Compiled {
    if (!this.compiled) throw new StateError(`${method}: the model "${this.name}" must be compiled first; call model.compile({ loss, optimizer, metrics })`);
    return this.compiled;
  }

  /** Mean losses and metrics over all rows, batch by batch. */
  private async measure(inputs: readonly Inputs[], targets: readonly Targets[], batchSize: number): Promise<Sums> {
    const compiled = this.compiled!;
    const rows = inputs[0]!.rows;
    const executor = this.executor('infer', Math.min(batchSize, rows), targets);
    const sums = new Sums(compiled);
    const order = identityOrder(rows);
    const weighted = targets.map((t) => !!t.weights);
    const totals = this.weightTotals(targets);
    totals?.follow(order);
    for (const { start, count } of batches(this.backend!, executor, inputs, asRows(targets), order, batchSize)) {
      executor.forward(count, false);
      sums.add(await executor.measure(count, compiled.heads, weighted), count, totals, start);
    }
    return sums;
  }

  /** Σ w per batch for the weighted metrics' denominators; null where no weighted metric needs it. */
  private weightTotals(targets: readonly Targets[]): WeightTotals | null {
    const needed = this.compiled!.weightedMetrics.some((list) => list.length > 0) && targets.some((t) => t.weights);
    return needed ? new WeightTotals(targets.map((t) => t.weights)) : null;
  }

  /**
   * Keras' evaluate: the loss, or [loss, ...output losses, ...metrics]; with `returnDict: true` an
   * object keyed like History (`const { loss, accuracy } = ...`).
   */
  evaluate(x: ModelTensors, y: ModelTensors, args: EvaluateArgs & { returnDict: true }): Promise<Record<string, number>>;
  evaluate(x: ModelTensors, y: ModelTensors, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  async evaluate(x: ModelTensors, y: ModelTensors, args: EvaluateArgs = {}): Promise<number | number[] | Record<string, number>> {
    checkOptions(args, ['batchSize', 'returnDict', 'sampleWeight'], 'evaluate');
    this.requireCompiledLoose('evaluate()');
    const batchSize = positiveInteger(args.batchSize ?? 32, 'evaluate(batchSize)');
    if (args.returnDict !== undefined && typeof args.returnDict !== 'boolean') throw new ValueError(`evaluate(returnDict): expected true or false, received ${describe(args.returnDict)}`);
    const [inputs, targets] = await this.prepare(x, y, 'evaluate', args.sampleWeight);
    const logs = (await this.measure(inputs, targets, batchSize)).logs(this.lossKeys(), '');
    if (args.returnDict === true) return logs;
    const values = Object.values(logs);
    return values.length > 1 ? values : values[0]!;
  }

  /** Outputs (probabilities for softmax/sigmoid outputs) for every sample: one tensor, or one per output. */
  async predict(x: ModelTensors, args: PredictArgs = {}): Promise<Tensor<'float32'> | Tensor<'float32'>[]> {
    checkOptions(args, ['batchSize'], 'predict');
    const batchSize = positiveInteger(args.batchSize ?? 32, 'predict(batchSize)');
    const [inputs] = await this.prepare(x, null, 'predict');
    const rows = inputs[0]!.rows;
    const executor = this.executor('infer', Math.min(batchSize, rows), null);
    const outputs = this.graph!.outputs;
    const out = executor.outputSizes.map((size) => new Float32Array(rows * size));
    for (const { start, count } of batches(this.backend!, executor, inputs, [], identityOrder(rows), batchSize)) {
      executor.forward(count, false);
      for (let o = 0; o < out.length; o++) {
        // Only a GPU reads back asynchronously; an await of a plain value still costs a microtask.
        const values = executor.readOutput(count, o);
        out[o]!.set(values instanceof Promise ? await values : values, start * executor.outputSizes[o]!);
      }
    }
    const tensors = out.map((data, o) => new Tensor<'float32'>(data, [rows, ...outputs[o]!.sampleShape]));
    return tensors.length === 1 ? tensors[0]! : tensors;
  }

  protected requireBuilt(method: string): Graph {
    this.usable(method);
    if (!this.ready && !this.buildNow()) {
      const known = this.expectedInputShapes().every((s) => s !== null);
      throw new StateError(known
        ? `${method}: the model "${this.name}" has no weights yet and its backend loads asynchronously here; await ready() (or model.build()) first`
        : `${method}: the model "${this.name}" has no weights yet; call fit(), predict() or await model.build() first`);
    }
    return this.graph!;
  }

  /** The layers that hold weights, in getWeights() order. */
  private get weighted(): Layer[] {
    return this.requireGraph('getWeights()').layers.filter((l) => l.weights.length > 0);
  }

  /** All weights in Keras order: for each layer, kernel [in, out] then bias [out]. */
  getWeights(): Tensor<'float32'>[] {
    this.requireBuilt('getWeights()');
    if (this.backend?.asyncReadback) {
      throw new StateError(`getWeights(): the "${this.backend.name}" backend runs on WebGPU on this thread, where values come back only asynchronously; use await model.getWeightsAsync()`);
    }
    return this.weighted.flatMap((l) => l.getWeights());
  }

  /** getWeights() on every backend, WebGPU in a browser included (its readback is asynchronous). */
  async getWeightsAsync(): Promise<Tensor<'float32'>[]> {
    this.requireBuilt('getWeightsAsync()');
    return (await Promise.all(this.weighted.map((l) => l.getWeightsAsync()))).flat();
  }

  /**
   * Sets every weight, in getWeights() order, from tensors or typed arrays. All are checked (shape,
   * finite values) before any is written, so a bad one leaves the model as it was.
   */
  setWeights(weights: (Tensor | Float32Array | Int32Array | Uint8Array)[]): void {
    this.requireBuilt('setWeights(weights)');
    const layers = this.weighted;
    const expected = layers.reduce((n, l) => n + l.weights.length, 0);
    if (!Array.isArray(weights) || weights.length !== expected) {
      throw new ValueError(`setWeights(weights): expected ${expected} tensors (kernel and bias of each layer), received ${Array.isArray(weights) ? weights.length : describe(weights)}`);
    }
    let offset = 0;
    const checked = layers.map((layer) => {
      const count = layer.weights.length;
      const values = weights.slice(offset, offset + count).map((w, i) => layer.weights[i]!.check(w, `setWeights(weights[${offset + i}])`));
      offset += count;
      return values;
    });
    layers.forEach((layer, i) => layer.writeWeights(checked[i]!));
  }

  countParams(): number {
    const graph = this.requireGraph('countParams()');
    let total = 0;
    const seen = new Set<Layer>();
    for (const node of graph.nodes) {
      if (seen.has(node.layer) || node.inputs.length === 0) continue;
      seen.add(node.layer);
      total += node.inputs.length === 1 ? node.layer.countParams(node.inputs[0]!.sampleShape) : 0;
    }
    return total;
  }

  /** Prints Keras' functional summary (with a "Connected to" column), or hands each line to printFn, and returns it. */
  summary(lineLength?: number, printFn: (line: string) => void = console.log): string {
    const graph = this.requireGraph('summary()');
    const text = formatFunctionalSummary(this.name, graph, lineLength);
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
    this.ready = false;
  }

  /** The layers that hold weights, and the trainable parameters in the order the optimizer steps them. */
  private parameters(): { layers: Layer[]; trainable: Parameter[] } {
    const graph = this.requireGraph('save()');
    return { layers: this.weighted, trainable: parametersOf(graph).filter((p) => p.trainable) };
  }

  /**
   * Saves the model in TensorFlow.js' layers-model format (model.json and a weights file, as Keras'
   * JSON topology plus float32 weights) to a URL (file://, indexeddb://, localstorage://,
   * downloads://) or a tfjs IOHandler. `includeOptimizer` adds how the model was compiled and the
   * optimizer's state, so that fit() continues exactly where it stopped.
   */
  async save(destination: SaveDestination, options: SaveOptions = {}): Promise<SaveResult> {
    checkOptions(options, ['includeOptimizer'], 'save');
    this.requireBuilt('save()');
    const handler = resolveHandler(destination, 'save(destination)');
    if (!handler.save) throw new ValueError('save(destination): the handler has no save(); it can only load');
    const { layers, trainable } = this.parameters();
    const weights = await namedWeights(layers);
    let trainingConfig: TrainingConfig | undefined;
    if (options.includeOptimizer) {
      const compiled = this.requireCompiled('save({ includeOptimizer })');
      const state = await compiled.optimizer.getStateWeights(trainable);
      weights.push(...state.map((w) => ({ ...w, group: 'optimizer' })));
      const names = this.outputNames;
      trainingConfig = {
        loss: names.length > 1 ? compiled.losses : compiled.losses[0]!,
        metrics: names.length > 1 ? Object.fromEntries(names.map((n, i) => [n, compiled.metricNames[i]!])) : compiled.metricNames[0]!,
        ...(compiled.weightedMetricNames.some((l) => l.length > 0)
          ? { weighted_metrics: names.length > 1 ? Object.fromEntries(names.map((n, i) => [n, compiled.weightedMetricNames[i]!])) : compiled.weightedMetricNames[0]! }
          : {}),
        ...(names.length > 1 ? { loss_weights: compiled.heads.map((h) => h.weight) } : {}),
        optimizer_config: { class_name: compiled.optimizer.className, config: compiled.optimizer.getConfig() },
      };
    }
    const { specs, data } = encodeWeights(weights);
    const artifacts: ModelArtifacts = { modelTopology: this.toJSON(), format: 'layers-model', generatedBy: `axon-nn ${AXON_VERSION}`, convertedBy: null, weightSpecs: specs, weightData: data };
    if (trainingConfig) artifacts.trainingConfig = trainingConfig;
    return handler.save(artifacts);
  }

  /** The weights alone (model.json without a topology), for loadWeights(). */
  async saveWeights(destination: SaveDestination): Promise<SaveResult> {
    this.requireBuilt('saveWeights()');
    const handler = resolveHandler(destination, 'saveWeights(destination)');
    if (!handler.save) throw new ValueError('saveWeights(destination): the handler has no save(); it can only load');
    const { specs, data } = encodeWeights(await namedWeights(this.parameters().layers));
    return handler.save({ modelTopology: null as unknown as ModelArtifacts['modelTopology'], format: 'layers-model', generatedBy: `axon-nn ${AXON_VERSION}`, convertedBy: null, weightSpecs: specs, weightData: data });
  }

  /**
   * Reads weights saved by saveWeights() or save() (or tfjs, or Keras through tensorflowjs_converter)
   * into this model, matching them by layer and weight name; all are checked before any is written.
   */
  async loadWeights(source: LoadSource, options: LoadOptions = {}): Promise<void> {
    checkOptions(options, ['fetchFunc', 'requestInit'], 'loadWeights');
    this.requireBuilt('loadWeights()');
    const where = typeof source === 'string' ? source : 'loadWeights(source)';
    const handler = resolveHandler(source, 'loadWeights(source)', options);
    if (!handler.load) throw new ValueError('loadWeights(source): the handler has no load()');
    const artifacts = await handler.load();
    assignWeights(this.parameters().layers, decodeWeights(artifacts.weightSpecs ?? [], concatWeightData(artifacts.weightData), where), where);
  }

  /** Restores compile() and the optimizer's state from a saved trainingConfig (loadModel does this). */
  restoreTraining(config: TrainingConfig, stored: ReadonlyMap<string, Float32Array>, where: string): void {
    const c = config.optimizer_config;
    if (!c || typeof c.class_name !== 'string') throw new FormatError(`${where}: trainingConfig has no optimizer_config`);
    const optimizer = optimizerFromConfig(c.class_name, c.config ?? {}, `${where} trainingConfig.optimizer_config`);
    this.compile({
      loss: config.loss as CompileArgs['loss'],
      optimizer,
      ...(config.metrics !== undefined ? { metrics: config.metrics as CompileArgs['metrics'] } : {}),
      ...(config.weighted_metrics !== undefined ? { weightedMetrics: config.weighted_metrics as CompileArgs['weightedMetrics'] } : {}),
      ...(config.loss_weights !== undefined ? { lossWeights: config.loss_weights } : {}),
    });
    if (stored.size > 0) optimizer.setStateWeights(this.parameters().trainable, stored, where);
  }

  /** Keras' to_json: the topology (no weights) as Keras JSON, the `modelTopology` of model.json. */
  toJSON(): KerasModelJSON {
    return functionalJSON(this.name, this.requireGraph('toJSON()'));
  }

  /** Keras' get_layer: the layer named `name`, or at position `index`. */
  getLayer(name: string): Layer;
  getLayer(name: undefined, index: number): Layer;
  getLayer(name?: string, index?: number): Layer {
    const layers = this.layers;
    if (name !== undefined) {
      const found = layers.find((l) => l.name === name);
      if (!found) throw new ValueError(`getLayer(name): no layer named ${describe(name)}; the layers are ${layers.map((l) => l.name).join(', ')}`);
      return found;
    }
    if (!Number.isInteger(index) || index! < 0 || index! >= layers.length) {
      throw new ValueError(`getLayer(index): expected an integer in [0, ${layers.length}), received ${describe(index)}`);
    }
    return layers[index!]!;
  }
}

/** Targets as the batch loop reads them: a row of `cols` values (or one label) per sample, and its weight. */
function asRows(targets: readonly Targets[]): TargetRows[] {
  return targets.map((t) => ({ data: t.data, rowLength: t.cols, weights: t.weights ?? null }));
}

function withWeights(targets: readonly Targets[], weights: readonly (Float32Array | null)[]): Targets[] {
  return targets.map((t, i) => ({ ...t, weights: weights[i] ?? null }));
}

/**
 * Running sums of a pass over the data: total loss, each output's loss, each metric; read as Keras'
 * logs. Losses are means over the samples (Keras divides Σ w·loss by the batch size); weighted
 * metrics are Keras' weighted means, Σ w·metric / Σ w (0 while Σ w is 0, as its divide_no_nan).
 */
class Sums {
  private rows = 0;
  private loss = 0;
  private readonly outputLosses: number[];
  private readonly metrics: number[];
  /** Per output, Σ w of the rows seen (the rows themselves where unweighted). */
  private readonly weightSums: number[];
  /** Every metric in batch order: its key and the output whose weights divide it (−1: the row count). */
  private readonly columns: { key: string; weightedBy: number }[];

  constructor(compiled: Compiled) {
    this.outputLosses = compiled.heads.map(() => 0);
    this.weightSums = compiled.heads.map(() => 0);
    this.columns = compiled.metrics.flatMap((list, i) => [
      ...list.map((m) => ({ key: m.key, weightedBy: -1 })),
      ...compiled.weightedMetrics[i]!.map((m) => ({ key: m.key, weightedBy: i })),
    ]);
    this.metrics = this.columns.map(() => 0);
  }

  add(batch: { loss: number; outputLosses: number[]; metrics: number[] }, rows: number, totals: WeightTotals | null = null, start = 0): void {
    this.rows += rows;
    this.loss += batch.loss;
    for (let i = 0; i < batch.outputLosses.length; i++) this.outputLosses[i]! += batch.outputLosses[i]!;
    for (let i = 0; i < batch.metrics.length; i++) this.metrics[i]! += batch.metrics[i]!;
    for (let i = 0; i < this.weightSums.length; i++) this.weightSums[i]! += totals ? totals.sum(i, start, rows) : rows;
  }

  /** { loss, <output>_loss..., <metric keys>... } as means over the rows seen, keys prefixed (val_). */
  logs(outputLossKeys: readonly string[], prefix: string): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.loss / this.rows };
    outputLossKeys.forEach((key, i) => (logs[`${prefix}${key}`] = this.outputLosses[i]! / this.rows));
    this.columns.forEach(({ key, weightedBy }, i) => {
      const divisor = weightedBy < 0 ? this.rows : this.weightSums[weightedBy]!;
      logs[`${prefix}${key}`] = divisor > 0 ? this.metrics[i]! / divisor : 0;
    });
    return logs;
  }
}
