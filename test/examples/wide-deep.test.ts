// Hands-On ML ch. 10's wide & deep model (examples/wide-deep.mjs) on its synthetic 8-feature
// stand-in, since cal_housing.tgz needs a download: two inputs, two weighted outputs, and the
// losses fall.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the example is plain JavaScript run against dist/.
import { loadData, run } from '../../examples/wide-deep.mjs';

type Result = { model: { dispose(): void; countParams(): number }; history: Record<string, number[]>; test: Record<string, number> };

describe('wide & deep example', () => {
  it('trains both outputs of the two-input model; every loss falls', async () => {
    const data = await loadData({ useStandIn: true });
    const { model, history, test } = (await run(data, { epochs: 8 })) as Result;
    expect(Object.keys(history).sort()).toEqual(['aux_output_loss', 'loss', 'main_output_loss', 'val_aux_output_loss', 'val_loss', 'val_main_output_loss']);
    for (const key of ['loss', 'main_output_loss', 'aux_output_loss', 'val_loss']) {
      expect(history[key]![7]!, key).toBeLessThan(history[key]![0]! * 0.7);
    }
    expect(test['loss']).toBeCloseTo(0.9 * test['main_output_loss']! + 0.1 * test['aux_output_loss']!, 4);
    // Hands-On ML's figures: 6·30+30, 30·30+30, (5+30)+1, 30+1.
    expect(model.countParams()).toBe(210 + 930 + 36 + 31);
    model.dispose();
  });
});
