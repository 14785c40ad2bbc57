import { checkOptions } from '../options.js';
import { ShapeError, ValueError, describe } from '../errors.js';
import { getBackend } from '../backends/index.js';
import type { ActivationName, Backend, LossKind, UpdateRule } from '../backends/backend.js';
import { Dense } from '../layers/dense.js';
import type { Parameter } from '../layers/layer.js';
import { Sequential } from '../models/sequential.js';
import { Executor, synchronously } from '../models/executor.js';
import { batches, identityOrder } from '../models/batches.js';
import { Adam, adamRule } from '../optimizers/adam.js';
import { SGD } from '../optimizers/sgd.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Tensor, toTensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import type { Estimator } from '../data/preprocessing/cross-validate.js';
import { trainTestSplit } from '../data/preprocessing/train-test-split.js';
import type { RandomState } from '../data/random-state.js';
import {
  accuracy, checkChoice, checkFeatures, checkNumber, checkPositiveInteger, encodeClasses, labelTensor, notFitted,
  r2Score, randomSample, randomStateFor, toMatrix, toTargets, validationSplitSizes, warnConvergence,
} from './common.js';
import type { Matrix, RandomSeed, Targets } from './common.js';

export type MLPActivation = 'identity' | 'logistic' | 'tanh' | 'relu';

const MLP_OPTIONS = [
  'hiddenLayerSizes', 'activation', 'solver', 'alpha', 'batchSize', 'learningRate', 'learningRateInit', 'powerT', 'maxIter', 'shuffle',
  'randomState', 'tol', 'momentum', 'nesterovsMomentum', 'earlyStopping', 'validationFraction', 'beta1', 'beta2', 'epsilon', 'nIterNoChange',
] as const;

export interface MLPOptions {
  /** Units of each hidden layer. Default [100]. */
  hiddenLayerSizes?: readonly number[];
  activation?: MLPActivation;
  solver?: 'adam' | 'sgd';
  /** L2 penalty: alpha/(2·batch)·‖W‖² is added to each batch's loss (biases are not penalised). Default 1e-4. */
  alpha?: number;
  /** 'auto' is min(200, samples). */
  batchSize?: number | 'auto';
  /** Step size schedule of the 'sgd' solver. */
  learningRate?: 'constant' | 'invscaling' | 'adaptive';
  learningRateInit?: number;
  powerT?: number;
  maxIter?: number;
  shuffle?: boolean;
  /** Seed (numpy-compatible, so initial weights and batch orders equal scikit-learn's) or a RandomState. */
  randomState?: RandomSeed;
  tol?: number;
  momentum?: number;
  nesterovsMomentum?: boolean;
  earlyStopping?: boolean;
  validationFraction?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  nIterNoChange?: number;
}

type Resolved = Required<Omit<MLPOptions, 'randomState'>> & { randomState: RandomSeed };

const HIDDEN: Record<MLPActivation, ActivationName> = { identity: 'linear', logistic: 'sigmoid', tanh: 'tanh', relu: 'relu' };

/**
 * scikit-learn's Adam: lr·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v+ε). The core's kernel adds ε to √v̂ instead, so
 * handing it ε/√(1−β₂ᵗ) each step gives scikit-learn's update exactly.
 */
class SklearnAdam extends Adam {
  protected override rule(): UpdateRule {
    return adamRule(this.learningRate, this.beta1, this.beta2, this.epsilon / Math.sqrt(1 - this.beta2 ** this.iterations), this.iterations);
  }
}

interface Network {
  model: Sequential;
  backend: Backend;
  train: Executor;
  infer: Executor | null;
  optimizer: Optimizer;
  sgd: SGD | null;
  features: number;
  outputs: number;
  loss: LossKind;
  /** Keras' loss gradient divided by scikit-learn's (MSE: 2/outputs); compensated in ε, lr and α. */
  gradScale: number;
  t: number;
  learningRate: number;
}

/** The multi-layer perceptrons of scikit-learn, trained on the same Dense layers, executor and optimizers as Sequential. */
abstract class BaseMLP implements Estimator<Tensor, Tensor> {
  abstract readonly estimatorType: 'classifier' | 'regressor';
  protected abstract readonly owner: string;
  protected readonly options: Resolved;
  protected readonly given: MLPOptions;
  protected net: Network | null = null;
  private rng: RandomState | null = null;
  private noImprovement = 0;
  /** Training loss per epoch (`loss_curve_`), with the L2 term. */
  lossCurve: number[] = [];
  /** Lowest training loss (`best_loss_`); null with early stopping, as in scikit-learn. */
  bestLoss: number | null = null;
  /** Validation score per epoch with early stopping (`validation_scores_`). */
  validationScores: number[] | null = null;
  bestValidationScore: number | null = null;
  /** Epochs run (`n_iter_`). */
  nIter = 0;

