import { ValueError, describe } from './errors.js';
import { Random } from './random.js';

/** Fills a weight of the given shape; fan-in and fan-out follow Keras' `_compute_fans`. */
export type Initializer = (shape: readonly number[], random: Random) => Float32Array;

// Keras draws "normal" variance-scaling weights from a normal truncated at 2σ and widens σ by this
// factor, the standard deviation of a unit normal truncated to [-2, 2], so the variance is kept.
const TRUNCATED_STDDEV = 0.87962566103423978;

function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function uniform(limit: number): Initializer {
  return (shape, random) => {
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) out[i] = (random.uniform() * 2 - 1) * limit;
    return out;
  };
}

function truncatedNormal(stddev: number): Initializer {
  return (shape, random) => {
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) {
      let v = random.normal();
      while (Math.abs(v) > 2) v = random.normal();
      out[i] = v * stddev;
    }
    return out;
  };
}

function varianceScaling(scale: number, mode: 'fanIn' | 'fanAvg', distribution: 'uniform' | 'normal'): Initializer {
  return (shape, random) => {
    const [fanIn, fanOut] = fans(shape);
    const n = mode === 'fanIn' ? fanIn : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    const make = distribution === 'uniform' ? uniform(Math.sqrt(3 * variance)) : truncatedNormal(Math.sqrt(variance) / TRUNCATED_STDDEV);
    return make(shape, random);
  };
}

function constant(value: number): Initializer {
  return (shape) => new Float32Array(size(shape)).fill(value);
}

const INITIALIZERS: Record<string, Initializer> = {
  glorot_uniform: varianceScaling(1, 'fanAvg', 'uniform'),
  glorot_normal: varianceScaling(1, 'fanAvg', 'normal'),
  he_uniform: varianceScaling(2, 'fanIn', 'uniform'),
  he_normal: varianceScaling(2, 'fanIn', 'normal'),
  lecun_uniform: varianceScaling(1, 'fanIn', 'uniform'),
  lecun_normal: varianceScaling(1, 'fanIn', 'normal'),
  zeros: constant(0),
  ones: constant(1),
  random_normal: (shape, random) => {
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) out[i] = random.normal() * 0.05;
    return out;
  },
  random_uniform: uniform(0.05),
};

export type InitializerName =
  | 'glorot_uniform' | 'glorotUniform' | 'glorot_normal' | 'glorotNormal'
  | 'he_uniform' | 'heUniform' | 'he_normal' | 'heNormal'
  | 'lecun_uniform' | 'lecunUniform' | 'lecun_normal' | 'lecunNormal'
  | 'zeros' | 'ones' | 'random_normal' | 'randomNormal' | 'random_uniform' | 'randomUniform';

/** Accepts Keras snake_case and tfjs camelCase names. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function getInitializer(name: InitializerName | Initializer, argument: string): Initializer {
  if (typeof name === 'function') return name;
  const found = typeof name === 'string' ? INITIALIZERS[snakeCase(name)] : undefined;
  if (!found) {
    throw new ValueError(`${argument}: unknown initializer ${describe(name)}; expected one of ${Object.keys(INITIALIZERS).join(', ')}`);
  }
  return found;
}

/** Keras' JSON for an initializer by name: { class_name: 'GlorotUniform', config: { seed: null } }. */
export function initializerConfig(name: string): { class_name: string; config: Record<string, unknown> } {
  const className = snakeCase(name).split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return { class_name: className, config: className === 'Zeros' || className === 'Ones' ? {} : { seed: null } };
}
