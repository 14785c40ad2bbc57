// The seed numbers on the real data (Debian's dataset-fashion-mnist), through the example script
// and the built package: 48,000/12,000 split, five epochs each.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { loadSplits, trainModel } from '../examples/fashion-mnist.mjs';

type Run = { valAccuracy: number; history: Record<string, number[]>; samplePredictions: number[] };

describe('Fashion-MNIST seed workflow', () => {
  it('784→10 softmax with RMSprop reaches ≥ 0.84 and 784→100→10 with Adam ≥ 0.87 validation accuracy', async () => {
    const data = await loadSplits();
    expect(data.xTrain.shape).toEqual([48000, 784]);
    expect(data.xVal.shape).toEqual([12000, 784]);
    const linear = (await trainModel('linear', data, { verbose: 0 })) as Run;
    expect(linear.history['val_accuracy']).toHaveLength(5);
    expect(linear.valAccuracy).toBeGreaterThanOrEqual(0.84);
    const mlp = (await trainModel('mlp', data, { verbose: 0 })) as Run;
    expect(mlp.valAccuracy).toBeGreaterThanOrEqual(0.87);
    expect(mlp.history['loss']![4]).toBeLessThan(mlp.history['loss']![0]!);
    // The classes the image grid captions: the first 15 validation images, most of them right.
    expect(mlp.samplePredictions).toHaveLength(15);
    const right = mlp.samplePredictions.filter((p, i) => p === data.yVal.data[i]).length;
    expect(right).toBeGreaterThanOrEqual(11);
  }, 240_000);
});
