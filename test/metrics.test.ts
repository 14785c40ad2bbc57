// Metric names resolve as in Keras: 'accuracy'/'acc' become the accuracy that fits the loss, the
// log key is the name given, camelCase and snake_case both work, and a metric that needs other
// targets than the loss is refused at compile time.
import { describe, expect, it } from 'vitest';
import { resolveMetric } from '../src/metrics.js';

describe('resolveMetric', () => {
  it("'accuracy' and 'acc' follow the loss", () => {
    expect(resolveMetric('accuracy', 'sparse_categorical_crossentropy')).toEqual({ key: 'accuracy', kind: 'sparse_categorical_accuracy' });
    expect(resolveMetric('acc', 'binary_crossentropy')).toEqual({ key: 'acc', kind: 'binary_accuracy' });
    expect(resolveMetric('accuracy', 'categorical_crossentropy')).toEqual({ key: 'accuracy', kind: 'categorical_accuracy' });
    expect(resolveMetric('accuracy', 'mean_squared_error')).toEqual({ key: 'accuracy', kind: 'categorical_accuracy' });
  });

  it('direct names, short forms and camelCase keep the given key', () => {
    expect(resolveMetric('mae', 'mean_squared_error')).toEqual({ key: 'mae', kind: 'mean_absolute_error' });
    expect(resolveMetric('meanSquaredError', 'mean_absolute_error')).toEqual({ key: 'meanSquaredError', kind: 'mean_squared_error' });
    expect(resolveMetric('binaryAccuracy', 'binary_crossentropy')).toEqual({ key: 'binaryAccuracy', kind: 'binary_accuracy' });
    expect(resolveMetric('sparse_categorical_crossentropy', 'sparse_categorical_crossentropy').kind).toBe('sparse_categorical_crossentropy');
  });

  it('refuses unknown names, non-strings and metrics whose targets differ from the loss', () => {
    expect(() => resolveMetric('f1', 'mean_squared_error')).toThrow(/compile\(metrics\): unknown metric "f1"; expected one of accuracy, acc, sparse_categorical_accuracy/);
    expect(() => resolveMetric(3 as unknown as string, 'mean_squared_error')).toThrow(/compile\(metrics\): expected metric names, received 3/);
    expect(() => resolveMetric('sparse_categorical_accuracy', 'categorical_crossentropy')).toThrow(/expects integer labels, but the loss "categorical_crossentropy" takes targets shaped like the output/);
    expect(() => resolveMetric('categorical_accuracy', 'sparse_categorical_crossentropy')).toThrow(/expects targets shaped like the output, but the loss "sparse_categorical_crossentropy" takes integer labels/);
  });
});