  protected constructor(options: MLPOptions, owner: string) {
    checkOptions(options, MLP_OPTIONS, owner);
    this.given = { ...options };
    const o = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as MLPOptions;
    const sizes = o.hiddenLayerSizes ?? [100];
    if (!Array.isArray(sizes) || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
      throw new ValueError(`${owner}(hiddenLayerSizes): expected an array of positive integers, received ${describe(sizes)}`);
    }
    const batch = o.batchSize ?? 'auto';
    if (batch !== 'auto') checkPositiveInteger(owner, 'batchSize', batch);
    this.options = {
      hiddenLayerSizes: [...sizes],
      activation: checkChoice(owner, 'activation', o.activation ?? 'relu', ['identity', 'logistic', 'tanh', 'relu'] as const),
      solver: checkChoice(owner, 'solver', o.solver ?? 'adam', ['adam', 'sgd'] as const),
      alpha: checkNumber(owner, 'alpha', o.alpha ?? 1e-4, 0),
      batchSize: batch,
      learningRate: checkChoice(owner, 'learningRate', o.learningRate ?? 'constant', ['constant', 'invscaling', 'adaptive'] as const),
      learningRateInit: checkNumber(owner, 'learningRateInit', o.learningRateInit ?? 1e-3, 0, Infinity, false),
      powerT: checkNumber(owner, 'powerT', o.powerT ?? 0.5, 0),
      maxIter: checkPositiveInteger(owner, 'maxIter', o.maxIter ?? 200),
      shuffle: o.shuffle ?? true,
      randomState: o.randomState,
      tol: checkNumber(owner, 'tol', o.tol ?? 1e-4, 0),
      momentum: checkNumber(owner, 'momentum', o.momentum ?? 0.9, 0, 1),
      nesterovsMomentum: o.nesterovsMomentum ?? true,
      earlyStopping: o.earlyStopping ?? false,
      validationFraction: checkNumber(owner, 'validationFraction', o.validationFraction ?? 0.1, 0, 1, true, false),
      beta1: checkNumber(owner, 'beta1', o.beta1 ?? 0.9, 0, 1, true, false),
      beta2: checkNumber(owner, 'beta2', o.beta2 ?? 0.999, 0, 1, true, false),
      epsilon: checkNumber(owner, 'epsilon', o.epsilon ?? 1e-8, 0, Infinity, false),
      nIterNoChange: checkPositiveInteger(owner, 'nIterNoChange', o.nIterNoChange ?? 10),
    };
  }

  abstract clone(): BaseMLP;

  /** Output width, output activation and loss for the encoded targets. */
  protected abstract head(): { units: number; activation: ActivationName; loss: LossKind };
  /** Targets encoded for the loss kernel: class indices (i32) or values (f32), `cols` per sample. */
  protected abstract encodeTargets(y: Targets, rows: number, method: string, firstCall: boolean, classes?: readonly number[]): { data: Float32Array | Int32Array; cols: number; labels: Float64Array };
  /** accuracy or R² of the current weights on encoded rows. */
  protected abstract scoreRows(x: Matrix, labels: Float64Array): number;

  get isFitted(): boolean {
    return this.net !== null;
  }

  protected requireNet(method: string): Network {
    if (!this.net) throw notFitted(this.owner, method);
    return this.net;
  }

  /** Weight matrices, one per layer, [fanIn, fanOut] (`coefs_`). */
  get coefs(): Tensor<'float32'>[] {
    return this.requireNet('coefs').model.layers.map((l) => l.getWeights()[0]!);
  }

  /** Bias vectors, one per layer (`intercepts_`). */
  get intercepts(): Tensor<'float32'>[] {
    return this.requireNet('intercepts').model.layers.map((l) => l.getWeights()[1]!);
  }

  get nFeaturesIn(): number {
    return this.requireNet('nFeaturesIn').features;
  }

  /** The Sequential model the estimator trains (for summary() or export). */
  get model(): Sequential {
    return this.requireNet('model').model;
  }

  /** Frees the network's Wasm memory; the estimator is unfitted afterwards. */
  dispose(): void {
    if (!this.net) return;
    this.net.train.dispose();
    this.net.infer?.dispose();
    this.net.optimizer.dispose();
    this.net.model.dispose();
    this.net = null;
  }

