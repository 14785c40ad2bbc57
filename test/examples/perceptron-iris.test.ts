// Hands-On ML ch. 10's Perceptron on iris (examples/perceptron-iris.mjs): the same predictions as
// scikit-learn's Perceptron(random_state=42) on the same data, sample for sample.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { run } from '../../examples/perceptron-iris.mjs';
import { sklearnAvailable, sklearnReference } from './sklearn.js';

type Fit = { predictions: number[]; accuracy: number };
type Result = { setosa: Fit & { at2x05: number }; all: Fit };

describe('Perceptron on iris example', () => {
  it("separates setosa by its petals and calls a 2 × 0.5 cm petal setosa, as the book's does", async () => {
    const r = (await run()) as Result;
    expect(r.setosa.accuracy).toBe(1);
    expect(r.setosa.at2x05).toBe(1);
    expect(r.setosa.predictions.slice(0, 50).every((p) => p === 1)).toBe(true);
  });

  it.skipIf(!sklearnAvailable)('predicts what scikit-learn predicts, for both problems', async () => {
    const r = (await run()) as Result;
    const reference = sklearnReference<{ setosa: Fit & { at_2_05: number }; all: Fit }>('perceptron');
    expect(r.setosa.predictions).toEqual(reference.setosa.predictions);
    expect(r.setosa.at2x05).toBe(reference.setosa.at_2_05);
    expect(r.all.predictions).toEqual(reference.all.predictions);
    expect(r.all.accuracy).toBeCloseTo(reference.all.accuracy, 12);
  });
});
