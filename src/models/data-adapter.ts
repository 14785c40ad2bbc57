import { ShapeError, ValueError, describe } from '../errors.js';
import type { LossKind } from '../backends/backend.js';
import type { Shape } from '../layers/layer.js';
import { takesIntegerLabels } from '../losses.js';
import { firstNonFinite, toTensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';

/** Inputs as the executor consumes them: flat float32 rows. */
export interface Inputs {
  data: Float32Array;
  rows: number;
  sampleShape: Shape;
  rowLength: number;
}

/** Targets as the loss kernels consume them: int32 labels or float32 rows, and any sample weights. */
export interface Targets {
  data: Float32Array | Int32Array;
  cols: number;
  integer: boolean;
  /** One weight per sample (Keras' sample_weight, class weights multiplied in); absent: unweighted. */
  weights?: Float32Array | null;
}

/**
 * Validates x against the model's input shape (when known) and returns float32 rows. uint8/int32
 * data is converted once, as Keras casts inputs to floatx.
 */
export function adaptInputs(value: TensorLike, argument: string, expected: Shape | null): Inputs {
  const x = toTensor(value, argument);
  if (x.rank < 2) {
    throw new ShapeError(`${argument}: expected a tensor of shape [samples, ${expected ? expected.join(', ') : '...features'}], received shape ${describe([...x.shape])}`);
  }
  const rows = x.shape[0]!;
  const sampleShape = x.shape.slice(1);
  if (rows === 0) throw new ValueError(`${argument}: expected at least one sample, received an empty tensor of shape ${describe([...x.shape])}`);
  if (expected && (expected.length !== sampleShape.length || expected.some((d, i) => d !== sampleShape[i]))) {
    throw new ShapeError(`${argument}: expected samples of shape ${describe([...expected])} (the model's input shape), received shape ${describe([...x.shape])}`);
  }
  const data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
  const bad = x.dtype === 'float32' ? firstNonFinite(data) : -1;
  if (bad >= 0) {
    const rowLength = data.length / rows;
    throw new ValueError(`${argument}: expected finite numbers, received ${data[bad]} at sample ${Math.floor(bad / rowLength)}, element ${bad % rowLength}`);
  }
  return { data, rows, sampleShape, rowLength: data.length / rows };
}

/**
 * Validates y for the loss: integer class labels in [0, units) for the sparse loss, otherwise
 * rows of `units` finite values ([n] is accepted for a single output unit).
 */
export function adaptTargets(value: TensorLike, argument: string, loss: LossKind, units: number, rows: number): Targets {
  const y = toTensor(value, argument);
  const n = y.rank === 0 ? 1 : y.shape[0]!;
  if (n !== rows) throw new ShapeError(`${argument}: expected ${rows} samples to match x, received ${n}`);
  if (takesIntegerLabels(loss)) {
    if (y.size !== rows) {
      throw new ShapeError(`${argument}: ${loss} expects one integer label per sample (shape [${rows}] or [${rows}, 1]), received shape ${describe([...y.shape])}`);
    }
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const v = y.data[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= units) {
        throw new ValueError(`${argument}: expected integer class labels in [0, ${units}) for an output of ${units} units, received ${v} at index ${i}`);
      }
      labels[i] = v;
    }
    return { data: labels, cols: 1, integer: true };
  }
  const cols = y.size / rows;
  if (cols !== units || (y.rank > 2 && y.shape.slice(1).reduce((a, b) => a * b, 1) !== units)) {
    const hint = loss === 'categorical_crossentropy' && y.size === rows ? '; for integer labels use sparse_categorical_crossentropy or toCategorical(y)' : '';
    throw new ShapeError(`${argument}: ${loss} expects targets of shape [${rows}, ${units}] like the model's output, received shape ${describe([...y.shape])}${hint}`);
  }
  const data = y.data instanceof Float32Array ? y.data : Float32Array.from(y.data);
  const bad = firstNonFinite(data);
  if (bad >= 0) throw new ValueError(`${argument}: expected finite numbers, received ${data[bad]} at index ${bad}`);
  return { data, cols, integer: false };
}
