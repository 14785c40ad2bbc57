import { FormatError, ValueError, describe } from '../errors.js';
import { Activation } from './activation.js';
import { Dense } from './dense.js';
import type { Layer } from './layer.js';
import { Flatten, Reshape } from './reshaping.js';
import { InputLayer } from './input.js';
import { Dropout } from './dropout.js';
import { Concatenate } from './concatenate.js';
import { Add, Average, Maximum, Multiply, Subtract, mergeFromConfig } from './merge.js';
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
  const found = (LAYER_CLASSES as Record<string, (typeof LAYER_CLASSES)[LayerClassName]>)[className];
  if (!found) throw new ValueError(`layer class: unknown ${describe(className)}; expected one of ${Object.keys(LAYER_CLASSES).join(', ')}`);
  return found;
}

export type { Layer };

/** Builds a layer of a registered class from its Keras config (model.json's `config`). */
const FROM_CONFIG: Record<LayerClassName, (config: Record<string, unknown>) => Layer> = {
  Dense: (c) => Dense.fromConfig(c),
  Flatten: (c) => Flatten.fromConfig(c),
  Reshape: (c) => Reshape.fromConfig(c),
  Activation: (c) => Activation.fromConfig(c),
  InputLayer: (c) => InputLayer.fromConfig(c),
  Dropout: (c) => Dropout.fromConfig(c),
  Concatenate: (c) => Concatenate.fromConfig(c),
  Add: (c) => mergeFromConfig(Add, 'Add', c),
  Subtract: (c) => mergeFromConfig(Subtract, 'Subtract', c),
  Multiply: (c) => mergeFromConfig(Multiply, 'Multiply', c),
  Average: (c) => mergeFromConfig(Average, 'Average', c),
  Maximum: (c) => mergeFromConfig(Maximum, 'Maximum', c),
  BatchNormalization: (c) => BatchNormalization.fromConfig(c),
};

/** Keras' deserialize for layers: a FormatError naming `where` and listing the known classes when the class is unknown. */
export function layerFromConfig(className: unknown, config: unknown, where: string): Layer {
  const build = typeof className === 'string' ? (FROM_CONFIG as Record<string, (c: Record<string, unknown>) => Layer>)[className] : undefined;
  if (!build) throw new FormatError(`${where}: unknown layer class ${describe(className)}; Axon knows ${Object.keys(FROM_CONFIG).join(', ')}`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new FormatError(`${where}: expected the ${className} layer's config object, received ${describe(config)}`);
  try {
    return build(config as Record<string, unknown>);
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
