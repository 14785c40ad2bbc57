// Stochastic gradient descent for linear models, following scikit-learn's `_plain_sgd`
// (sklearn/linear_model/_sgd_fast.pyx, 1.2): per-sample updates, the L2 shrink folded into a
// weight scale so a step costs one dot product and one axpy, the cumulative L1 penalty of
// Tsuruoka et al., and the dataset shuffle with scikit-learn's own xorshift `our_rand_r`, so the
// same seed visits samples in the same order as in Python. Samples are f32 rows; weights and all
// arithmetic are f64 like scikit-learn's.

/**
 * The parameter block sgdFit reads (and writes the fields marked out, plus intercept and t): one
 * f64 per field, so the whole block is one Float64Array to JavaScript. Its TypeScript layout,
 * SGD_PARAMS, is generated from this declaration (scripts/boundary.mjs).
 * @boundary SGD_PARAMS
 */
@unmanaged export class SgdParams {
  loss: f64;
  penalty: f64;
  alpha: f64;
  l1Ratio: f64;
  maxIter: f64;
  tol: f64;
  fitIntercept: f64;
  shuffle: f64;
  seed: f64;
  weightPos: f64;
  weightNeg: f64;
  learningRate: f64;
  eta0: f64;
  powerT: f64;
  t: f64;
  nIterNoChange: f64;
  earlyStopping: f64;
  interceptDecay: f64;
  intercept: f64;
  /** out: epochs run */
  outNIter: f64;
  /** out: best validation score (early stopping) or best epoch loss */
  outBest: f64;
  epsilon: f64;
}

/**
 * Loss codes, named as scikit-learn's `loss` option; the regression losses come last (sgdFit
 * treats every code from SquaredError on as regression).
 * @boundary SGD_LOSS_CODES snake_case
 */
export const enum SgdLoss {
  LogLoss = 0,
  Hinge = 1,
  ModifiedHuber = 2,
  Perceptron = 3,
  SquaredHinge = 4,
  SquaredError = 5,
  Huber = 6,
  EpsilonInsensitive = 7,
}

/**
 * Penalty codes, as in scikit-learn.
 * @boundary PENALTY_CODES
 */
export const enum Penalty {
  None = 0,
  L1 = 1,
  L2 = 2,
  Elasticnet = 3,
}

/**
 * Learning-rate schedule codes, as in scikit-learn.
 * @boundary LEARNING_RATE_CODES
 */
export const enum LearningRate {
  Constant = 1,
  Optimal = 2,
  Invscaling = 3,
  Adaptive = 4,
}

const MAX_DLOSS: f64 = 1e12;
const WSCALE_THRESHOLD: f64 = 1e-9;

function lossValue(kind: i32, p: f64, y: f64, epsilon: f64): f64 {
  const z = p * y;
  if (kind == SgdLoss.LogLoss) {
    if (z > 18.0) return Math.exp(-z);
    if (z < -18.0) return -z;
    return Math.log(1.0 + Math.exp(-z));
  }
  if (kind == SgdLoss.Hinge || kind == SgdLoss.Perceptron) {
    const threshold: f64 = kind == SgdLoss.Hinge ? 1.0 : 0.0;
    return z <= threshold ? threshold - z : 0.0;
  }
  if (kind == SgdLoss.ModifiedHuber) {
    if (z >= 1.0) return 0.0;
    if (z >= -1.0) return (1.0 - z) * (1.0 - z);
    return -4.0 * z;
  }
  if (kind == SgdLoss.SquaredHinge) {
    const m = 1.0 - z;
    return m > 0.0 ? m * m : 0.0;
  }
  const r = p - y;
  if (kind == SgdLoss.SquaredError) return 0.5 * r * r;
  if (kind == SgdLoss.Huber) {
    const a = Math.abs(r);
    return a <= epsilon ? 0.5 * r * r : epsilon * a - 0.5 * epsilon * epsilon;
  }
  const a = Math.abs(r) - epsilon;
  return a > 0.0 ? a : 0.0;
}

