import { StateError } from './errors.js';
import { getBackend } from './backends/index.js';
import type { LossKind, MetricKind } from './backends/backend.js';
import { LOSSES } from './backends/loss-registry.js';
import { Tensor, toTensor } from './tensor.js';
import type { TensorLike } from './tensor.js';
import { adaptTargets } from './models/data-adapter.js';
import { takesIntegerLabels } from './losses.js';
import { camelCase } from './options.js';

/**
 * A Keras loss or metric function (keras.losses.mean_squared_error, tf.metrics.categoricalAccuracy):
 * called, it gives one value per sample of predictions against targets, computed by the same
 * kernel that training uses; given to compile() it stands for that kernel, like its name.
 */
export interface LossFunction {
  (yTrue: TensorLike, yPred: TensorLike): Tensor<'float32'>;
  /** The registered kernel it runs (its Keras name). */
  readonly kernelName: MetricKind;
}

const ACCURACY_LABELS: Record<string, boolean> = { sparse_categorical_accuracy: true, categorical_accuracy: false, binary_accuracy: false };

function perSample(kind: MetricKind, owner: string, yTrue: TensorLike, yPred: TensorLike): Tensor<'float32'> {
  const backend = getBackend();
  if (!backend.isReady && !(backend.readyNow?.() ?? false)) throw new StateError(`${owner}: the backend is not loaded; await ready() first`);
  if (backend.asyncReadback) throw new StateError(`${owner}: the "${backend.name}" backend reads back only asynchronously here; use model.evaluate()`);
  const p = toTensor(yPred, `${owner}(yPred)`);
  const rows = p.rank === 0 ? 1 : p.shape[0]!;
  const cols = p.size / rows;
  // Targets are checked as fit() checks them, against this kernel's kind of labels.
  const integer = kind in ACCURACY_LABELS ? ACCURACY_LABELS[kind]! : takesIntegerLabels(kind as LossKind);
  const targets = adaptTargets(yTrue, `${owner}(yTrue)`, integer ? 'sparse_categorical_crossentropy' : 'mean_squared_error', cols, rows);
  const pred = backend.alloc(cols);
  const target = backend.alloc(targets.cols, integer ? 'i32' : 'f32');
  const out = new Float32Array(rows);
  const values = p.data instanceof Float32Array ? p.data : Float32Array.from(p.data);
  try {
    for (let r = 0; r < rows; r++) {
      backend.write(pred, values.subarray(r * cols, (r + 1) * cols));
      backend.write(target, targets.data.subarray(r * targets.cols, (r + 1) * targets.cols));
      out[r] = kind in ACCURACY_LABELS ? backend.metric(kind, pred, target, 1, cols) : backend.loss(kind as LossKind, pred, target, 1, cols, null, 'linear', 1);
    }
  } finally {
    backend.free(pred);
    backend.free(target);
  }
  return new Tensor<'float32'>(out, [rows]);
}


function make(kind: MetricKind, owner: string): LossFunction {
  return Object.assign((yTrue: TensorLike, yPred: TensorLike) => perSample(kind, owner, yTrue, yPred), { kernelName: kind });
}

function table(kinds: readonly { name: MetricKind; aliases: readonly string[] }[], prefix: string): Record<string, LossFunction> {
  const out: Record<string, LossFunction> = {};
  for (const { name, aliases } of kinds) {
    for (const n of [name, ...aliases]) out[camelCase(n)] = make(name, `${prefix}.${camelCase(n)}`);
  }
  return out;
}

const LOSS_KINDS = LOSSES.map((l) => ({ name: l.name as MetricKind, aliases: l.aliases as readonly string[] }));
const ACCURACY_KINDS = Object.keys(ACCURACY_LABELS).map((name) => ({ name: name as MetricKind, aliases: [] as readonly string[] }));

/** Keras' keras.losses / tfjs' tf.losses functions, by their tfjs (camelCase) names: losses.meanSquaredError, losses.mse, ... */
export const losses: Readonly<Record<string, LossFunction>> = Object.freeze(table(LOSS_KINDS, 'losses'));

/** Keras' keras.metrics functions: the accuracies and every loss, camelCase: metrics.categoricalAccuracy, ... */
export const metrics: Readonly<Record<string, LossFunction>> = Object.freeze(table([...ACCURACY_KINDS, ...LOSS_KINDS], 'metrics'));

/** A loss or metric function's kernel name, or undefined for anything else. */
export function kernelNameOf(value: unknown): MetricKind | undefined {
  return typeof value === 'function' && typeof (value as Partial<LossFunction>).kernelName === 'string' ? (value as LossFunction).kernelName : undefined;
}
