// Hands-On ML ch. 10's regression MLP (examples/california-housing.mjs) on the synthetic 8-feature
// stand-in of examples/wide-deep.mjs, since cal_housing.tgz needs a download: the book's splits and
// scaling, both losses fall, and the test error beats always predicting the mean.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { buildModel, loadData, run } from '../../examples/california-housing.mjs';

type Column = { data: Float32Array; shape: number[] };

function variance(y: Column): number {
  const mean = y.data.reduce((a, b) => a + b, 0) / y.data.length;
  return y.data.reduce((a, b) => a + (b - mean) ** 2, 0) / y.data.length;
}

describe('California housing regression example', () => {
  it('trains Dense(30, relu) → Dense(1) with SGD(1e-3) to a test MSE below the targets\' variance', async () => {
    const data = await loadData({ useStandIn: true });
    // 5,000 rows: 25% test, then 25% of the rest for validation, as the book splits.
    expect([data.xTrain.shape, data.xVal.shape, data.xTest.shape]).toEqual([[2812, 8], [938, 8], [1250, 8]]);
    expect(data.yTest.shape).toEqual([1250, 1]);
    const model = buildModel();
    expect(model.countParams()).toBe(8 * 30 + 30 + 31);
    model.dispose();
    const r = (await run(data, { epochs: 8 })) as { history: Record<string, number[]>; testMse: number; predictions: number[] };
    for (const key of ['loss', 'val_loss']) expect(r.history[key]![7]!, key).toBeLessThan(r.history[key]![0]! * 0.8);
    expect(r.testMse).toBeLessThan(variance(data.yTest as Column) * 0.8);
    expect(r.predictions).toHaveLength(3);
  }, 30_000);
});
