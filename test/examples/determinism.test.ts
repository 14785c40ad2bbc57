// examples/determinism.mjs: setRandomSeed makes initialisation, shuffling and dropout repeatable.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { run, sameBits } from '../../examples/determinism.mjs';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { loadSplits, sliceSplits } from '../../examples/fashion-mnist.mjs';

type Run = { initial: Float32Array[]; weights: Float32Array[]; history: Record<string, number[]> };

describe('determinism example', () => {
  it('the same seed gives bit-identical weights and History; another seed does not', async () => {
    const data = sliceSplits(await loadSplits(), 1000);
    const first = (await run(data, 42)) as Run;
    const again = (await run(data, 42)) as Run;
    const other = (await run(data, 43)) as Run;
    expect(first.weights).toHaveLength(4);
    expect(sameBits(first.initial, again.initial)).toBe(true);
    expect(sameBits(first.weights, again.weights)).toBe(true);
    expect(again.history).toEqual(first.history);
    expect(sameBits(first.initial, other.initial)).toBe(false);
    expect(sameBits(first.weights, other.weights)).toBe(false);
    expect(other.history['loss']).not.toEqual(first.history['loss']);
    // Training moved the weights: equality above is not two untouched initialisations.
    expect(sameBits(first.initial, first.weights)).toBe(false);
  }, 30_000);

  it('sameBits tells one flipped bit apart', () => {
    const a = [Float32Array.of(1, 2, 3)];
    const b = [Float32Array.of(1, 2, 3)];
    expect(sameBits(a, b)).toBe(true);
    new Uint32Array(b[0]!.buffer)[1]! ^= 1;
    expect(sameBits(a, b)).toBe(false);
  });
});
