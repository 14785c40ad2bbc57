// Keras' callbacks against Keras' documented behaviour (keras/src/callbacks/*.py): patience
// counting, minDelta, baseline, mode detection, restoring the best weights, learning-rate changes
// that reach the update and the History, CSV rows. A scripted callback placed first overwrites the
// monitored value of each epoch, so every rule is checked on a known sequence.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  CSVLogger, Callback, Dense, EarlyStopping, LambdaCallback, LearningRateScheduler, ReduceLROnPlateau, SGD, Sequential, ValueError, setRandomSeed, tensor,
} from '../src/index.js';
import type { Logs, Tensor, TrainingParams } from '../src/index.js';

const x = tensor(new Float32Array(16 * 3).map((_, i) => Math.sin(i * 0.7)), [16, 3]);
const y = tensor(new Float32Array(16 * 2).map((_, i) => Math.cos(i * 0.3)), [16, 2]);

function model(learningRate = 0.1): Sequential {
  setRandomSeed(3);
  const m = new Sequential([new Dense(2, { inputShape: [3] })]);
  m.compile({ loss: 'mse', optimizer: new SGD({ learningRate }) });
  return m;
}

/** Sets logs[key] of epoch i to values[i] (the last value repeats), before the callbacks after it see them. */
function script(key: string, values: number[]): LambdaCallback {
  return new LambdaCallback({ onEpochEnd: (epoch, logs) => void (logs![key] = values[Math.min(epoch, values.length - 1)]!) });
}

const bits = (ts: Tensor[]): number[][] => ts.map((t) => Array.from(new Uint32Array(Float32Array.from(t.data).buffer)));

describe('EarlyStopping', () => {
  it('counts patience from the last improvement and stops once it runs out', async () => {
    const m = model();
    const early = new EarlyStopping({ monitor: 'val_loss', patience: 2 });
    const history = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [script('val_loss', [1, 0.9, 0.95, 0.96, 0.97]), early] });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(early.stoppedEpoch).toBe(3);
    expect(early.best).toBe(0.9);
    m.dispose();
  });

  it('needs an improvement larger than minDelta', async () => {
    const m = model();
    const history = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [script('val_loss', [1, 0.95, 0.93]), new EarlyStopping({ minDelta: 0.1, patience: 1 })] });
    expect(history.epoch).toEqual([0, 1]);
    m.dispose();
  });

  it('restarts the count only when the baseline is beaten too', async () => {
    const values = [1, 0.9, 0.95, 0.96];
    const withBaseline = model();
    expect((await withBaseline.fit(x, y, { epochs: 20, verbose: 0, callbacks: [script('val_loss', values), new EarlyStopping({ patience: 2, baseline: 0.5 })] })).epoch).toEqual([0, 1, 2]);
    const without = model();
    expect((await without.fit(x, y, { epochs: 20, verbose: 0, callbacks: [script('val_loss', values), new EarlyStopping({ patience: 2 })] })).epoch).toEqual([0, 1, 2, 3]);
    withBaseline.dispose();
    without.dispose();
  });

  it('maximizes accuracies and minimizes losses in auto mode; an unknown name needs a mode', async () => {
    const m = model();
    const history = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [script('val_accuracy', [0.5, 0.6, 0.55, 0.58]), new EarlyStopping({ monitor: 'val_accuracy', patience: 2 })] });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    await expect(m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [script('f1', [1]), new EarlyStopping({ monitor: 'f1' })] })).rejects.toThrow(
      /EarlyStopping\(monitor\): cannot tell whether "f1" should be maximized or minimized; pass mode: 'max' or mode: 'min'/,
    );
    const maxed = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [script('f1', [0.5, 0.6, 0.55, 0.58]), new EarlyStopping({ monitor: 'f1', mode: 'max', patience: 2 })] });
    expect(maxed.epoch).toEqual([0, 1, 2, 3]);
    m.dispose();
  });

  it('warns and carries on when the monitored value is missing', async () => {
    const m = model();
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const history = await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new EarlyStopping()] });
      expect(history.epoch).toEqual([0, 1, 2]);
      expect(warning).toHaveBeenCalledWith(expect.stringMatching(/EarlyStopping is conditioned on "val_loss", which is not in the logs; available: loss/), 'AxonCallbackWarning');
    } finally {
      warning.mockRestore();
    }
    m.dispose();
  });

  it('restores the weights of the best epoch at the end', async () => {
    const m = model();
    const snapshots: number[][][] = [];
    const record = new LambdaCallback({ onEpochEnd: async () => void snapshots.push(bits(await m.getWeightsAsync())) });
    await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [record, script('val_loss', [3, 1, 2, 2.5]), new EarlyStopping({ patience: 2, restoreBestWeights: true })] });
    expect(snapshots).toHaveLength(4);
    expect(snapshots[3]).not.toEqual(snapshots[1]);
    expect(bits(m.getWeights())).toEqual(snapshots[1]);
    m.dispose();
  });

  it('checks its options', () => {
    expect(() => new EarlyStopping({ restore_best_weights: true } as never)).toThrow('EarlyStopping(restore_best_weights): unknown option; did you mean restoreBestWeights?');
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(ValueError);
  });
});

