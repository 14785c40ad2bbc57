import { checkOptions } from '../options.js';
import { ValueError, describe } from '../errors.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import type { Estimator } from '../data/preprocessing/cross-validate.js';
import { stratifiedShuffleSplit } from '../data/preprocessing/stratified-shuffle.js';
import type { RandomState } from '../data/random-state.js';
import { Arena, P, PARAM_SLOTS, linearCore } from './core.js';
import { LEARNING_RATE_CODES, PENALTY_CODES, SGD_LOSS_CODES } from '../backends/wasm/boundary.generated.js';
import type { LinearCore } from './core.js';
import {
  accuracy, checkChoice, checkFeatures, checkNumber, checkPositiveInteger, encodeClasses, labelTensor, notFitted,
  randint, randomStateFor, toMatrix, toTargets, validationSplitSizes, warnConvergence,
} from './common.js';
import type { Matrix, RandomSeed, Targets } from './common.js';

export type SGDClassifierLoss = 'hinge' | 'log_loss' | 'modified_huber' | 'squared_hinge' | 'perceptron';
export type Penalty = 'l2' | 'l1' | 'elasticnet' | null;
/** scikit-learn's schedules, as sgdFit numbers them (assembly/linear-models.ts LearningRate). */
export type LearningRateSchedule = keyof typeof LEARNING_RATE_CODES;
/** 'balanced' weighs classes by n / (classes · count), or explicit weights by class label. */
export type ClassWeight = 'balanced' | Readonly<Record<number, number>> | null;

export interface SGDClassifierOptions {
  /** Default 'hinge' (a linear SVM); 'log_loss' is logistic regression and enables predictProba. */
  loss?: SGDClassifierLoss;
  penalty?: Penalty;
  /** Regularisation strength; also sets the 'optimal' learning rate. Default 1e-4. */
  alpha?: number;
  /** Elastic-net mixing, 0 = L2, 1 = L1. Default 0.15. */
  l1Ratio?: number;
  fitIntercept?: boolean;
  /** Maximum epochs. Default 1000. */
  maxIter?: number;
  /** Stop when the epoch loss fails to improve by tol·n for nIterNoChange epochs; null never stops early. Default 1e-3. */
  tol?: number | null;
  shuffle?: boolean;
  /** Seed (numpy-compatible: the same seed visits samples in scikit-learn's order) or a RandomState. */
  randomState?: RandomSeed;
  learningRate?: LearningRateSchedule;
  eta0?: number;
  powerT?: number;
  earlyStopping?: boolean;
  validationFraction?: number;
  nIterNoChange?: number;
  classWeight?: ClassWeight;
}

export type PerceptronOptions = Omit<SGDClassifierOptions, 'loss' | 'learningRate' | 'powerT'>;

const SGD_OPTIONS = [
  'loss', 'penalty', 'alpha', 'l1Ratio', 'fitIntercept', 'maxIter', 'tol', 'shuffle', 'randomState', 'learningRate', 'eta0', 'powerT',
  'earlyStopping', 'validationFraction', 'nIterNoChange', 'classWeight',
] as const;
const PERCEPTRON_OPTIONS = SGD_OPTIONS.filter((k) => k !== 'loss' && k !== 'learningRate' && k !== 'powerT');

// The classifier's losses; sgdFit's codes (SGD_LOSS_CODES) also number the regression losses.
const CLASSIFIER_LOSSES: readonly SGDClassifierLoss[] = ['log_loss', 'hinge', 'modified_huber', 'perceptron', 'squared_hinge'];
const SCHEDULES = Object.keys(LEARNING_RATE_CODES) as LearningRateSchedule[];
const MAX_INT = 2147483647;

interface Fitted {
  core: LinearCore;
  classes: number[];
  integerClasses: boolean;
  features: number;
  /** Row-major [rows, features]: one row for a binary problem, one per class otherwise. */
  coef: Float64Array;
  intercept: Float64Array;
  nIter: number;
  t: number;
}

