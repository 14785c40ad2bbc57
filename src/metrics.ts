import { ValueError, describe } from './errors.js';
import type { LossKind, MetricKind } from './backends/backend.js';
import { snakeCase } from './initializers.js';
import { takesIntegerLabels } from './losses.js';

/** A metric as the model runs it: the key it is logged under and the core kernel behind it. */
export interface ResolvedMetric {
  key: string;
  kind: MetricKind;
}

const DIRECT: Record<string, MetricKind> = {
  sparse_categorical_accuracy: 'sparse_categorical_accuracy',
  categorical_accuracy: 'categorical_accuracy',
  binary_accuracy: 'binary_accuracy',
  mse: 'mean_squared_error',
  mean_squared_error: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mean_absolute_error: 'mean_absolute_error',
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  binary_crossentropy: 'binary_crossentropy',
};

const KNOWN = ['accuracy', 'acc', ...Object.keys(DIRECT)];

/** The metric names compile() takes: a typo is a compile-time error in TypeScript. */
export type MetricName =
  | 'accuracy' | 'acc' | 'sparse_categorical_accuracy' | 'categorical_accuracy' | 'binary_accuracy'
  | 'mse' | 'mean_squared_error' | 'mae' | 'mean_absolute_error'
  | 'sparse_categorical_crossentropy' | 'categorical_crossentropy' | 'binary_crossentropy';

/**
 * Resolves a metric name as Keras does: 'accuracy'/'acc' become the accuracy that matches the
 * loss (sparse, categorical or binary), and the key in the logs is the name the user gave.
 */
export function resolveMetric(name: string, loss: LossKind): ResolvedMetric {
  if (typeof name !== 'string') throw new ValueError(`compile(metrics): expected metric names, received ${describe(name)}; known: ${KNOWN.join(', ')}`);
  const snake = snakeCase(name);
  let kind: MetricKind | undefined;
  if (snake === 'accuracy' || snake === 'acc') {
    kind = loss === 'sparse_categorical_crossentropy' ? 'sparse_categorical_accuracy'
      : loss === 'binary_crossentropy' ? 'binary_accuracy' : 'categorical_accuracy';
  } else {
    kind = DIRECT[snake];
  }
  if (!kind) throw new ValueError(`compile(metrics): unknown metric ${describe(name)}; expected one of ${KNOWN.join(', ')}`);
  const sparseMetric = kind === 'sparse_categorical_accuracy' || kind === 'sparse_categorical_crossentropy';
  if (sparseMetric !== takesIntegerLabels(loss)) {
    throw new ValueError(
      `compile(metrics): ${describe(name)} expects ${sparseMetric ? 'integer labels' : 'targets shaped like the output'}, but the loss ${describe(loss)} takes ${takesIntegerLabels(loss) ? 'integer labels' : 'targets shaped like the output'}`,
    );
  }
  return { key: name, kind };
}
