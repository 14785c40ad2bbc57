import { ValueError, describe } from '../errors.js';
import { Activation } from './activation.js';
import { Dense } from './dense.js';
import type { Layer } from './layer.js';
import { Flatten, Reshape } from './reshaping.js';
import { InputLayer } from './input.js';
import { Dropout } from './dropout.js';
import { Concatenate } from './concatenate.js';
import { Add, Average, Maximum, Multiply, Subtract } from './merge.js';
import { BatchNormalization } from './batch-normalization.js';

/** Keras class names to constructors, for deserialising configs (save/load comes later). */
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
