import { ValueError, describe } from './errors.js';
import type { LossKind, MetricKind } from './backends/backend.js';
import { snakeCase } from './initializers.js';
import { LOSS_NAMES, findLoss, takesIntegerLabels } from './losses.js';
import type { LossName } from './losses.js';

/** A metric as the model runs it: the key it is logged under and the core kernel behind it. */
export interface ResolvedMetric {
  key: string;
  kind: MetricKind;
}

type AccuracyKind = 'sparse_categorical_accuracy' | 'categorical_accuracy' | 'binary_accuracy';

const ACCURACIES: readonly AccuracyKind[] = ['sparse_categorical_accuracy', 'categorical_accuracy', 'binary_accuracy'];

// A loss is also a metric (as in Keras), under any of its names.
const KNOWN = ['accuracy', 'acc', ...ACCURACIES, ...LOSS_NAMES];

/** The metric names compile() takes: a typo is a compile-time error in TypeScript. */
export type MetricName = 'accuracy' | 'acc' | AccuracyKind | LossName;

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
    kind = ACCURACIES.find((a) => a === snake) ?? findLoss(snake);
  }
  if (!kind) throw new ValueError(`compile(metrics): unknown metric ${describe(name)}; expected one of ${KNOWN.join(', ')}`);
  const sparseMetric = kind === 'sparse_categorical_accuracy' || (!isAccuracy(kind) && takesIntegerLabels(kind));
  if (sparseMetric !== takesIntegerLabels(loss)) {
    throw new ValueError(
      `compile(metrics): ${describe(name)} expects ${sparseMetric ? 'integer labels' : 'targets shaped like the output'}, but the loss ${describe(loss)} takes ${takesIntegerLabels(loss) ? 'integer labels' : 'targets shaped like the output'}`,
    );
  }
  return { key: name, kind };
}

function isAccuracy(kind: MetricKind): kind is AccuracyKind {
  return (ACCURACIES as readonly string[]).includes(kind);
}
