// 혼자 공부하는 머신러닝+딥러닝's optimizer comparison (examples/fashion-mnist-optimizers.mjs) on a
// 2,000-image slice for two epochs: each of the six optimizers lowers the loss from the same start,
// and the comparison chart names all six.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { OPTIMIZERS, comparisonPlot, run } from '../../examples/fashion-mnist-optimizers.mjs';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { loadSplits, sliceSplits } from '../../examples/fashion-mnist.mjs';

type Run = { history: Record<string, number[]>; valAccuracy: number };

describe('Fashion-MNIST optimizer comparison example', () => {
  it('every optimizer lowers the loss; the chart names all six', async () => {
    const data = sliceSplits(await loadSplits(), 2000);
    const runs = (await run(data, { epochs: 2 })) as Record<string, Run>;
    const names = Object.keys(OPTIMIZERS as object);
    expect(Object.keys(runs)).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    for (const name of names) {
      const { loss, val_loss: valLoss } = runs[name]!.history;
      expect(loss![1], name).toBeLessThan(loss![0]!);
      expect(valLoss![1], name).toBeLessThan(valLoss![0]!);
      expect(runs[name]!.valAccuracy, name).toBeGreaterThan(0.3);
    }
    // Same seed, different rules: the runs start from the same weights but do not end alike.
    expect(new Set(names.map((n) => runs[n]!.history['loss']![1])).size).toBe(names.length);
    // Momentum speeds up plain SGD at the same learning rate, as the book says.
    expect(runs['momentum']!.history['loss']![1]).toBeLessThan(runs['sgd']!.history['loss']![1]!);
    const svg = comparisonPlot(runs) as string;
    expect(svg).toMatch(/^<svg|<\?xml/);
    for (const name of names) expect(svg).toContain(`>${name}<`);
  }, 60_000);
});
