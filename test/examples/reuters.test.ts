// Deep Learning with Python ch. 3's Reuters workflow (examples/reuters.mjs) on its same-format
// stand-in, since reuters.npz needs a download: 46 one-hot topics, the overfitting turn in
// validation loss, a fresh network trained up to it beating the random baseline, the curves drawn.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { historyPlot, loadData, randomBaseline, run, standIn } from '../../examples/reuters.mjs';

type Result = { history: Record<string, number[]>; bestEpoch: number; final: { epochs: number; testAccuracy: number }; randomBaseline: number };

describe('Reuters example', () => {
  it("the stand-in has Reuters' form: word indices below 10,000, 46 topics, earn and acq the most common", () => {
    const [[xTrain, yTrain], [xTest, yTest]] = standIn(5000) as [[number[][], Int32Array], [number[][], Int32Array]];
    expect([xTrain.length, yTrain.length, xTest.length, yTest.length]).toEqual([4000, 4000, 1000, 1000]);
    expect(xTrain.flat().every((w) => Number.isInteger(w) && w >= 1 && w < 10_000)).toBe(true);
    const counts = new Array<number>(46).fill(0);
    for (const t of yTrain) counts[t]!++;
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(30);
    const ranked = counts.map((c, t) => [c, t]).sort((a, b) => b[0]! - a[0]!);
    expect(ranked.slice(0, 2).map(([, t]) => t).sort()).toEqual([3, 4]);
  });

  it('overfits after a few epochs; retrained up to the turn, it beats the random baseline', async () => {
    const data = await loadData({ useStandIn: true, newswires: 2500 });
    expect(data.xTrain.shape).toEqual([1200, 10_000]);
    expect(data.yVal.shape).toEqual([800, 46]);
    // 1,200 newswires at the book's batch of 512 make 3 steps an epoch; batches of 32 reach the turn
    // within 20 epochs (measured: lowest validation loss at epoch 10, 2.4% higher at epoch 20).
    const result = (await run(data, { epochs: 20, batchSize: 32 })) as Result;
    const valLoss = result.history['val_loss']!;
    expect(valLoss).toHaveLength(20);
    expect(result.bestEpoch).toBeLessThan(15);
    expect(valLoss[19]).toBeGreaterThan(valLoss[result.bestEpoch]! * 1.015);
    expect(result.history['loss']![19]).toBeLessThan(result.history['loss']![result.bestEpoch]!);
    expect(result.final.epochs).toBe(result.bestEpoch + 1);
    expect(result.randomBaseline).toBeLessThan(0.3);
    expect(result.final.testAccuracy).toBeGreaterThan(result.randomBaseline + 0.25);
    const svg = historyPlot(result.history, 'stand-in') as string;
    for (const title of ['Training and validation loss', 'Training and validation accuracy']) expect(svg).toContain(title);
  }, 60_000);

  it('the random baseline is the agreement of the labels with a shuffled copy', () => {
    expect(randomBaseline(Int32Array.from({ length: 1000 }, () => 7))).toBe(1);
    const half = randomBaseline(Int32Array.from({ length: 4000 }, (_, i) => i % 2));
    expect(half).toBeGreaterThan(0.45);
    expect(half).toBeLessThan(0.55);
  });
});
