import { FormatError, describe } from '../errors.js';
import { L1L2 } from '../regularizers.js';
import { camelCase } from '../options.js';

/** A layer's Keras JSON config, as model.json holds it (snake_case keys). */
export type KerasConfig = Record<string, unknown>;


// Keys Keras and tfjs write that Axon has nothing to do with while they hold these values.
const NEUTRAL: Record<string, (v: unknown) => boolean> = {
  dtype: (v) => v === undefined || v === null || v === 'float32',
  sparse: (v) => !v,
  ragged: (v) => !v,
  data_format: (v) => v === undefined || v === null || v === 'channels_last',
  noise_shape: (v) => v === undefined || v === null,
  batch_size: (v) => v === undefined || v === null,
  kernel_constraint: (v) => v === undefined || v === null,
  bias_constraint: (v) => v === undefined || v === null,
  beta_constraint: (v) => v === undefined || v === null,
  gamma_constraint: (v) => v === undefined || v === null,
  renorm: (v) => !v,
  fused: () => true,
  virtual_batch_size: (v) => v === undefined || v === null,
  adjustment: (v) => v === undefined || v === null,
  synchronized: (v) => !v,
};

/**
 * tfjs writes Glorot, He and LeCun initializers as the VarianceScaling they are: the name of the
 * one a scale, mode and distribution make.
 */
function varianceScalingName(config: Record<string, unknown>, where: string): string {
  const mode = String(config['mode'] ?? 'fan_in').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const distribution = String(config['distribution'] ?? 'normal');
  const family = config['scale'] === 1 && mode === 'fan_avg' ? 'glorot' : config['scale'] === 2 && mode === 'fan_in' ? 'he' : config['scale'] === 1 && mode === 'fan_in' ? 'lecun' : null;
  const kind = distribution === 'uniform' ? 'uniform' : distribution === 'normal' || distribution === 'truncated_normal' || distribution === 'truncatedNormal' ? 'normal' : null;
  if (!family || !kind) throw new FormatError(`${where}: VarianceScaling ${describe(config)} is not an initializer Axon has (Glorot, He or LeCun, uniform or normal)`);
  return `${family}_${kind}`;
}

/** An initializer as Keras writes it ({ class_name: 'GlorotUniform', config }) or tfjs' string, to the name Axon resolves. */
function initializerName(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { class_name?: unknown }).class_name === 'string') {
    const { class_name: className, config } = value as { class_name: string; config?: Record<string, unknown> };
    return className === 'VarianceScaling' ? varianceScalingName(config ?? {}, where) : className;
  }
  throw new FormatError(`${where}: expected an initializer name or { class_name, config }, received ${describe(value)}`);
}

/** Keras' L1L2 (or L1, L2) regularizer JSON to a regularizer; null stays null. */
function regularizerFrom(value: unknown, where: string): L1L2 | null {
  if (value === null || value === undefined) return null;
  const v = value as { class_name?: unknown; config?: { l1?: unknown; l2?: unknown } };
  if (typeof v !== 'object' || typeof v.class_name !== 'string' || !['L1L2', 'L1', 'L2', 'l1_l2', 'l1', 'l2'].includes(v.class_name)) {
    throw new FormatError(`${where}: expected an L1L2, L1 or L2 regularizer ({ class_name, config: { l1, l2 } }), received ${describe(value)}`);
  }
  const number = (x: unknown): number => {
    if (x === undefined || x === null) return 0;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new FormatError(`${where}: expected a non-negative factor, received ${describe(x)}`);
    return x;
  };
  return new L1L2(number(v.config?.l1), number(v.config?.l2));
}

/**
 * A layer's Keras config as the camelCase options its constructor takes: initializer and
 * regularizer objects resolved, Keras-only keys checked to hold their neutral values, and any other
 * unknown key a FormatError naming the layer and the key (never silently dropped).
 */
export function argsFromConfig(config: unknown, className: string, keys: readonly string[]): Record<string, unknown> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new FormatError(`${className} config: expected an object, received ${describe(config)}`);
  }
  const where = (key: string): string => `${className} "${String((config as KerasConfig)['name'] ?? '?')}" config.${key}`;
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config as KerasConfig)) {
    const neutral = NEUTRAL[key];
    if (neutral) {
      if (!neutral(value)) throw new FormatError(`${where(key)}: ${describe(value)} is not supported (Axon supports ${key === 'dtype' ? 'float32' : 'its default'})`);
      continue;
    }
    const name = key === 'batch_shape' ? 'batchInputShape' : camelCase(key);
    if (!keys.includes(name)) throw new FormatError(`${where(key)}: unknown key for ${className}; Axon reads ${keys.join(', ')}`);
    if (value === null && !name.endsWith('Regularizer')) continue;
    if (name.endsWith('Initializer')) args[name] = initializerName(value, where(key));
    else if (name.endsWith('Regularizer')) args[name] = regularizerFrom(value, where(key));
    else args[name] = value;
  }
  return args;
}

/** The keys of every layer's config (Layer.getConfig writes them). */
export const BASE_CONFIG_KEYS = ['name', 'trainable', 'batchInputShape', 'activityRegularizer'] as const;
