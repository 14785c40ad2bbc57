import { checkOptions } from '../../options.js';
import { ShapeError, StateError } from '../../errors.js';
import { Tensor, toTensor, type TensorLike } from '../../tensor.js';

export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation. Default true. */
  withStd?: boolean;
}

/** scikit-learn's test for a feature that is constant up to rounding (`_is_constant_feature`). */
function isConstant(variance: number, mean: number, n: number): boolean {
  const eps = Number.EPSILON;
  return variance <= n * eps * variance + (n * mean * eps) ** 2;
}

/**
 * Standardizes features to zero mean and unit variance, like scikit-learn's StandardScaler:
 * population variance (ddof 0), and a scale of 1 for constant features. Statistics are float64.
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-feature mean (`mean_`); undefined before fit. */
  mean: Float64Array | undefined;
  /** Per-feature population variance (`var_`). */
  variance: Float64Array | undefined;
  /** Per-feature divisor (`scale_`): the standard deviation, or 1 where it is zero. */
  scale: Float64Array | undefined;
  nSamplesSeen = 0;

  constructor(options: StandardScalerOptions = {}) {
    checkOptions(options, ['withMean', 'withStd'], 'StandardScaler');
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  private matrix(x: TensorLike, method: string): Tensor {
    const t = toTensor(x, `StandardScaler.${method}(x)`);
    if (t.rank !== 2) throw new ShapeError(`StandardScaler.${method}(x): expected a 2-D [samples, features] tensor, received shape [${t.shape.join(', ')}]`);
    return t;
  }

  fit(x: TensorLike): this {
    const t = this.matrix(x, 'fit');
    const [n, d] = t.shape as [number, number];
    if (n === 0) throw new ShapeError('StandardScaler.fit(x): expected at least one sample, received 0');
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    const src = t.data;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += src[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j] /= n;
    // Two passes with the correction term scikit-learn uses, to cancel the mean's rounding error.
    const correction = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const diff = src[i * d + j]! - mean[j]!;
        variance[j] += diff * diff;
        correction[j] += diff;
      }
    }
    const scale = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      variance[j] = (variance[j]! - correction[j]! ** 2 / n) / n;
      scale[j] = isConstant(variance[j]!, mean[j]!, n) ? 1 : Math.sqrt(variance[j]!);
    }
    this.mean = mean;
    this.variance = variance;
    this.scale = scale;
    this.nSamplesSeen = n;
    return this;
  }

  private apply(x: TensorLike, method: string, fn: (v: number, j: number) => number): Tensor<'float32'> {
    if (!this.mean || !this.scale) throw new StateError(`StandardScaler.${method}(): call fit() first`);
    const t = this.matrix(x, method);
    const d = t.shape[1]!;
    if (d !== this.mean.length) {
      throw new ShapeError(`StandardScaler.${method}(x): expected ${this.mean.length} features as seen in fit(), received ${d}`);
    }
    const out = new Float32Array(t.size);
    const src = t.data;
    for (let i = 0; i < src.length; i++) out[i] = fn(src[i]!, i % d);
    return new Tensor(out, t.shape);
  }

  /** (x - mean) / scale, float32. */
  transform(x: TensorLike): Tensor<'float32'> {
    const mean = this.mean;
    const scale = this.scale;
    return this.apply(x, 'transform', (v, j) => {
      const centered = this.withMean ? v - mean![j]! : v;
      return this.withStd ? centered / scale![j]! : centered;
    });
  }

  fitTransform(x: TensorLike): Tensor<'float32'> {
    return this.fit(x).transform(x);
  }

  /** x * scale + mean, undoing transform(). */
  inverseTransform(x: TensorLike): Tensor<'float32'> {
    const mean = this.mean;
    const scale = this.scale;
    return this.apply(x, 'inverseTransform', (v, j) => {
      const scaled = this.withStd ? v * scale![j]! : v;
      return this.withMean ? scaled + mean![j]! : scaled;
    });
  }
}
