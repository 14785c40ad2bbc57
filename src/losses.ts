import { ValueError, describe } from './errors.js';
import type { LossKind } from './backends/backend.js';
import { snakeCase } from './initializers.js';

export type LossName =
  | LossKind
  | 'sparseCategoricalCrossentropy' | 'categoricalCrossentropy' | 'binaryCrossentropy'
  | 'mse' | 'meanSquaredError' | 'mae' | 'meanAbsoluteError';

const ALIASES: Record<string, LossKind> = {
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  binary_crossentropy: 'binary_crossentropy',
  mean_squared_error: 'mean_squared_error',
  mse: 'mean_squared_error',
  mean_absolute_error: 'mean_absolute_error',
  mae: 'mean_absolute_error',
};

/** Keras snake_case or tfjs camelCase loss names to the core's loss kernels. */
export function resolveLoss(name: string): LossKind {
  const kind = typeof name === 'string' ? ALIASES[snakeCase(name)] : undefined;
  if (!kind) throw new ValueError(`compile(loss): unknown loss ${describe(name)}; expected one of ${Object.keys(ALIASES).join(', ')}`);
  return kind;
}

/** Sparse losses take integer class labels; the others take targets shaped like the output. */
export function takesIntegerLabels(kind: LossKind): boolean {
  return kind === 'sparse_categorical_crossentropy';
}
