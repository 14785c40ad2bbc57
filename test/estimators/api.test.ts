import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConvergenceWarning, MLPClassifier, MLPRegressor, Perceptron, SGDClassifier } from '../../src/estimators/index.js';
import { iris } from '../../src/data/datasets/iris.js';
import { crossValidate } from '../../src/data/preprocessing/cross-validate.js';
import { StandardScaler } from '../../src/data/preprocessing/standard-scaler.js';
import { trainTestSplit } from '../../src/data/preprocessing/train-test-split.js';
import { ShapeError, StateError, ValueError } from '../../src/errors.js';
import { Tensor } from '../../src/tensor.js';
import { diabetes } from './fixtures.js';

const { data: x, target: y } = await iris.loadData();

type AnyEstimator = SGDClassifier | Perceptron | MLPClassifier | MLPRegressor;
const makers: [string, () => AnyEstimator][] = [
  ['Perceptron', () => new Perceptron({ randomState: 0 })],
  ['SGDClassifier', () => new SGDClassifier({ loss: 'log_loss', randomState: 0 })],
  ['MLPClassifier', () => new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 100, learningRateInit: 0.01, randomState: 0 })],
  ['MLPRegressor', () => new MLPRegressor({ hiddenLayerSizes: [8], maxIter: 100, learningRateInit: 0.01, randomState: 0 })],
];

afterEach(() => vi.restoreAllMocks());

describe.each(makers)('%s: errors', (name, make) => {
  it('refuses use before fit with a StateError naming the method', () => {
    const est = make();
    expect(() => est.predict(x)).toThrow(StateError);
    expect(() => est.predict(x)).toThrow(new RegExp(`${name}\\.predict\\(x\\).*not fitted.*fit\\(x, y\\)`));
    expect(() => est.score(x, y)).toThrow(StateError);
  });

  it('rejects a different feature count than in fit', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const est = make();
    await est.fit(x, y);
    const narrow = new Tensor(new Float32Array(6), [2, 3]);
    expect(() => est.predict(narrow)).toThrow(ShapeError);
    expect(() => est.predict(narrow)).toThrow(/expected 4 features.*received 3/);
  });

  it('rejects non-2-D inputs and mismatched target counts', async () => {
    const est = make();
    await expect(est.fit(new Tensor(new Float32Array(8), [2, 2, 2]), [0, 1])).rejects.toThrow(ShapeError);
    await expect(est.fit(x, [0, 1, 2])).rejects.toThrow(/expected 150 targets/);
  });
});

describe.each(makers.slice(0, 3))('%s: classification targets', (_name, make) => {
  it('rejects a single-class target with a ValueError', async () => {
    const est = make();
    const ones = new Tensor(new Int32Array(150).fill(1), [150]);
    await expect(est.fit(x, ones)).rejects.toThrow(ValueError);
    await expect(est.fit(x, ones)).rejects.toThrow(/at least 2 classes, received 1 \(class 1\)/);
  });
});

describe('datasets interop', () => {
  it.each(makers)('%s works with trainTestSplit, StandardScaler and crossValidate', async (name, make) => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, y, { testSize: 0.25, randomState: 42, stratify: y });
    const scaler = new StandardScaler();
    const xs = scaler.fitTransform(xTrain);
    const est = make();
    await est.fit(xs, yTrain);
    const s = est.score(scaler.transform(xTest), yTest);
    expect(s).toBeGreaterThan(name === 'MLPRegressor' ? 0.5 : 0.6);
    const cv = await crossValidate(make(), scaler.fitTransform(x), y, { cv: 3 });
    expect(cv.testScore).toHaveLength(3);
    for (const v of cv.testScore) expect(Number.isFinite(v)).toBe(true);
    const copy = est.clone();
    expect(copy).not.toBe(est);
    expect(copy.isFitted).toBe(false);
    expect(copy.estimatorType).toBe(est.estimatorType);
    if ('dispose' in est) est.dispose();
  });

  it('StandardScaler + SGDClassifier reaches high accuracy on iris in 5-fold CV', async () => {
    const cv = await crossValidate(new SGDClassifier({ loss: 'log_loss', randomState: 42 }), new StandardScaler().fitTransform(x), y, { cv: 5 });
    expect(cv.testScore.reduce((a, b) => a + b) / 5).toBeGreaterThan(0.85);
  });
});

