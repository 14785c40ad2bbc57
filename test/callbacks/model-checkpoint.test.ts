// ModelCheckpoint as Keras documents it: format fields in the path, every epoch or only the best,
// whole models or weights only, every N batches; TerminateOnNaN; 'auto' mode knowing every loss name.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Callback, Dense, EarlyStopping, ModelCheckpoint, SGD, Sequential, TerminateOnNaN, loadModel, ready, setRandomSeed, tensor } from '../../src/index.js';
import { formatFilepath } from '../../src/callbacks/model-checkpoint.js';
import { uniformArray } from '../helpers/random-data.js';

const dirs: string[] = [];
beforeAll(() => ready());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'axon-ckpt-'));
  dirs.push(d);
  return d;
}

/** A model whose validation loss falls for a few epochs and then rises (a large learning rate on noise). */
function model(): { m: Sequential; x: ReturnType<typeof tensor>; y: ReturnType<typeof tensor>; vx: ReturnType<typeof tensor>; vy: ReturnType<typeof tensor> } {
  setRandomSeed(3);
  const m = new Sequential([new Dense(16, { activation: 'relu', inputShape: [4] }), new Dense(1)]);
  m.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.05 }), metrics: ['mae'] });
  const x = tensor(uniformArray(40 * 4, 1), [40, 4]);
  const y = tensor(uniformArray(40, 2), [40, 1]);
  return { m, x, y, vx: tensor(uniformArray(20 * 4, 3), [20, 4]), vy: tensor(uniformArray(20, 4), [20, 1]) };
}

describe('ModelCheckpoint', () => {
  it('formats Keras\' fields: {epoch:02d}, {val_loss:.2f}, {batch}; an unknown field names the keys there are', () => {
    expect(formatFilepath('ckpt/epoch-{epoch:02d}-{val_loss:.2f}', { epoch: 3, val_loss: 0.12345 })).toBe('ckpt/epoch-03-0.12');
    expect(formatFilepath('{epoch:3d}|{loss}', { epoch: 7, loss: 0.5 })).toBe('  7|0.5');
    expect(() => formatFilepath('{acc}', { epoch: 1, loss: 1 })).toThrow(/\{acc\} is not in the logs; available: epoch, loss/);
  });

  it('saves every epoch under its formatted name, and the saved model loads with the weights of that epoch', async () => {
    const { m, x, y, vx, vy } = model();
    const dir = tempDir();
    const weightsAt: number[][][] = [];
    const recorder = new (class extends Callback {
      override onEpochEnd(): void {
        weightsAt.push(m.getWeights().map((w) => Array.from(w.data)));
      }
    })();
    const ckpt = new ModelCheckpoint(`${dir}/epoch-{epoch:02d}-{val_loss:.3f}`);
    const history = await m.fit(x, y, { epochs: 3, batchSize: 10, validationData: [vx, vy], callbacks: [ckpt, recorder], verbose: 0 });
    expect(readdirSync(dir).sort()).toEqual(history.history['val_loss']!.map((v, i) => `epoch-0${i + 1}-${v.toFixed(3)}`).sort());
    const second = await loadModel(ckpt.saved[1]!);
    expect(second.getWeights().map((w) => Array.from(w.data))).toEqual(weightsAt[1]);
    second.dispose();
    m.dispose();
  });

  it('saveBestOnly writes only when val_loss improves (mode auto: down); saveWeightsOnly writes weights only; saveFreq counts batches', async () => {
    const { m, x, y, vx, vy } = model();
    const dir = tempDir();
    const best = new ModelCheckpoint(`file://${dir}/best-{epoch}`, { saveBestOnly: true, saveWeightsOnly: true });
    const every = new ModelCheckpoint(`file://${dir}/batch-{epoch}-{batch}`, { saveFreq: 3 });
    const history = await m.fit(x, y, { epochs: 6, batchSize: 10, validationData: [vx, vy], callbacks: [best, every], verbose: 0, shuffle: false });
    const val = history.history['val_loss']!;
    const improved = val.map((v, i) => i).filter((i) => val[i]! < Math.min(...val.slice(0, i), Infinity));
    expect(best.saved.map((p) => p.split('/').pop())).toEqual(improved.map((i) => `best-${i + 1}`));
    expect(best.best).toBe(Math.min(...val));
    // 4 batches an epoch, a save every 3 batches, counted across epochs: 24 batches, 8 saves.
    expect(every.saved).toHaveLength(8);
    expect(every.saved.slice(0, 2).map((p) => p.split("/").pop())).toEqual(["batch-1-3", "batch-2-2"]);
    await expect(loadModel(best.saved[0]!)).rejects.toThrow(/holds weights only/);
    m.dispose();
  });

  it('checks its options; auto mode places every loss name (huber, val_aux_loss, main_mae), and asks for a mode otherwise', () => {
    expect(() => new ModelCheckpoint('/tmp/x', { save_best_only: true } as never)).toThrow(/ModelCheckpoint\(save_best_only\): unknown option; did you mean saveBestOnly\?/);
    expect(() => new ModelCheckpoint('/tmp/x', { saveFreq: 0 })).toThrow(/saveFreq\): expected 'epoch' or a positive number of batches, received 0/);
    expect(new ModelCheckpoint('/tmp/x', { saveBestOnly: true, monitor: 'val_huber' }).best).toBe(Infinity);
    expect(new ModelCheckpoint('/tmp/x', { saveBestOnly: true, monitor: 'val_aux_loss' }).best).toBe(Infinity);
    expect(new ModelCheckpoint('/tmp/x', { saveBestOnly: true, monitor: 'main_mae' }).best).toBe(Infinity);
    expect(new ModelCheckpoint('/tmp/x', { saveBestOnly: true, monitor: 'val_accuracy' }).best).toBe(-Infinity);
    expect(() => new EarlyStopping({ monitor: 'val_kl_divergence' })).not.toThrow();
    expect(() => new ModelCheckpoint('/tmp/x', { saveBestOnly: true, monitor: 'val_score' })).toThrow(/cannot tell whether "val_score" should be maximized or minimized; pass mode/);
  });
});

describe('TerminateOnNaN', () => {
  it('stops at the first non-finite batch loss a step reports', async () => {
    const stop = new TerminateOnNaN();
    const m = new Sequential([new Dense(1, { inputShape: [2] })]);
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    // The logs a callback sees; fit's own check acts before the update on real divergence.
    m.stopTraining = false;
    stop.model = m;
    stop.onEpochBegin(2);
    stop.onBatchEnd(5, { loss: 0.5 });
    expect(m.stopTraining).toBe(false);
    stop.onBatchEnd(6, { loss: NaN });
    expect(m.stopTraining).toBe(true);
    expect(stop.stoppedAt).toEqual({ epoch: 2, batch: 6 });
    m.dispose();
  });
});
