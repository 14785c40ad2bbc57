import type { Backend } from '../backends/backend.js';
import type { Executor } from './executor.js';

/** Rows in JavaScript memory: `data` holds one row of `rowLength` values per sample. */
export interface Rows {
  readonly data: Float32Array | Int32Array;
  readonly rowLength: number;
}

/** A target's rows, with one sample weight per sample where the pass is weighted. */
export interface TargetRows extends Rows {
  readonly weights?: Float32Array | null;
}

/** The batch the loop has just written into the executor. */
export interface Batch {
  index: number;
  start: number;
  count: number;
}

/**
 * The one batch loop of every model and estimator (fit, evaluate, predict, the MLP's epochs): it
 * walks `order` in batches of `batchSize`, writes each batch's rows of every input and target (and
 * sample weight) into the executor, and yields; the caller's loop body is the step (train, measure
 * or read back).
 * One Batch object is reused, so the loop allocates nothing per batch.
 */
export function* batches(
  backend: Backend, executor: Executor, inputs: readonly Rows[], targets: readonly TargetRows[], order: Uint32Array, batchSize: number,
  /** Runs before each batch is written: fit() throws there once its model is disposed. */
  beforeBatch?: (index: number) => void,
): Generator<Batch> {
  const rows = order.length;
  const batch: Batch = { index: 0, start: 0, count: 0 };
  for (let start = 0, index = 0; start < rows; start += batchSize, index++) {
    const count = Math.min(batchSize, rows - start);
    beforeBatch?.(index);
    for (let i = 0; i < inputs.length; i++) backend.writeRows(executor.inputs[i]!, inputs[i]!.data, order, start, count, inputs[i]!.rowLength);
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!;
      backend.writeRows(executor.targets[i]!, t.data, order, start, count, t.rowLength);
      // Through the same order as the targets, so each weight stays with its sample when shuffled.
      if (t.weights) backend.writeRows(executor.sampleWeights[i]!, t.weights, order, start, count, 1);
    }
    batch.index = index;
    batch.start = start;
    batch.count = count;
    yield batch;
  }
}

/** 0, 1, ..., n − 1: the order of a pass that does not shuffle. */
export function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