describe('scikit-learn behaviours', () => {
  it('emits a ConvergenceWarning when maxIter is reached with a tol', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await new SGDClassifier({ loss: 'log_loss', maxIter: 2, randomState: 0 }).fit(x, y);
    expect(warn).toHaveBeenCalledTimes(1);
    const w = warn.mock.calls[0]![0] as unknown as Error;
    expect(w).toBeInstanceOf(ConvergenceWarning);
    expect(w.message).toMatch(/maximum number of iterations \(maxIter 2\) reached/);
    warn.mockClear();
    await new SGDClassifier({ loss: 'log_loss', maxIter: 2, tol: null, randomState: 0 }).fit(x, y);
    expect(warn).not.toHaveBeenCalled();
  });

  it('checks options with messages naming the argument', () => {
    expect(() => new SGDClassifier({ loss: 'squared' as never })).toThrow(/SGDClassifier\(loss\): expected one of/);
    expect(() => new SGDClassifier({ learningRate: 'constant' })).toThrow(/eta0 > 0/);
    expect(() => new Perceptron({ loss: 'hinge' } as never)).toThrow(/Perceptron\(options\)/);
    expect(() => new MLPClassifier({ hiddenLayerSizes: [0] })).toThrow(/hiddenLayerSizes/);
    expect(() => new MLPRegressor({ solver: 'lbfgs' as never })).toThrow(/MLPRegressor\(solver\)/);
  });

  it('predictProba needs log_loss or modified_huber; probabilities sum to one', async () => {
    const hinge = await new SGDClassifier({ randomState: 0 }).fit(x, y);
    expect(() => hinge.predictProba(x)).toThrow(/loss "log_loss" or "modified_huber"/);
    const log = await new SGDClassifier({ loss: 'log_loss', randomState: 0 }).fit(new StandardScaler().fitTransform(x), y);
    const p = log.predictProba(new StandardScaler().fitTransform(x));
    expect(p.shape).toEqual([150, 3]);
    for (let i = 0; i < 150; i++) expect(p.data[i * 3]! + p.data[i * 3 + 1]! + p.data[i * 3 + 2]!).toBeCloseTo(1, 5);
  });

  it('exposes coef [classes, features], intercept, classes and decisionFunction shapes', async () => {
    const p = await new Perceptron({ shuffle: false }).fit(x, y);
    expect(p.coef.shape).toEqual([3, 4]);
    expect(p.intercept).toHaveLength(3);
    expect(p.classes).toEqual([0, 1, 2]);
    expect(p.decisionFunction(x).shape).toEqual([150, 3]);
    const binary = await new Perceptron({ shuffle: false }).fit(x, Int32Array.from(y.data, (v) => (v === 0 ? 1 : 0)));
    expect(binary.coef.shape).toEqual([1, 4]);
    expect(binary.decisionFunction(x).shape).toEqual([150]);
    expect(binary.predict(x).dtype).toBe('int32');
  });

  it('MLPClassifier.partialFit needs the classes first, then trains one epoch per call', async () => {
    const xs = new StandardScaler().fitTransform(x);
    const mlp = new MLPClassifier({ hiddenLayerSizes: [16], randomState: 0, learningRateInit: 0.01 });
    await expect(mlp.partialFit(xs, y)).rejects.toThrow(/first call needs every class label/);
    for (let i = 0; i < 30; i++) await mlp.partialFit(xs, y, [0, 1, 2]);
    expect(mlp.nIter).toBe(30);
    expect(mlp.lossCurve).toHaveLength(30);
    expect(mlp.lossCurve[29]!).toBeLessThan(mlp.lossCurve[0]!);
    expect(mlp.score(xs, y)).toBeGreaterThan(0.8);
    expect(mlp.coefs.map((w) => w.shape)).toEqual([[4, 16], [16, 3]]);
    expect(mlp.intercepts.map((b) => b.shape)).toEqual([[16], [3]]);
    mlp.dispose();
  });

  it('MLPRegressor handles several outputs and reports R²', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const n = diabetes.x.shape[0]!;
    const two = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      two[i * 2] = diabetes.y.data[i]! / 100;
      two[i * 2 + 1] = -diabetes.y.data[i]! / 50;
    }
    const reg = await new MLPRegressor({ hiddenLayerSizes: [16], maxIter: 100, learningRateInit: 0.01, randomState: 0 }).fit(diabetes.x, new Tensor(two, [n, 2]));
    expect(reg.predict(diabetes.x).shape).toEqual([n, 2]);
    expect(reg.score(diabetes.x, new Tensor(two, [n, 2]))).toBeGreaterThan(0.4);
    reg.dispose();
  });
});

describe("early-stopping splits and class weights are refused in the estimator's own terms", () => {
  const four = new Tensor(Float32Array.from([0, 1, 1, 0, 2, 3, 3, 2]), [4, 2]);

  it('names validationFraction when the stratified validation set cannot hold every class', async () => {
    // scikit-learn: "The test_size = 1 should be greater or equal to the number of classes = 2"
    const error: unknown = await new SGDClassifier({ earlyStopping: true, validationFraction: 0.1 }).fit(four, [0, 0, 1, 1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValueError);
    expect((error as Error).message).toMatch(
      /SGDClassifier\(validationFraction\): splitting 4 samples for early stopping with validationFraction 0\.1: the validation set \(1 samples\) cannot hold one sample of each of the 2 classes; change validationFraction/,
    );
  });

  it('names the class that has a single sample', async () => {
    await expect(new Perceptron({ earlyStopping: true, validationFraction: 0.5 }).fit(four, [0, 0, 0, 1])).rejects.toThrow(
      /Perceptron\(validationFraction\): .*class 1 has only 1 sample, and a stratified split needs at least 2 of each/,
    );
  });

  it('names validationFraction when a set would be empty (MLP, unstratified)', async () => {
    const est = new MLPRegressor({ hiddenLayerSizes: [2], earlyStopping: true, validationFraction: 0, maxIter: 2 });
    await expect(est.fit(four, [1, 2, 3, 4])).rejects.toThrow(/MLPRegressor\(validationFraction\): .*leaves an empty validation set \(4 and 0 samples\); .*earlyStopping: false/);
  });

  it('refuses a class weight that is not a finite non-negative number, by class', async () => {
    await expect(new Perceptron({ classWeight: { 0: Number.NaN } }).fit(four, [0, 0, 1, 1])).rejects.toThrow(/Perceptron\(classWeight\[0\]\): expected a number in \[0, ∞\), received NaN/);
    await expect(new SGDClassifier({ classWeight: { 1: -2 } }).fit(four, [0, 0, 1, 1])).rejects.toThrow(/SGDClassifier\(classWeight\[1\]\): expected a number in \[0, ∞\), received -2/);
  });
});