interface Resolved {
  loss: SGDClassifierLoss;
  penalty: Penalty;
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  shuffle: boolean;
  randomState: RandomSeed;
  learningRate: LearningRateSchedule;
  eta0: number;
  powerT: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  classWeight: ClassWeight;
}

/**
 * The linear classifiers trained by scikit-learn's plain SGD: one-vs-rest over the classes, each
 * binary problem with ±1 targets, per-sample updates in the Wasm core.
 */
abstract class BaseSGDClassifier implements Estimator<Tensor, Tensor> {
  readonly estimatorType = 'classifier' as const;
  protected abstract readonly owner: string;
  protected readonly options: Resolved;
  private fitted: Fitted | null = null;

  protected constructor(options: SGDClassifierOptions, defaults: Partial<Resolved>, owner: string, allowed: readonly string[]) {
    checkOptions(options, allowed, owner);
    // Keys given as undefined mean "the default", as if they were left out.
    const o: Partial<Resolved> = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.options = {
      loss: checkChoice(owner, 'loss', o.loss ?? 'hinge', CLASSIFIER_LOSSES),
      penalty: checkChoice(owner, 'penalty', o.penalty === undefined ? 'l2' : o.penalty, ['l2', 'l1', 'elasticnet', null]),
      alpha: checkNumber(owner, 'alpha', o.alpha ?? 1e-4, 0),
      l1Ratio: checkNumber(owner, 'l1Ratio', o.l1Ratio ?? 0.15, 0, 1),
      fitIntercept: o.fitIntercept ?? true,
      maxIter: checkPositiveInteger(owner, 'maxIter', o.maxIter ?? 1000),
      tol: o.tol === null ? null : checkNumber(owner, 'tol', o.tol ?? 1e-3, -Infinity),
      shuffle: o.shuffle ?? true,
      randomState: o.randomState,
      learningRate: checkChoice(owner, 'learningRate', o.learningRate ?? 'optimal', SCHEDULES),
      eta0: checkNumber(owner, 'eta0', o.eta0 ?? 0, 0),
      powerT: checkNumber(owner, 'powerT', o.powerT ?? 0.5, -Infinity),
      earlyStopping: o.earlyStopping ?? false,
      validationFraction: checkNumber(owner, 'validationFraction', o.validationFraction ?? 0.1, 0, 1, false, false),
      nIterNoChange: checkPositiveInteger(owner, 'nIterNoChange', o.nIterNoChange ?? 5),
      classWeight: o.classWeight ?? null,
    };
    if (this.options.learningRate !== 'optimal' && !(this.options.eta0 > 0)) {
      throw new ValueError(`${owner}(eta0): expected eta0 > 0 with learningRate "${this.options.learningRate}", received ${this.options.eta0}`);
    }
    if (this.options.learningRate === 'optimal' && this.options.alpha === 0) {
      throw new ValueError(`${owner}(alpha): expected alpha > 0 with learningRate "optimal" (it sets the step size 1/(alpha·t)), received 0`);
    }
  }

  /** The settings this estimator was built with (what clone() copies). */
  getParams(): Resolved {
    return { ...this.options };
  }

  abstract clone(): BaseSGDClassifier;

  private require(method: string): Fitted {
    if (!this.fitted) throw notFitted(this.owner, method);
    return this.fitted;
  }

  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** Sorted class labels seen in fit (`classes_`). */
  get classes(): number[] {
    return [...this.require('classes').classes];
  }

  /** Weights (`coef_`): [1, features] for two classes, [classes, features] otherwise. */
  get coef(): Tensor<'float32'> {
    const f = this.require('coef');
    return new Tensor(Float32Array.from(f.coef), [f.coef.length / f.features, f.features]);
  }

  /** The weights in full float64 precision, row-major like `coef`. */
  get coefF64(): Float64Array {
    return Float64Array.from(this.require('coefF64').coef);
  }