function lossDerivative(kind: i32, p: f64, y: f64, epsilon: f64): f64 {
  const z = p * y;
  if (kind == SgdLoss.LogLoss) {
    if (z > 18.0) return Math.exp(-z) * -y;
    if (z < -18.0) return -y;
    return -y / (Math.exp(z) + 1.0);
  }
  if (kind == SgdLoss.Hinge || kind == SgdLoss.Perceptron) {
    const threshold: f64 = kind == SgdLoss.Hinge ? 1.0 : 0.0;
    return z <= threshold ? -y : 0.0;
  }
  if (kind == SgdLoss.ModifiedHuber) {
    if (z >= 1.0) return 0.0;
    if (z >= -1.0) return -2.0 * y * (1.0 - z);
    return -4.0 * y;
  }
  if (kind == SgdLoss.SquaredHinge) {
    const m = 1.0 - z;
    return m > 0.0 ? -2.0 * y * m : 0.0;
  }
  const r = p - y;
  if (kind == SgdLoss.SquaredError) return r;
  if (kind == SgdLoss.Huber) {
    if (Math.abs(r) <= epsilon) return r;
    return r > 0.0 ? epsilon : -epsilon;
  }
  if (y - p > epsilon) return -1.0;
  if (p - y > epsilon) return 1.0;
  return 0.0;
}

// f32 row · f64 weights, two lanes at a time in f64 so the sum matches scikit-learn's precision.
@inline
function dot(x: usize, w: usize, n: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xs = v128.load(x + (<usize>j << 2));
    acc0 = f64x2.add(acc0, f64x2.mul(f64x2.promote_low_f32x4(xs), v128.load(w + (<usize>j << 3))));
    acc1 = f64x2.add(acc1, f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(xs, xs, 2, 3, 0, 1)), v128.load(w + (<usize>j << 3), 16)));
  }
  const acc = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; j < n; j++) s += <f64>load<f32>(x + (<usize>j << 2)) * load<f64>(w + (<usize>j << 3));
  return s;
}

@inline
function axpy(x: usize, w: usize, n: i32, c: f64): void {
  const cv = f64x2.splat(c);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xs = v128.load(x + (<usize>j << 2));
    const pw = w + (<usize>j << 3);
    v128.store(pw, f64x2.add(v128.load(pw), f64x2.mul(f64x2.promote_low_f32x4(xs), cv)));
    v128.store(pw, f64x2.add(v128.load(pw, 16), f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(xs, xs, 2, 3, 0, 1)), cv)), 16);
  }
  for (; j < n; j++) {
    const pw = w + (<usize>j << 3);
    store<f64>(pw, load<f64>(pw) + <f64>load<f32>(x + (<usize>j << 2)) * c);
  }
}

function scaleInto(w: usize, n: i32, c: f64): void {
  for (let j = 0; j < n; j++) {
    const pw = w + (<usize>j << 3);
    store<f64>(pw, load<f64>(pw) * c);
  }
}

// scikit-learn's `our_rand_r` (sklearn/utils/_random.pxd): xorshift32 folded into [0, 2**31).
let randState: u32 = 1;
function ourRandR(): u32 {
  if (randState == 0) randState = 1;
  randState ^= randState << 13;
  randState ^= randState >> 17;
  randState ^= randState << 5;
  return randState % (<u32>2147483647 + 1);
}

// SequentialDataset.shuffle: the seed is passed by value, so every epoch applies the same swaps to
// the order left by the previous epoch.
function shuffleOrder(order: usize, n: i32, seed: u32): void {
  randState = seed;
  for (let i: u32 = 0; i + 1 < <u32>n; i++) {
    const j = i + ourRandR() % (<u32>n - i);
    const a = order + (<usize>i << 2);
    const b = order + (<usize>j << 2);
    const t = load<i32>(a);
    store<i32>(a, load<i32>(b));
    store<i32>(b, t);
  }
}

/**
 * The score scikit-learn's early stopping compares, on the masked (validation) rows: weighted
 * accuracy of sign(w·x + b) against ±1 targets, or for regression the weighted R² of r2_score
 * (the mean of y weighted too; a constant target scores 1 when predicted exactly, else 0).
 */