describe('learning-rate callbacks', () => {
  it('ReduceLROnPlateau multiplies the rate after `patience` flat epochs and logs learning_rate', async () => {
    const m = model(0.1);
    const history = await m.fit(x, y, { epochs: 5, verbose: 0, callbacks: [script('val_loss', [1]), new ReduceLROnPlateau({ factor: 0.5, patience: 2 })] });
    const f = Math.fround;
    expect(history.history['learning_rate']).toEqual([f(0.1), f(0.1), f(0.1), f(f(0.1) * 0.5), f(f(0.1) * 0.5)]);
    expect(m.optimizer!.learningRate).toBe(f(f(f(0.1) * 0.5) * 0.5));
    m.dispose();
  });

  it('ReduceLROnPlateau waits `cooldown` epochs after a reduction and never goes below minLr', async () => {
    const m = model(0.1);
    const plateau = new ReduceLROnPlateau({ factor: 0.1, patience: 1, cooldown: 2, minLr: 0.005 });
    const history = await m.fit(x, y, { epochs: 6, verbose: 0, callbacks: [script('val_loss', [1]), plateau] });
    const f = Math.fround;
    // As Keras counts: epoch 1 reduces to 0.01 and sets the cooldown to 2; epochs 2 and 3 count it
    // down, and epoch 3, where it reaches 0, already counts a flat epoch and reduces again, clipped
    // at 0.005 (each epoch logs the rate it trained with).
    expect(history.history['learning_rate']).toEqual([f(0.1), f(0.1), f(f(0.1) * 0.1), f(f(0.1) * 0.1), f(0.005), f(0.005)]);
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/ReduceLROnPlateau\(factor\): expected a number in \(0, 1\), received 1/);
    m.dispose();
  });

  it('LearningRateScheduler sets the rate the updates use, from (epoch, lr)', async () => {
    const m = model(0.1);
    await m.build();
    const before = bits(m.getWeights());
    const seen: [number, number][] = [];
    const history = await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => (seen.push([epoch, lr]), 0))] });
    // A rate of 0 leaves every weight as it was.
    expect(bits(m.getWeights())).toEqual(before);
    expect(seen).toEqual([[0, Math.fround(0.1)], [1, 0], [2, 0]]);
    expect(history.history['learning_rate']).toEqual([0, 0, 0]);
    await expect(m.fit(x, y, { verbose: 0, callbacks: [new LearningRateScheduler(() => Number.NaN)] })).rejects.toThrow(/LearningRateScheduler\(schedule\): expected a non-negative finite number for epoch 0, received NaN/);
    m.dispose();
  });
});

describe('Callback, LambdaCallback, CSVLogger', () => {
  it('a Callback subclass gets the model and fit()\'s params; LambdaCallback calls its functions', async () => {
    const m = model();
    const calls: string[] = [];
    class Recorder extends Callback {
      params?: TrainingParams;
      override onTrainBegin(): void {
        calls.push(`begin ${this.model === m} ${JSON.stringify(this.params)}`);
      }
    }
    const lambda = new LambdaCallback({ onEpochBegin: (epoch) => void calls.push(`epoch ${epoch}`), onBatchEnd: (batch, logs) => void calls.push(`batch ${batch} ${logs!['size']}`) });
    await m.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, callbacks: [new Recorder(), lambda] });
    expect(calls).toEqual([
      'begin true {"epochs":2,"steps":2,"samples":16,"batchSize":10,"verbose":0}',
      'epoch 0', 'batch 0 10', 'batch 1 6', 'epoch 1', 'batch 0 10', 'batch 1 6',
    ]);
    expect(() => new LambdaCallback({ on_epoch_end: () => undefined } as never)).toThrow('LambdaCallback(on_epoch_end): unknown option; did you mean onEpochEnd?');
    expect(() => new LambdaCallback({ onEpochEnd: 5 } as never)).toThrow(/LambdaCallback\(onEpochEnd\): expected a function, received 5/);
    m.dispose();
  });

  it('model.stopTraining set in onBatchEnd ends fit() after that batch, as Keras 3 does; the epoch still closes', async () => {
    const m = model();
    const calls: string[] = [];
    const stopper = new LambdaCallback({
      onBatchEnd: (batch) => {
        calls.push(`batch ${batch}`);
        if (batch === 1) stopper.model!.stopTraining = true;
      },
      onEpochEnd: (epoch) => void calls.push(`epoch end ${epoch}`),
    });
    const history = await m.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [stopper] });
    expect(calls).toEqual(['batch 0', 'batch 1', 'epoch end 0']);
    expect(history.epoch).toEqual([0]);
    m.dispose();
  });

  it('CSVLogger writes epoch and the sorted log keys, one row per epoch; append continues the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axon-csv-'));
    try {
      const file = join(dir, 'log.csv');
      const m = new Sequential([new Dense(2, { inputShape: [3], activation: 'softmax' })]);
      m.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      const labels = tensor(Int32Array.from({ length: 16 }, (_, i) => i % 2), [16]);
      const history = await m.fit(x, labels, { epochs: 3, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(file)] });
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('epoch,accuracy,loss,val_accuracy,val_loss');
      const h = history.history as Record<string, number[]>;
      expect(lines.slice(1)).toEqual([0, 1, 2].map((e) => [e, h['accuracy']![e], h['loss']![e], h['val_accuracy']![e], h['val_loss']![e]].join(',')));
      await m.fit(x, labels, { epochs: 1, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(file, { append: true })] });
      const again = readFileSync(file, 'utf8').trim().split('\n');
      expect(again).toHaveLength(5);
      expect(again.filter((l) => l.startsWith('epoch'))).toHaveLength(1);
      await m.fit(x, labels, { epochs: 1, verbose: 0, callbacks: [new CSVLogger(file, { separator: ';' })] });
      expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual(['epoch;accuracy;loss', expect.stringMatching(/^0;[\d.e-]+;[\d.e-]+$/)]);
      m.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Logs is part of the public types; a compile-time check that callbacks see it.
export type { Logs };
