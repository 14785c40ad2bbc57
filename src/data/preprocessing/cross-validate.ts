import { checkOptions } from '../../options.js';
import { ValueError, describe } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { KFold, StratifiedKFold, type Fold, type Splitter } from './k-fold.js';
import { rowCount, takeRows, type Rows } from './rows.js';

/**
 * What crossValidate trains: scikit-learn's estimator protocol. `clone()` must return an unfitted
 * copy with the same settings, so no fold sees weights learned on another.
 */
export interface Estimator<X extends Rows = Tensor, Y extends Rows = Tensor> {
  fit(x: X, y: Y): unknown;
  score(x: X, y: Y): number | Promise<number>;
  clone(): Estimator<X, Y>;
  /** 'classifier' makes an integer `cv` stratify the folds, as scikit-learn does. */
  estimatorType?: 'classifier' | 'regressor';
}

export interface CrossValidateOptions {
  /** Number of folds, or a splitter such as `new KFold({ shuffle: true, randomState: 0 })`. Default 5. */
  cv?: number | Splitter;
  /** Also score each fold's training data. Default false. */
  returnTrainScore?: boolean;
}

export interface CrossValidateResult {
  testScore: number[];
  /** Seconds spent in fit() per fold. */
  fitTime: number[];
  /** Seconds spent in score() on the test fold. */
  scoreTime: number[];
  /** Only with returnTrainScore. */
  trainScore?: number[];
}

/**
 * scikit-learn stratifies only 'binary' or 'multiclass' targets: one label per sample, integers or
 * strings. One-hot rows or continuous values fall back to plain KFold, as in `check_cv`.
 */
function isClassLabels(y: Rows): boolean {
  let values: ArrayLike<unknown>;
  if (y instanceof Tensor) {
    if (!(y.rank === 1 || (y.rank === 2 && y.shape[1] === 1))) return false;
    values = y.data;
  } else {
    values = y;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) return false;
  }
  return true;
}

function splitterFor(cv: number | Splitter, classifier: boolean): Splitter {
  if (typeof cv === 'number') return classifier ? new StratifiedKFold({ nSplits: cv }) : new KFold({ nSplits: cv });
  if (typeof cv === 'object' && cv !== null && typeof cv.split === 'function') return cv;
  throw new ValueError(`crossValidate(options.cv): expected a fold count or a splitter with split(), received ${describe(cv)}`);
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/**
 * Fits a fresh clone of `estimator` on each fold's training rows and scores it on the held-out
 * rows, like scikit-learn's `cross_validate`. Folds run one after another.
 */
export async function crossValidate<X extends Rows, Y extends Rows>(
  estimator: Estimator<X, Y>,
  x: X,
  y: Y,
  options: CrossValidateOptions = {},
): Promise<CrossValidateResult> {
  checkOptions(options, ['cv', 'returnTrainScore'], 'crossValidate');
  for (const member of ['fit', 'score', 'clone'] as const) {
    if (typeof (estimator as unknown as Record<string, unknown>)?.[member] !== 'function') {
      throw new ValueError(`crossValidate(estimator): expected an object with fit(), score() and clone(), received ${describe(estimator)} without ${member}()`);
    }
  }
  const n = rowCount(x, 'crossValidate(x)');
  if (rowCount(y, 'crossValidate(y)') !== n) throw new ValueError(`crossValidate(y): expected ${n} rows like x, received ${rowCount(y, 'crossValidate(y)')}`);
  const splitter = splitterFor(options.cv ?? 5, estimator.estimatorType === 'classifier' && isClassLabels(y));
  const result: CrossValidateResult = { testScore: [], fitTime: [], scoreTime: [] };
  if (options.returnTrainScore) result.trainScore = [];
  const folds: Iterable<Fold> = splitter.split(x, y as unknown as Tensor);
  for (const [train, test] of folds) {
    const model = estimator.clone();
    const xTrain = takeRows(x, train);
    const yTrain = takeRows(y, train);
    let start = performance.now();
    await model.fit(xTrain, yTrain);
    result.fitTime.push(seconds(start));
    start = performance.now();
    result.testScore.push(await model.score(takeRows(x, test), takeRows(y, test)));
    result.scoreTime.push(seconds(start));
    if (result.trainScore) result.trainScore.push(await model.score(xTrain, yTrain));
  }
  return result;
}
