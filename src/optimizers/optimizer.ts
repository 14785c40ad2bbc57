import { StateError, ValueError, describe } from '../errors.js';
import { LearningRateSchedule } from './schedules.js';
import type { Backend, DeviceBuffer, UpdateRule } from '../backends/backend.js';
import type { Parameter } from '../layers/layer.js';

/** Checks a numeric hyper-parameter, naming the optimizer and argument in the error. */
export function checkHyper(owner: string, argument: string, value: number, min: number, max = Infinity, inclusiveMin = true): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (inclusiveMin ? value >= min : value > min) && value <= max;
  if (!ok) {
    const range = `${inclusiveMin ? '[' : '('}${min}, ${max === Infinity ? '∞)' : `${max}]`}`;
    throw new ValueError(`${owner}(${argument}): expected a number in ${range}, received ${describe(value)}`);
  }
  return value;
}

/** Keras' ops.power(base, step) in the variables' dtype: the step-dependent factors are float32 there. */
export function float32Power(base: number, step: number): number {
  return Math.fround(Math.fround(base) ** step);
}

/**
 * An update rule plus its per-parameter state ("slots", e.g. Adam's m and v), which lives in backend
 * memory next to the weights. Subclasses say how many slots they need and what rule a step applies:
 * which kernel of assembly/optimizers.ts runs, with which scalars. A subclass also lists the names
 * compile() knows it by (`static kerasNames`, Keras' lower-case and class names).
 */
export abstract class Optimizer {
  abstract readonly className: string;
  private rate = 0;
  private schedule: LearningRateSchedule | null = null;

  /**
   * The step size of the next update. Writable between steps (LearningRateScheduler,
   * ReduceLROnPlateau), unless a LearningRateSchedule sets it, as in Keras.
   */
  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    if (this.schedule) throw new StateError(`${this.className}.learningRate: it follows its ${this.schedule.className} and cannot be set, as in Keras`);
    this.rate = checkHyper(this.className, 'learningRate', value, 0);
  }

  /** The schedule the learning rate follows, if one was given. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.schedule;
  }

  /** For the constructors: a number (checked; `fallback` when undefined) or a schedule. */
  protected initLearningRate(value: number | LearningRateSchedule | undefined, fallback: number, owner = this.className): void {
    if (value instanceof LearningRateSchedule) {
      this.schedule = value;
      this.rate = value.at(0);
    } else {
      this.rate = checkHyper(owner, 'learningRate', value ?? fallback, 0);
    }
  }
  iterations = 0;
  private readonly slots = new Map<Parameter, DeviceBuffer[]>();

  protected abstract slotCount(): number;
  protected slotInitialValue(_slot: number): number {
    return 0;
  }
  /** The rule for the step about to run (iterations already counts it). */
  protected abstract rule(): UpdateRule;
  abstract getConfig(): Record<string, number | boolean | string>;

  private slotsFor(param: Parameter, backend: Backend): DeviceBuffer[] {
    let slots = this.slots.get(param);
    if (!slots) {
      slots = [];
      for (let i = 0; i < this.slotCount(); i++) {
        const buffer = backend.alloc(param.size);
        const init = this.slotInitialValue(i);
        if (init !== 0) backend.write(buffer, new Float32Array(param.size).fill(init));
        slots.push(buffer);
      }
      this.slots.set(param, slots);
    }
    return slots;
  }

  /** One step over all parameters, whose grads the backward pass has just filled. */
  applyGradients(params: readonly Parameter[], backend: Backend): void {
    // Keras evaluates a schedule at the number of updates made so far.
    if (this.schedule) this.rate = this.schedule.at(this.iterations);
    this.iterations++;
    const rule = this.rule();
    for (const p of params) backend.update(rule, p.value, p.grad, this.slotsFor(p, backend));
  }

  /** tfjs' names of the slots, in slot order (Adam: m, v): how saved optimizer state names them. */
  protected slotNames(): readonly string[] {
    return Array.from({ length: this.slotCount() }, (_, i) => `slot${i}`);
  }

  /**
   * The state a saved model carries with includeOptimizer, named as tfjs' Optimizer.getWeights names
   * it: the iteration count, then each slot of each parameter (`dense/kernel/m`), slot by slot.
   */
  async getStateWeights(params: readonly Parameter[]): Promise<{ name: string; shape: number[]; values: Float32Array; dtype?: 'int32' }[]> {
    const out: { name: string; shape: number[]; values: Float32Array; dtype?: 'int32' }[] = [{ name: 'iter', shape: [], values: Float32Array.of(this.iterations), dtype: 'int32' }];
    for (const [k, slot] of this.slotNames().entries()) {
      for (const p of params) {
        const buffer = this.slots.get(p)?.[k];
        const b = p.backend;
        const values = buffer ? (b.asyncReadback ? await b.readAsync!(buffer) : b.read(buffer)) : new Float32Array(p.size).fill(this.slotInitialValue(k));
        out.push({ name: `${p.name}/${slot}`, shape: [...p.shape], values });
      }
    }
    return out;
  }

  /**
   * Restores what getStateWeights saved, for `params` in the same order: every value is checked
   * (present, of the parameter's size) before anything is written. `where` names the file in errors.
   */
  setStateWeights(params: readonly Parameter[], stored: ReadonlyMap<string, Float32Array>, where: string): void {
    const iter = stored.get('iter');
    if (!iter || iter.length !== 1 || !Number.isInteger(iter[0]) || iter[0]! < 0) throw new StateError(`${where}: the optimizer state has no iteration count ("iter")`);
    const plan = this.slotNames().flatMap((slot, k) => params.map((p) => {
      const values = stored.get(`${p.name}/${slot}`);
      if (!values) throw new StateError(`${where}: the optimizer state has no "${p.name}/${slot}" (${this.className} keeps ${this.slotNames().join(', ')} for every weight)`);
      if (values.length !== p.size) throw new StateError(`${where}: optimizer weight "${p.name}/${slot}" holds ${values.length} values, the weight ${p.size}`);
      return { p, k, values };
    }));
    this.iterations = iter[0]!;
    for (const { p, k, values } of plan) p.backend.write(this.slotsFor(p, p.backend)[k]!, values);
  }

  /** Frees the slots (a model's dispose, or recompiling with a fresh optimizer). */
  dispose(): void {
    for (const [param, slots] of this.slots) for (const s of slots) param.backend.free(s);
    this.slots.clear();
    this.iterations = 0;
  }
}