function validationScore(x: usize, d: i32, y: usize, sw: usize, n: i32, mask: usize, w: usize, intercept: f64, regression: bool): f64 {
  let sumWY: f64 = 0;
  let sumW: f64 = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(mask + <usize>i) == 0) continue;
    const s = sw ? load<f64>(sw + (<usize>i << 3)) : 1.0;
    sumWY += s * load<f64>(y + (<usize>i << 3));
    sumW += s;
  }
  const meanY = sumW > 0 ? sumWY / sumW : 0;
  let hit: f64 = 0;
  let sse: f64 = 0;
  let sst: f64 = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(mask + <usize>i) == 0) continue;
    const p = dot(x + <usize>i * (<usize>d << 2), w, d) + intercept;
    const yi = load<f64>(y + (<usize>i << 3));
    const s = sw ? load<f64>(sw + (<usize>i << 3)) : 1.0;
    if (regression) {
      sse += s * (yi - p) * (yi - p);
      sst += s * (yi - meanY) * (yi - meanY);
    } else if ((p > 0 ? 1.0 : -1.0) == yi) {
      hit += s;
    }
  }
  if (regression) return sst != 0 ? 1.0 - sse / sst : sse == 0 ? 1.0 : 0.0;
  return sumW > 0 ? hit / sumW : 0.0;
}

/**
 * Fits one binary (±1 targets) or regression problem in place: `w` (f64, d) and the intercept in
 * `params` are updated; `order` (i32, n) carries the shuffle state between calls. Returns the number
 * of epochs run. `sw`, `mask` and `q` may be 0 (no sample weights, no validation rows, no L1).
 */