  private async build(features: number, rng: RandomState): Promise<Network> {
    const o = this.options;
    const head = this.head();
    const sizes = [features, ...o.hiddenLayerSizes, head.units];
    // scikit-learn's Glorot-uniform: bound √(6/(in+out)), √(2/(in+out)) for logistic, the biases
    // drawn from the same range (Keras zeroes them), all from the estimator's numpy generator.
    const factor = o.activation === 'logistic' ? 2 : 6;
    const layers: Dense[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const fanIn = sizes[i]!;
      const fanOut = sizes[i + 1]!;
      const bound = Math.sqrt(factor / (fanIn + fanOut));
      const draw = (count: number): Float32Array => Float32Array.from({ length: count }, () => -bound + 2 * bound * randomSample(rng));
      const kernel = draw(fanIn * fanOut);
      const bias = draw(fanOut);
      const last = i + 2 === sizes.length;
      layers.push(new Dense(fanOut, {
        activation: last ? head.activation : HIDDEN[o.activation],
        kernelInitializer: () => kernel,
        biasInitializer: () => bias,
        ...(i === 0 ? { inputShape: [features] } : {}),
      }));
    }
    const model = new Sequential(layers, { name: `${this.owner.toLowerCase()}_network` });
    await model.build([features]);
    const backend = getBackend();
    const gradScale = head.loss === 'mean_squared_error' ? 2 / head.units : 1;
    let optimizer: Optimizer;
    let sgd: SGD | null = null;
    if (o.solver === 'adam') {
      optimizer = new SklearnAdam({ learningRate: o.learningRateInit, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon * gradScale });
    } else {
      sgd = new SGD({ learningRate: o.learningRateInit / gradScale, momentum: o.momentum, nesterov: o.nesterovsMomentum });
      optimizer = sgd;
    }
    const train = new Executor(backend, model.layerGraph, 1, [{ cols: head.loss === 'sparse_categorical_crossentropy' ? 1 : head.units, integer: head.loss === 'sparse_categorical_crossentropy' }], true);
    return { model, backend, train, infer: null, optimizer, sgd, features, outputs: head.units, loss: head.loss, gradScale, t: 0, learningRate: o.learningRateInit };
  }

  /** Rebuilds the training executor when a batch needs more rows than it holds. */
  private trainer(net: Network, rows: number, cols: number, integer: boolean): Executor {
    if (net.train.capacity >= rows) return net.train;
    net.train.dispose();
    net.train = new Executor(net.backend, net.model.layerGraph, rows, [{ cols, integer }], true);
    return net.train;
  }

  protected forwardRows(x: Matrix, method: string): Float32Array {
    const net = this.requireNet(`${method}(x)`);
    checkFeatures(this.owner, method, net.features, x.cols);
    const batch = Math.min(x.rows, 512);
    if (!net.infer || net.infer.capacity < batch) {
      net.infer?.dispose();
      net.infer = new Executor(net.backend, net.model.layerGraph, batch, null, false);
    }
    const out = new Float32Array(x.rows * net.outputs);
    for (const { start, count } of batches(net.backend, net.infer, [{ data: x.data, rowLength: x.cols }], [], identityOrder(x.rows), batch)) {
      net.infer.forward(count, false);
      out.set(synchronously(net.infer.readOutput(count)), start * net.outputs);
    }
    return out;
  }

  private squaredWeights(net: Network): number {
    let sum = 0;
    for (const layer of net.model.layers) {
      const w = layer.getWeights()[0]!.data;
      for (let i = 0; i < w.length; i++) sum += w[i]! * w[i]!;
    }
    return sum;
  }

  private kernels(net: Network): Parameter[] {
    return net.train.trainableParams().filter((p) => p.shape.length === 2);
  }

  private snapshot(net: Network): Tensor[] {
    return net.model.getWeights();
  }