  get intercept(): Float64Array {
    return Float64Array.from(this.require('intercept').intercept);
  }

  /** Epochs run (`n_iter_`): the most over the one-vs-rest problems. */
  get nIter(): number {
    return this.require('nIter').nIter;
  }

  /** Weight updates performed (`t_`). */
  get tUpdates(): number {
    return this.require('tUpdates').t;
  }

  get nFeaturesIn(): number {
    return this.require('nFeaturesIn').features;
  }

  private classWeights(classes: number[], index: Int32Array): number[] {
    const cw = this.options.classWeight;
    if (cw === null) return classes.map(() => 1);
    if (cw === 'balanced') {
      const counts = classes.map(() => 0);
      for (const c of index) counts[c]! += 1;
      return counts.map((c) => index.length / (classes.length * c));
    }
    if (typeof cw !== 'object') throw new ValueError(`${this.owner}(classWeight): expected "balanced", an object of weights by class, or null, received ${describe(cw)}`);
    for (const key of Object.keys(cw)) {
      if (!classes.includes(Number(key))) throw new ValueError(`${this.owner}(classWeight): class ${key} is not among the classes in y (${classes.join(', ')})`);
      checkNumber(this.owner, `classWeight[${key}]`, cw[Number(key)], 0);
    }
    return classes.map((c) => cw[c] ?? 1);
  }

  private validationMask(index: Int32Array, rng: () => RandomState): Uint8Array | null {
    if (!this.options.earlyStopping) return null;
    const n = index.length;
    const { nTrain, nValidation } = validationSplitSizes(this.owner, n, this.options.validationFraction, index);
    const { test } = stratifiedShuffleSplit(Array.from(index), nTrain, nValidation, rng());
    const mask = new Uint8Array(n);
    for (const i of test) mask[i] = 1;
    return mask;
  }