export function sgdFit(x: usize, n: i32, d: i32, y: usize, sw: usize, order: usize, mask: usize, w: usize, q: usize, params: usize): i32 {
  const block = changetype<SgdParams>(params);
  const loss = <i32>block.loss;
  const penalty = <i32>block.penalty;
  const alpha = block.alpha;
  let l1Ratio = block.l1Ratio;
  const maxIter = <i32>block.maxIter;
  const tol = block.tol;
  const fitIntercept = block.fitIntercept != 0;
  const shuffle = block.shuffle != 0;
  const seed = <u32>block.seed;
  const weightPos = block.weightPos;
  const weightNeg = block.weightNeg;
  const learningRate = <i32>block.learningRate;
  const eta0 = block.eta0;
  const powerT = block.powerT;
  let t = block.t;
  const nIterNoChange = <i32>block.nIterNoChange;
  const earlyStopping = block.earlyStopping != 0 && mask != 0;
  const interceptDecay = block.interceptDecay;
  const epsilon = block.epsilon;
  let intercept = block.intercept;
  const regression = loss >= SgdLoss.SquaredError;

  if (penalty == Penalty.L2) l1Ratio = 0.0;
  else if (penalty == Penalty.L1) l1Ratio = 1.0;

  let eta = eta0;
  let optimalInit: f64 = 0;
  if (learningRate == LearningRate.Optimal) {
    const typw = Math.sqrt(1.0 / Math.sqrt(alpha));
    // The first step is about typw / |dloss|; scikit-learn caps |dloss| from below at 1.
    const initialEta0 = typw / Math.max(1.0, lossDerivative(loss, -typw, 1.0, epsilon));
    optimalInit = 1.0 / (initialEta0 * alpha);
  }

  let wscale: f64 = 1.0;
  let u: f64 = 0.0;
  let bestLoss: f64 = Infinity;
  let bestScore: f64 = -Infinity;
  let noImprovement = 0;
  const rowBytes = <usize>d << 2;
  let epoch = 0;
  for (; epoch < maxIter; epoch++) {
    let sumLoss: f64 = 0;
    if (shuffle) shuffleOrder(order, n, seed);
    for (let k = 0; k < n; k++) {
      const i = load<i32>(order + (<usize>k << 2));
      if (mask != 0 && load<u8>(mask + <usize>i) != 0) continue;
      const xi = x + <usize>i * rowBytes;
      const yi = load<f64>(y + (<usize>i << 3));
      const si = sw ? load<f64>(sw + (<usize>i << 3)) : 1.0;

      const p = dot(xi, w, d) * wscale + intercept;
      if (learningRate == LearningRate.Optimal) eta = 1.0 / (alpha * (optimalInit + t - 1.0));
      else if (learningRate == LearningRate.Invscaling) eta = eta0 / Math.pow(t, powerT);
      if (!earlyStopping) sumLoss += lossValue(loss, p, yi, epsilon);

      const classWeight = regression ? 1.0 : yi > 0.0 ? weightPos : weightNeg;
      let dloss = lossDerivative(loss, p, yi, epsilon);
      if (dloss < -MAX_DLOSS) dloss = -MAX_DLOSS;
      else if (dloss > MAX_DLOSS) dloss = MAX_DLOSS;
      const update = -eta * dloss * classWeight * si;

      if (penalty >= Penalty.L2) {
        // Never scale to negative values when eta·alpha is large.
        wscale *= Math.max(0.0, 1.0 - (1.0 - l1Ratio) * eta * alpha);
        if (wscale < WSCALE_THRESHOLD) {
          scaleInto(w, d, wscale);
          wscale = 1.0;
        }
      }
      if (update != 0.0) axpy(xi, w, d, update / wscale);
      if (fitIntercept && update != 0.0) intercept += update * interceptDecay;

      if (q != 0 && (penalty == Penalty.L1 || penalty == Penalty.Elasticnet)) {
        u += l1Ratio * eta * alpha;
        for (let j = 0; j < d; j++) {
          const pw = w + (<usize>j << 3);
          const pq = q + (<usize>j << 3);
          const z = load<f64>(pw);
          if (wscale * z > 0.0) store<f64>(pw, Math.max(0.0, z - (u + load<f64>(pq)) / wscale));
          else if (wscale * z < 0.0) store<f64>(pw, Math.min(0.0, z + (u - load<f64>(pq)) / wscale));
          store<f64>(pq, load<f64>(pq) + wscale * (load<f64>(pw) - z));
        }
      }
      t += 1.0;
    }

    if (earlyStopping) {
      // scikit-learn hands its validation callback the raw weight buffer without the pending
      // weight scale, so the score it stops on is that of w/wscale; matching it keeps n_iter equal.
      const score = validationScore(x, d, y, sw, n, mask, w, intercept, regression);
      if (tol > -Infinity && score < bestScore + tol) noImprovement++;
      else noImprovement = 0;
      if (score > bestScore) bestScore = score;
    } else {
      if (tol > -Infinity && sumLoss > bestLoss - tol * <f64>n) noImprovement++;
      else noImprovement = 0;
      if (sumLoss < bestLoss) bestLoss = sumLoss;
    }
    if (!isFinite(intercept) || !isFinite(wscale)) {
      epoch = -1 - epoch;
      break;
    }
    if (noImprovement >= nIterNoChange) {
      if (learningRate == LearningRate.Adaptive && eta > 1e-6) {
        eta = eta / 5.0;
        noImprovement = 0;
      } else {
        epoch++;
        break;
      }
    }
  }
  if (wscale != 1.0) scaleInto(w, d, wscale);
  block.intercept = intercept;
  block.t = t;
  block.outNIter = <f64>(epoch < 0 ? -epoch : epoch);
  block.outBest = earlyStopping ? bestScore : bestLoss;
  return epoch;
}

/** out[i·k + c] = x[i]·W[c] + b[c] for f32 rows and f64 coefficients (k classes, W row-major [k, d]). */
export function linearDecision(x: usize, n: i32, d: i32, w: usize, b: usize, k: i32, out: usize): void {
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>i * rowBytes;
    for (let c = 0; c < k; c++) {
      store<f64>(out + ((<usize>i * <usize>k + <usize>c) << 3), dot(xi, w + <usize>c * (<usize>d << 3), d) + load<f64>(b + (<usize>c << 3)));
    }
  }
}
