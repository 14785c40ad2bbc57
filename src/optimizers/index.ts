import { ValueError, describe } from '../errors.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Optimizer, SGD, RMSprop, Adam, Adagrad };
export { LearningRateSchedule, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay } from './schedules.js';
export type { DecayArgs, PolynomialDecayArgs, CosineDecayArgs } from './schedules.js';

export type OptimizerName = 'sgd' | 'rmsprop' | 'adam' | 'adagrad';

const FACTORIES: Record<OptimizerName, () => Optimizer> = {
  sgd: () => new SGD(),
  rmsprop: () => new RMSprop(),
  adam: () => new Adam(),
  adagrad: () => new Adagrad(),
};

/** Names are case-insensitive, as Keras accepts 'Adam' and 'adam'. */
export function getOptimizer(value: OptimizerName | Optimizer | string): Optimizer {
  if (value instanceof Optimizer) return value;
  const factory = typeof value === 'string' ? FACTORIES[value.toLowerCase() as OptimizerName] : undefined;
  if (!factory) throw new ValueError(`compile(optimizer): unknown optimizer ${describe(value)}; expected one of ${Object.keys(FACTORIES).join(', ')} or an Optimizer instance`);
  return factory();
}
