import { ValueError, describe } from '../errors.js';
import { camelCase } from '../options.js';
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

// Keys Keras and tfjs write into an optimizer's config that carry nothing while they hold these values.
const NEUTRAL_OPTIMIZER_KEYS: Record<string, (v: unknown) => boolean> = {
  name: () => true,
  decay: (v) => !v,
  amsgrad: (v) => !v,
  clipnorm: (v) => v === null || v === undefined,
  clipvalue: (v) => v === null || v === undefined,
  global_clipnorm: (v) => v === null || v === undefined,
  use_ema: (v) => !v,
  ema_momentum: () => true,
  ema_overwrite_frequency: () => true,
  jit_compile: () => true,
  is_legacy_optimizer: () => true,
  loss_scale_factor: (v) => v === null || v === undefined,
  gradient_accumulation_steps: (v) => v === null || v === undefined,
};

/**
 * An optimizer from its saved config (model.json's training_config.optimizer_config): the class by
 * its Keras or tfjs name, the hyper-parameters from snake_case (Keras) or camelCase (tfjs) keys.
 */
export function optimizerFromConfig(className: string, config: Record<string, unknown>, where: string): Optimizer {
  const Class = OPTIMIZERS.find((C) => C.kerasNames.some((n) => n.toLowerCase() === String(className).toLowerCase()));
  if (!Class) throw new ValueError(`${where}: unknown optimizer ${describe(className)}; expected one of ${OPTIMIZERS.map((C) => C.kerasNames[1] ?? C.kerasNames[0]).join(', ')}`);
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    const neutral = NEUTRAL_OPTIMIZER_KEYS[key];
    if (neutral) {
      if (!neutral(value)) throw new ValueError(`${where}: ${className}'s ${key} = ${describe(value)} is not supported`);
      continue;
    }
    args[camelCase(key)] = value;
  }
  return new (Class as unknown as new (args: Record<string, unknown>) => Optimizer)(args);
}
