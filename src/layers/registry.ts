import { FormatError, ValueError, describe } from '../errors.js';
import { Activation } from './activation.js';
import { Dense } from './dense.js';
import type { Layer } from './layer.js';
import { Flatten, Reshape } from './reshaping.js';
import { InputLayer } from './input.js';
import { Dropout } from './dropout.js';
import { Concatenate } from './concatenate.js';
import { Add, Average, Maximum, Multiply, Subtract, mergeFromConfig } from './merge.js';
import type { Merge } from './merge.js';
import type { LayerArgs } from './layer.js';
import { BatchNormalization } from './batch-normalization.js';

/**
 * Keras class names to classes. One list, not self-registration in each file: the package is marked
 * side-effect free, so a bundler could drop a file that only registers itself, and a model file
 * naming that class would then fail to load.
 */
export const LAYER_CLASSES = {
  Dense,
  Flatten,
  Reshape,
  Activation,
  InputLayer,
  Dropout,
  Concatenate,
  Add,
  Subtract,
  Multiply,
  Average,
  Maximum,
  BatchNormalization,
} as const;

export type LayerClassName = keyof typeof LAYER_CLASSES;

export function getLayerClass(className: string): (typeof LAYER_CLASSES)[LayerClassName] {
  const found = Object.hasOwn(LAYER_CLASSES, className) ? LAYER_CLASSES[className as LayerClassName] : undefined;
  if (!found) throw new ValueError(`layer class: unknown ${describe(className)}; expected one of ${Object.keys(LAYER_CLASSES).join(', ')}`);
  return found;
}

export type { Layer };

type FromConfig = (config: Record<string, unknown>) => Layer;

/**
 * Builds a layer of a registered class from its Keras config (model.json's `config`): the class's
 * own fromConfig, or for the merges (whose config is only the base keys) the shared one.
 */
const FROM_CONFIG: Readonly<Record<string, FromConfig>> = Object.fromEntries(Object.entries(LAYER_CLASSES).map(([name, Class]): [string, FromConfig] => [
  name,
  'fromConfig' in Class ? (c) => Class.fromConfig(c) : (c) => mergeFromConfig(Class as new (args?: LayerArgs) => Merge, name, c),
]));

/** Keras' deserialize for layers: a FormatError naming `where` and listing the known classes when the class is unknown. */
export function layerFromConfig(className: unknown, config: unknown, where: string): Layer {
  const build = typeof className === 'string' && Object.hasOwn(FROM_CONFIG, className) ? FROM_CONFIG[className] : undefined;
  if (!build) throw new FormatError(`${where}: unknown layer class ${describe(className)}; Axon knows ${Object.keys(FROM_CONFIG).join(', ')}`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new FormatError(`${where}: expected the ${className} layer's config object, received ${describe(config)}`);
  try {
    return build(config as Record<string, unknown>);
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
