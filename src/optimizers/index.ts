import { ValueError, describe } from '../errors.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Nadam } from './nadam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Optimizer, SGD, RMSprop, Adam, Adagrad, AdamW, Nadam, Adamax };
export { LearningRateSchedule, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay } from './schedules.js';
export type { DecayArgs, PolynomialDecayArgs, CosineDecayArgs } from './schedules.js';

/**
 * The optimizers compile() can name, each by its `kerasNames`. A list rather than a call to register
 * in each module: package.json declares the modules free of side effects, so a bundler may drop a
 * module whose only use is to register itself.
 */
const OPTIMIZERS = [SGD, RMSprop, Adam, Adagrad, AdamW, Nadam, Adamax] as const;

export type OptimizerName = (typeof OPTIMIZERS)[number]['kerasNames'][number];

const FACTORIES = new Map<string, () => Optimizer>(OPTIMIZERS.flatMap((Class) => Class.kerasNames.map((name) => [name.toLowerCase(), () => new Class()] as const)));

/** Names are case-insensitive, as Keras accepts 'Adam' and 'adam'. */
export function getOptimizer(value: OptimizerName | Optimizer | string): Optimizer {
  if (value instanceof Optimizer) return value;
  const factory = typeof value === 'string' ? FACTORIES.get(value.toLowerCase()) : undefined;
  if (!factory) throw new ValueError(`compile(optimizer): unknown optimizer ${describe(value)}; expected one of ${[...FACTORIES.keys()].join(', ')} or an Optimizer instance`);
  return factory();
}