  /** scikit-learn's `_fit_stochastic`: epochs of shuffled minibatches, stopping on tol/nIterNoChange. */
  protected async train(x: TensorLike, y: Targets, incremental: boolean, classes?: readonly number[]): Promise<this> {
    const o = this.options;
    const method = incremental ? 'partialFit' : 'fit';
    let m = toMatrix(x, `${this.owner}.${method}(x)`);
    const first = !incremental || this.net === null;
    if (!first) checkFeatures(this.owner, method, this.net!.features, m.cols);
    let targets = this.encodeTargets(y, m.rows, method, first, classes);
    if (first) {
      this.dispose();
      this.rng = randomStateFor(o.randomState, `${this.owner}(randomState)`);
      this.net = await this.build(m.cols, this.rng);
      this.lossCurve = [];
      this.nIter = 0;
      this.noImprovement = 0;
      const early = o.earlyStopping && !incremental;
      this.bestLoss = early ? null : Infinity;
      this.validationScores = early ? [] : null;
      this.bestValidationScore = early ? -Infinity : null;
    }
    const net = this.net!;
    const rng = this.rng!;
    const early = o.earlyStopping && !incremental;
    let validation: { x: Matrix; labels: Float64Array } | null = null;
    if (early) {
      const n = m.rows;
      const rowsX = new Tensor(m.data, [n, m.cols]);
      const index = new Tensor(Int32Array.from({ length: n }, (_, i) => i), [n]);
      // scikit-learn stratifies only single-output classification (binary here: the targets are
      // label-binarised, so more than two classes are split without stratification).
      const stratify = this.estimatorType === 'classifier' && net.outputs === 1 ? Array.from(targets.labels) : undefined;
      validationSplitSizes(this.owner, n, o.validationFraction, stratify);
      const [xt, xv, it, iv] = trainTestSplit(rowsX, index, { randomState: rng, testSize: o.validationFraction, ...(stratify ? { stratify } : {}) });
      const trainIdx = it.data as Int32Array;
      const valIdx = iv.data as Int32Array;
      validation = { x: { data: xv.data as Float32Array, rows: xv.shape[0]!, cols: m.cols }, labels: Float64Array.from(valIdx, (i) => targets.labels[i]!) };
      const sub = <T extends Float32Array | Int32Array>(a: T, cols: number): T => {
        const out = new (a.constructor as { new (n: number): T })(trainIdx.length * cols);
        trainIdx.forEach((r, k) => out.set(a.subarray(r * cols, (r + 1) * cols), k * cols));
        return out;
      };
      targets = { data: sub(targets.data, targets.cols), cols: targets.cols, labels: Float64Array.from(trainIdx, (i) => targets.labels[i]!) };
      m = { data: xt.data as Float32Array, rows: xt.shape[0]!, cols: m.cols };
    }
    const n = m.rows;
    let batchSize = o.batchSize === 'auto' ? Math.min(200, n) : o.batchSize;
    if (batchSize > n) batchSize = n;
    const integer = targets.data instanceof Int32Array;
    const executor = this.trainer(net, batchSize, targets.cols, integer);
    const params = executor.trainableParams();
    const kernels = this.kernels(net);
    let order = Uint32Array.from({ length: n }, (_, i) => i);
    let best: Tensor[] | null = null;
    const epochs = incremental ? 1 : o.maxIter;
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (o.shuffle) {
        // sklearn.utils.shuffle(sample_idx): a fresh permutation applied to the previous order.
        const perm = Uint32Array.from({ length: n }, (_, i) => i);
        rng.shuffle(perm);
        order = Uint32Array.from(perm, (p) => order[p]!);
      }
      let accumulated = 0;
      for (const { count } of batches(net.backend, executor, [{ data: m.data, rowLength: m.cols }], [{ data: targets.data, rowLength: targets.cols }], order, batchSize)) {
        const penalty = o.alpha > 0 ? 0.5 * o.alpha * this.squaredWeights(net) : 0;
        const sums = synchronously(executor.forwardBackward(count, [{ loss: net.loss, weight: 1, metrics: [] }]));
        const batchLoss = net.loss === 'mean_squared_error' ? sums.loss / 2 : sums.loss;
        accumulated += batchLoss + penalty;
        if (!Number.isFinite(sums.loss)) {
          throw new ValueError(`${this.owner}.${method}(): the loss became ${sums.loss} at epoch ${this.nIter + 1}; lower learningRateInit or scale the features`);
        }
        if (o.alpha > 0) {
          // grad += s·alpha/batch · W, with s the Keras-vs-scikit-learn gradient scale.
          const rule: UpdateRule = { kernel: 'sgdUpdate', scalars: [-(net.gradScale * o.alpha) / count] };
          for (const k of kernels) net.backend.update(rule, k.grad, k.value, []);
        }
        net.optimizer.applyGradients(params, net.backend);
      }
      this.nIter++;
      net.t += n;
      const loss = accumulated / n;
      this.lossCurve.push(loss);
      if (early) {
        const score = this.scoreRows(validation!.x, validation!.labels);
        this.validationScores!.push(score);
        if (score < this.bestValidationScore! + o.tol) this.noImprovement++;
        else this.noImprovement = 0;
        if (score > this.bestValidationScore!) {
          this.bestValidationScore = score;
          best = this.snapshot(net);
        }
      } else {
        if (loss > this.bestLoss! - o.tol) this.noImprovement++;
        else this.noImprovement = 0;
        if (loss < this.bestLoss!) this.bestLoss = loss;
      }
      if (net.sgd && o.learningRate === 'invscaling') this.setSgdRate(net, o.learningRateInit / (net.t + 1) ** o.powerT);
      if (this.noImprovement > o.nIterNoChange) {
        if (net.sgd && o.learningRate === 'adaptive' && net.learningRate > 1e-6) {
          this.setSgdRate(net, net.learningRate / 5);
          this.noImprovement = 0;
        } else {
          break;
        }
      }
      if (incremental) break;
      if (this.nIter === o.maxIter) {
        warnConvergence(`${this.owner}: stochastic optimizer: maximum iterations (${o.maxIter}) reached and the optimization hasn't converged yet`);
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    if (early && best) net.model.setWeights(best);
    return this;
  }

  /** The SGD solver's step size changes (invscaling, adaptive); the optimizer keeps its momentum slots. */
  private setSgdRate(net: Network, rate: number): void {
    net.learningRate = rate;
    (net.sgd as unknown as { learningRate: number }).learningRate = rate / net.gradScale;
  }

  abstract fit(x: TensorLike, y: Targets): Promise<this>;
  abstract score(x: TensorLike, y: Targets): number;
}

/** scikit-learn's MLPClassifier: softmax (or logistic for two classes) output, log-loss, one hidden stack. */
export class MLPClassifier extends BaseMLP {
  readonly estimatorType = 'classifier' as const;
  protected readonly owner: string = 'MLPClassifier';
  private classList: number[] | null = null;

