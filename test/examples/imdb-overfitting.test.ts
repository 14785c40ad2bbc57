// Deep Learning with Python ch. 3's overfitting workflow (examples/imdb-overfitting.mjs) on its
// same-format stand-in, since imdb.npz needs a download: validation loss turns up after a few
// epochs, and EarlyStopping with restoreBestWeights stops two epochs later and keeps the best epoch.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { historyPlot, loadData, run, standIn } from '../../examples/imdb-overfitting.mjs';

type Result = { history: Record<string, number[]>; bestEpoch: number; early: { epochsRun: number; restoredEpoch: number; testAccuracy: number } };

describe('IMDB overfitting example', () => {
  it('the stand-in has IMDB\'s form', () => {
    const [[xTrain, yTrain], [xTest, yTest]] = standIn(100) as [[number[][], Int32Array], [number[][], Int32Array]];
    expect(xTrain).toHaveLength(100);
    expect(yTrain).toHaveLength(100);
    expect(xTest.length).toBe(yTest.length);
    expect(xTrain.flat().every((w) => Number.isInteger(w) && w >= 1 && w < 10_000)).toBe(true);
    expect(new Set(yTrain)).toEqual(new Set([0, 1]));
  });

  it('overfits after a few epochs; EarlyStopping stops two epochs after the best and restores it', async () => {
    const data = await loadData({ useStandIn: true, reviews: 5000 });
    expect(data.xTrain.shape).toEqual([3000, 10_000]);
    expect(data.xVal.shape).toEqual([2000, 10_000]);
    const result = (await run(data, { epochs: 12 })) as Result;
    const valLoss = result.history['val_loss']!;
    expect(valLoss).toHaveLength(12);
    // Training loss keeps falling while validation loss has turned up by the end.
    expect(result.history['loss']![11]).toBeLessThan(result.history['loss']![result.bestEpoch]!);
    expect(result.bestEpoch).toBeLessThan(9);
    expect(valLoss[11]).toBeGreaterThan(valLoss[result.bestEpoch]!);
    // The same seed gives the same epochs, so the second run stops at best + 2 and goes back to best.
    expect(result.early.restoredEpoch).toBe(result.bestEpoch);
    expect(result.early.epochsRun).toBe(result.bestEpoch + 3);
    expect(result.early.testAccuracy).toBeGreaterThan(0.55);
    // The book's two figures, one panel each, twelve epochs on the x axis.
    const svg = historyPlot(result.history, 'stand-in') as string;
    for (const title of ['Training and validation loss', 'Training and validation accuracy']) expect(svg).toContain(title);
  }, 120_000);
});