  /** Trains on x [samples, features] and y (class labels); resolves to this estimator. */
  async fit(x: TensorLike, y: Targets): Promise<this> {
    const o = this.options;
    const m = toMatrix(x, `${this.owner}.fit(x)`);
    const values = toTargets(y, `${this.owner}.fit(y)`, m.rows);
    const { classes, index } = encodeClasses(values, `${this.owner}.fit(y)`);
    const weights = this.classWeights(classes, index);
    const core = await linearCore();
    // scikit-learn draws the validation split from a fresh generator seeded like the estimator.
    const mask = this.validationMask(index, () => randomStateFor(o.randomState, `${this.owner}(randomState)`));
    const binary = classes.length === 2;
    const problems = binary ? 1 : classes.length;
    const coef = new Float64Array(problems * m.cols);
    const intercept = new Float64Array(problems);
    let nIter = 0;
    const arena = new Arena(core);
    try {
      const xp = arena.copyIn(m.data);
      const yp = arena.alloc(m.rows * 8);
      const order = arena.alloc(m.rows * 4);
      const maskp = mask ? arena.copyIn(mask) : 0;
      const wp = arena.alloc(m.cols * 8);
      const usesL1 = o.penalty === 'l1' || o.penalty === 'elasticnet';
      const qp = usesL1 ? arena.alloc(m.cols * 8) : 0;
      const params = arena.alloc(PARAM_SLOTS * 8);
      const shared = binary ? null : randomStateFor(o.randomState, `${this.owner}(randomState)`);
      const seeds = shared ? classes.map(() => randint(shared, 0, MAX_INT)) : [];
      for (let k = 0; k < problems; k++) {
        const positive = binary ? 1 : k;
        const rs = binary ? randomStateFor(o.randomState, `${this.owner}(randomState)`) : randomStateFor(seeds[k]!, `${this.owner}(randomState)`);
        randint(rs, 1, MAX_INT); // make_dataset's seed for ArrayDataset, unused by plain SGD
        const seed = randint(rs, 0, MAX_INT);
        const yv = arena.viewF64(yp, m.rows);
        for (let i = 0; i < m.rows; i++) yv[i] = index[i] === positive ? 1 : -1;
        const ov = arena.viewI32(order, m.rows);
        for (let i = 0; i < m.rows; i++) ov[i] = i;
        arena.viewF64(wp, m.cols).fill(0);
        if (qp) arena.viewF64(qp, m.cols).fill(0);
        const p = arena.viewF64(params, PARAM_SLOTS);
        p.fill(0);
        p[P.loss] = SGD_LOSS_CODES[o.loss];
        p[P.penalty] = PENALTY_CODES[o.penalty ?? 'none'];
        p[P.alpha] = o.alpha;
        p[P.l1Ratio] = o.l1Ratio;
        p[P.maxIter] = o.maxIter;
        p[P.tol] = o.tol === null ? -Infinity : o.tol;
        p[P.fitIntercept] = o.fitIntercept ? 1 : 0;
        p[P.shuffle] = o.shuffle ? 1 : 0;
        p[P.seed] = seed;
        p[P.weightPos] = binary ? weights[1]! : weights[k]!;
        p[P.weightNeg] = binary ? weights[0]! : 1;
        p[P.learningRate] = LEARNING_RATE_CODES[o.learningRate];
        p[P.eta0] = o.eta0;
        p[P.powerT] = o.powerT;
        p[P.t] = 1;
        p[P.nIterNoChange] = o.nIterNoChange;
        p[P.earlyStopping] = o.earlyStopping ? 1 : 0;
        p[P.interceptDecay] = 1;
        const epochs = core.sgdFit(xp, m.rows, m.cols, yp, 0, order, maskp, wp, qp, params);
        if (epochs < 0) {
          throw new ValueError(`${this.owner}.fit(): floating-point overflow at epoch ${-epochs}; scale the features (e.g. StandardScaler) or lower eta0/alpha`);
        }
        coef.set(arena.viewF64(wp, m.cols), k * m.cols);
        intercept[k] = arena.viewF64(params, PARAM_SLOTS)[P.intercept]!;
        nIter = Math.max(nIter, epochs);
      }
    } finally {
      arena.dispose();
    }
    this.fitted = {
      core, classes, integerClasses: classes.every(Number.isInteger), features: m.cols, coef, intercept, nIter,
      t: 1 + nIter * m.rows,
    };
    if (o.tol !== null && o.tol > -Infinity && nIter === o.maxIter) {
      warnConvergence(`${this.owner}: maximum number of iterations (maxIter ${o.maxIter}) reached before convergence; consider increasing maxIter to improve the fit`);
    }
    return this;
  }

  private decisionRaw(x: TensorLike, method: string): { m: Matrix; scores: Float64Array; k: number; f: Fitted } {
    const f = this.require(`${method}(x)`);
    const m = toMatrix(x, `${this.owner}.${method}(x)`);
    checkFeatures(this.owner, method, f.features, m.cols);
    const k = f.intercept.length;
    const arena = new Arena(f.core);
    try {
      const xp = arena.copyIn(m.data);
      const wp = arena.copyIn(f.coef);
      const bp = arena.copyIn(f.intercept);
      const out = arena.alloc(m.rows * k * 8);
      f.core.linearDecision(xp, m.rows, m.cols, wp, bp, k, out);
      return { m, scores: arena.viewF64(out, m.rows * k).slice(), k, f };
    } finally {
      arena.dispose();
    }
  }

  /** Signed distances to the hyperplanes: [n] for two classes (positive means classes[1]), else [n, classes]. */
  decisionFunction(x: TensorLike): Tensor<'float32'> {
    const { m, scores, k } = this.decisionRaw(x, 'decisionFunction');
    return new Tensor(Float32Array.from(scores), k === 1 ? [m.rows] : [m.rows, k]);
  }