  constructor(options: MLPOptions = {}) {
    super(options, 'MLPClassifier');
  }

  clone(): MLPClassifier {
    return new MLPClassifier(this.given);
  }

  /** Sorted class labels (`classes_`). */
  get classes(): number[] {
    if (!this.classList) throw notFitted(this.owner, 'classes');
    return [...this.classList];
  }

  protected head(): { units: number; activation: ActivationName; loss: LossKind } {
    const k = this.classList!.length;
    return k === 2 ? { units: 1, activation: 'sigmoid', loss: 'binary_crossentropy' } : { units: k, activation: 'softmax', loss: 'sparse_categorical_crossentropy' };
  }

  protected encodeTargets(y: Targets, rows: number, method: string, firstCall: boolean, classes?: readonly number[]): { data: Float32Array | Int32Array; cols: number; labels: Float64Array } {
    const labels = toTargets(y, `${this.owner}.${method}(y)`, rows);
    if (firstCall) {
      if (method === 'partialFit') {
        if (!classes) throw new ValueError(`${this.owner}.partialFit(classes): the first call needs every class label, e.g. partialFit(x, y, [0, 1, 2])`);
        this.classList = encodeClasses(Float64Array.from(classes), `${this.owner}.partialFit(classes)`).classes;
      } else {
        this.classList = encodeClasses(labels, `${this.owner}.${method}(y)`).classes;
      }
    }
    const position = new Map(this.classList!.map((c, i) => [c, i]));
    const index = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const p = position.get(labels[i]!);
      if (p === undefined) throw new ValueError(`${this.owner}.${method}(y): label ${labels[i]} is not one of the classes ${describe(this.classList)}`);
      index[i] = p;
    }
    return this.classList!.length === 2 ? { data: Float32Array.from(index), cols: 1, labels } : { data: index, cols: 1, labels };
  }

  /** Trains from scratch on x and class labels y. */
  fit(x: TensorLike, y: Targets): Promise<this> {
    return this.train(x, y, false);
  }

  /** One epoch over x, y; the first call must list every class. */
  partialFit(x: TensorLike, y: Targets, classes?: readonly number[]): Promise<this> {
    return this.train(x, y, true, classes);
  }

  private probabilities(x: Matrix, method: string): Float32Array {
    const out = this.forwardRows(x, method);
    if (this.classList!.length !== 2) return out;
    const both = new Float32Array(x.rows * 2);
    for (let i = 0; i < x.rows; i++) {
      both[i * 2] = 1 - out[i]!;
      both[i * 2 + 1] = out[i]!;
    }
    return both;
  }

  private labelsOf(x: Matrix, method: string): number[] {
    const p = this.probabilities(x, method);
    const k = this.classList!.length;
    const out = new Array<number>(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
      out[i] = this.classList![best]!;
    }
    return out;
  }

  /** Class probabilities [n, classes]. */
  predictProba(x: TensorLike): Tensor<'float32'> {
    this.requireNet('predictProba(x)');
    const m = toMatrix(x, `${this.owner}.predictProba(x)`);
    return new Tensor(this.probabilities(m, 'predictProba'), [m.rows, this.classList!.length]);
  }

  predict(x: TensorLike): Tensor {
    this.requireNet('predict(x)');
    const values = this.labelsOf(toMatrix(x, `${this.owner}.predict(x)`), 'predict');
    return labelTensor(values, this.classList!.every(Number.isInteger));
  }

  protected scoreRows(x: Matrix, labels: Float64Array): number {
    return accuracy(this.labelsOf(x, 'score'), labels);
  }

  /** Mean accuracy. */
  score(x: TensorLike, y: Targets): number {
    this.requireNet('score(x)');
    const m = toMatrix(x, `${this.owner}.score(x)`);
    return this.scoreRows(m, toTargets(y, `${this.owner}.score(y)`, m.rows));
  }
}

/** scikit-learn's MLPRegressor: identity output and squared error (halved, as scikit-learn reports it). */
export class MLPRegressor extends BaseMLP {
  readonly estimatorType = 'regressor' as const;
  protected readonly owner: string = 'MLPRegressor';
  private outputs = 1;
  private vector = true;

  constructor(options: MLPOptions = {}) {
    super(options, 'MLPRegressor');
  }

  clone(): MLPRegressor {
    return new MLPRegressor(this.given);
  }

  protected head(): { units: number; activation: ActivationName; loss: LossKind } {
    return { units: this.outputs, activation: 'linear', loss: 'mean_squared_error' };
  }

  protected encodeTargets(y: Targets, rows: number, method: string, firstCall: boolean): { data: Float32Array | Int32Array; cols: number; labels: Float64Array } {
    const argument = `${this.owner}.${method}(y)`;
    let labels: Float64Array;
    let cols = 1;
    if (y instanceof Tensor && y.rank === 2 && y.shape[1]! > 1) {
      if (y.shape[0] !== rows) throw new ShapeError(`${argument}: expected ${rows} rows of targets, received ${y.shape[0]}`);
      cols = y.shape[1]!;
      labels = Float64Array.from(y.data);
    } else if (Array.isArray(y) && Array.isArray(y[0])) {
      const t = toTensor(y as unknown as TensorLike, argument);
      if (t.rank !== 2 || t.shape[0] !== rows) throw new ShapeError(`${argument}: expected [${rows}, outputs] targets, received ${describe([...t.shape])}`);
      cols = t.shape[1]!;
      labels = Float64Array.from(t.data);
    } else {
      labels = toTargets(y, argument, rows);
    }
    if (firstCall) {
      this.outputs = cols;
      this.vector = cols === 1 && !(y instanceof Tensor && y.rank === 2);
    } else if (cols !== this.outputs) {
      throw new ShapeError(`${argument}: expected ${this.outputs} target columns as in the first fit, received ${cols}`);
    }
    return { data: Float32Array.from(labels), cols, labels };
  }

  fit(x: TensorLike, y: Targets): Promise<this> {
    return this.train(x, y, false);
  }

  /** One epoch over x, y (starting a network on the first call). */
  partialFit(x: TensorLike, y: Targets): Promise<this> {
    return this.train(x, y, true);
  }

  /** Predictions: [n] for one target, [n, outputs] otherwise. */
  predict(x: TensorLike): Tensor<'float32'> {
    this.requireNet('predict(x)');
    const m = toMatrix(x, `${this.owner}.predict(x)`);
    const out = this.forwardRows(m, 'predict');
    return new Tensor(out, this.vector ? [m.rows] : [m.rows, this.outputs]);
  }

  protected scoreRows(x: Matrix, labels: Float64Array): number {
    return r2Score(this.forwardRows(x, 'score'), labels, this.outputs);
  }

  /** R², averaged uniformly over outputs. */
  score(x: TensorLike, y: Targets): number {
    this.requireNet('score(x)');
    const m = toMatrix(x, `${this.owner}.score(x)`);
    return this.scoreRows(m, this.encodeTargets(y, m.rows, 'score', false).labels);
  }
}