  private predictedValues(x: TensorLike, method: string): number[] {
    const { m, scores, k, f } = this.decisionRaw(x, method);
    const out = new Array<number>(m.rows);
    for (let i = 0; i < m.rows; i++) {
      if (k === 1) {
        out[i] = f.classes[scores[i]! > 0 ? 1 : 0]!;
        continue;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (scores[i * k + c]! > scores[i * k + best]!) best = c;
      out[i] = f.classes[best]!;
    }
    return out;
  }

  /** Class labels: int32 when every class is an integer. */
  predict(x: TensorLike): Tensor {
    const values = this.predictedValues(x, 'predict');
    return labelTensor(values, this.require('predict(x)').integerClasses);
  }

  /**
   * Class probabilities [n, classes]. 'log_loss' uses the logistic function of each one-vs-rest
   * score, normalised across classes as scikit-learn does; 'modified_huber' its clipped linear form.
   */
  predictProba(x: TensorLike): Tensor<'float32'> {
    const loss = this.options.loss;
    if (loss !== 'log_loss' && loss !== 'modified_huber') {
      throw new ValueError(`${this.owner}.predictProba(x): probability estimates need loss "log_loss" or "modified_huber", this estimator has loss ${JSON.stringify(loss)}`);
    }
    const { m, scores, k } = this.decisionRaw(x, 'predictProba');
    const classes = k === 1 ? 2 : k;
    const out = new Float32Array(m.rows * classes);
    const link = loss === 'log_loss' ? (s: number): number => 1 / (1 + Math.exp(-s)) : (s: number): number => (Math.min(1, Math.max(-1, s)) + 1) / 2;
    for (let i = 0; i < m.rows; i++) {
      if (k === 1) {
        const p = link(scores[i]!);
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += link(scores[i * k + c]!);
      for (let c = 0; c < k; c++) out[i * k + c] = sum === 0 ? 1 / k : link(scores[i * k + c]!) / sum;
    }
    return new Tensor(out, [m.rows, classes]);
  }

  /** Mean accuracy of predict(x) against y. */
  score(x: TensorLike, y: Targets): number {
    const predicted = this.predictedValues(x, 'score');
    return accuracy(predicted, toTargets(y, `${this.owner}.score(y)`, predicted.length));
  }
}

/**
 * scikit-learn's SGDClassifier: a linear model (SVM with 'hinge', logistic regression with
 * 'log_loss', ...) fitted by stochastic gradient descent, one-vs-rest for more than two classes.
 */
export class SGDClassifier extends BaseSGDClassifier {
  protected readonly owner: string = 'SGDClassifier';
  private readonly given: SGDClassifierOptions;

  constructor(options: SGDClassifierOptions = {}) {
    super(options, {}, 'SGDClassifier', SGD_OPTIONS);
    this.given = { ...options };
  }

  clone(): SGDClassifier {
    return new SGDClassifier(this.given);
  }
}

/**
 * Rosenblatt's perceptron: threshold logic units with the Heaviside step, updated only on
 * mistakes by the perceptron rule w ← w + eta0·y·x. scikit-learn's Perceptron is SGDClassifier
 * with the perceptron loss, a constant learning rate and no penalty, and so is this one.
 */
export class Perceptron extends BaseSGDClassifier {
  protected readonly owner: string = 'Perceptron';
  private readonly given: PerceptronOptions;

  constructor(options: PerceptronOptions = {}) {
    const o = options as SGDClassifierOptions;
    if ('loss' in o || 'learningRate' in o) {
      throw new ValueError('Perceptron(options): loss and learningRate are fixed ("perceptron", "constant"); use SGDClassifier to change them');
    }
    super(options, { loss: 'perceptron', learningRate: 'constant', eta0: options.eta0 ?? 1, penalty: options.penalty ?? null, powerT: 0.5 }, 'Perceptron', PERCEPTRON_OPTIONS);
    this.given = { ...options };
  }

  clone(): Perceptron {
    return new Perceptron(this.given);
  }
}
