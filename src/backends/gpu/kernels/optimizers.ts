// Optimizer rules as in assembly/optimizers.ts, in the same order of operations (tfjs-core's for the
// first five, Keras' for AdamW, Nadam and Adamax). A gpu.js kernel writes one buffer, so a rule that
// updates state runs one kernel per state buffer, then the weights: UPDATE_PLANS, at the end, lists
// those passes under the name of the Wasm kernel each rule stands for.
import type { DeviceBuffer, UpdateKernelName } from '../../backend.js';
import type { Arr, KernelDef, KernelThis } from './types.js';

/** w ← w - lr·g */
export const sgd: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, lr: number): number {
    return -lr * g[this.thread.x] + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Float'],
};

/** a·s + b·x  (momentum accumulator: s=acc, a=momentum, b=1; moving averages likewise). */
export const decay: KernelDef = {
  fn: function (this: KernelThis, s: Arr, x: Arr, a: number, b: number): number {
    return s[this.thread.x] * a + x[this.thread.x] * b;
  },
  args: ['Array', 'Array', 'Float', 'Float'],
};

/** a·s + b·x²  (second moments). */
export const decaySquare: KernelDef = {
  fn: function (this: KernelThis, s: Arr, x: Arr, a: number, b: number): number {
    const v = x[this.thread.x];
    return s[this.thread.x] * a + v * v * b;
  },
  args: ['Array', 'Array', 'Float', 'Float'],
};

/** w ← w - lr·(nesterov ? g + m·a : a), a the new accumulator. */
export const momentumWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, acc: Arr, lr: number, momentum: number, nesterov: number): number {
    let step = acc[this.thread.x];
    if (nesterov === 1) step = g[this.thread.x] + acc[this.thread.x] * momentum;
    return -lr * step + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float', 'Integer'],
};

/** mom ← momentum·mom + lr·g/√(den + eps), den = ms (- mg² when centered). */
export const rmspropMoment: KernelDef = {
  fn: function (this: KernelThis, mom: Arr, g: Arr, ms: Arr, mg: Arr, lr: number, momentum: number, epsilon: number, centered: number): number {
    let den = ms[this.thread.x];
    if (centered === 1) den = ms[this.thread.x] - mg[this.thread.x] * mg[this.thread.x];
    const step = (g[this.thread.x] * lr) / Math.sqrt(den + epsilon);
    return mom[this.thread.x] * momentum + step;
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Float', 'Float', 'Float', 'Integer'],
};

/** w - x */
export const subtract: KernelDef = {
  fn: function (this: KernelThis, w: Arr, x: Arr): number {
    return w[this.thread.x] - x[this.thread.x];
  },
  args: ['Array', 'Array'],
};

/** w ← w - lr·(m/c1)/(√(v/c2) + eps) */
export const adamWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, m: Arr, v: Arr, lr: number, epsilon: number, c1: number, c2: number): number {
    const step = m[this.thread.x] / c1 / (Math.sqrt(v[this.thread.x] / c2) + epsilon);
    return step * -lr + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float', 'Float', 'Float'],
};

/** w ← w - lr·g/√(acc + eps) */
export const adagradWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, acc: Arr, lr: number, epsilon: number): number {
    return (g[this.thread.x] / Math.sqrt(acc[this.thread.x] + epsilon)) * -lr + w[this.thread.x];
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float'],
};

/** s + (x - s)·a  (Keras' moving average: first moments). */
export const moveToward: KernelDef = {
  fn: function (this: KernelThis, s: Arr, x: Arr, a: number): number {
    return s[this.thread.x] + (x[this.thread.x] - s[this.thread.x]) * a;
  },
  args: ['Array', 'Array', 'Float'],
};

/** s + (x² - s)·a  (Keras' second moments). */
export const moveTowardSquare: KernelDef = {
  fn: function (this: KernelThis, s: Arr, x: Arr, a: number): number {
    const v = x[this.thread.x];
    return s[this.thread.x] + (v * v - s[this.thread.x]) * a;
  },
  args: ['Array', 'Array', 'Float'],
};

/** w ← w - w·wd·lr, then w - m·alpha/(√v + eps) */
export const adamwWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, m: Arr, v: Arr, lr: number, epsilon: number, weightDecay: number, alpha: number): number {
    const decayed = w[this.thread.x] - w[this.thread.x] * weightDecay * lr;
    return decayed - (m[this.thread.x] * alpha) / (Math.sqrt(v[this.thread.x]) + epsilon);
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float', 'Float', 'Float'],
};

/** w - m̂·lr/(√(v/vDen) + eps), m̂ = uNext·m/mDen + oneMinusU·g/gDen */
export const nadamWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, g: Arr, m: Arr, v: Arr, lr: number, epsilon: number, uNext: number, oneMinusU: number, mDen: number, gDen: number, vDen: number): number {
    const mHat = (uNext * m[this.thread.x]) / mDen + (oneMinusU * g[this.thread.x]) / gDen;
    return w[this.thread.x] - (mHat * lr) / (Math.sqrt(v[this.thread.x] / vDen) + epsilon);
  },
  args: ['Array', 'Array', 'Array', 'Array', 'Float', 'Float', 'Float', 'Float', 'Float', 'Float', 'Float'],
};

/** max(b2·u, |g|)  (Adamax's infinity norm). */
export const infinityNorm: KernelDef = {
  fn: function (this: KernelThis, u: Arr, g: Arr, beta2: number): number {
    return Math.max(beta2 * u[this.thread.x], Math.abs(g[this.thread.x]));
  },
  args: ['Array', 'Array', 'Float'],
};

/** w - lr·m/(c1·(u + eps)) */
export const adamaxWeights: KernelDef = {
  fn: function (this: KernelThis, w: Arr, m: Arr, u: Arr, lr: number, epsilon: number, c1: number): number {
    return w[this.thread.x] - (lr * m[this.thread.x]) / (c1 * (u[this.thread.x] + epsilon));
  },
  args: ['Array', 'Array', 'Array', 'Float', 'Float', 'Float'],
};

/** One gpu.js pass of an update: the buffer it rewrites, its kernel and arguments (buffers are read as they stand when the pass runs). */
export interface UpdatePass {
  writes: DeviceBuffer;
  kernel: KernelDef;
  args: readonly (DeviceBuffer | number)[];
}

/** A Wasm optimizer kernel on gpu.js: given its buffers (w, g, slots...) and scalars, the passes in order. */
export type UpdatePlan = (buffers: readonly DeviceBuffer[], scalars: readonly number[]) => UpdatePass[];

const pass = (writes: DeviceBuffer, kernel: KernelDef, ...args: (DeviceBuffer | number)[]): UpdatePass => ({ writes, kernel, args });
// Scalars derived on the host are rounded to f32 as the Wasm kernels derive them.
const oneMinus = (x: number): number => Math.fround(1 - Math.fround(x));

/** The gpu.js form of every kernel in assembly/optimizers.ts, by its export name; the scalars come in the Wasm kernel's order. */
export const UPDATE_PLANS: Readonly<Record<UpdateKernelName, UpdatePlan | undefined>> = {
  sgdUpdate: ([w, g], [lr]) => [pass(w!, sgd, w!, g!, lr!)],
  momentumUpdate: ([w, g, acc], [lr, momentum, nesterov]) => [
    pass(acc!, decay, acc!, g!, momentum!, 1),
    pass(w!, momentumWeights, w!, g!, acc!, lr!, momentum!, nesterov!),
  ],
  rmspropUpdate: ([w, g, ms, mom, mg], [lr, rho, momentum, epsilon, centered]) => [
    pass(ms!, decaySquare, ms!, g!, rho!, oneMinus(rho!)),
    ...(centered === 1 ? [pass(mg!, decay, mg!, g!, rho!, oneMinus(rho!))] : []),
    pass(mom!, rmspropMoment, mom!, g!, ms!, mg!, lr!, momentum!, epsilon!, centered!),
    pass(w!, subtract, w!, mom!),
  ],
  adamUpdate: ([w, g, m, v], [lr, beta1, beta2, epsilon, c1, c2]) => [
    pass(m!, decay, m!, g!, beta1!, oneMinus(beta1!)),
    pass(v!, decaySquare, v!, g!, beta2!, oneMinus(beta2!)),
    pass(w!, adamWeights, w!, m!, v!, lr!, epsilon!, c1!, c2!),
  ],
  adagradUpdate: ([w, g, acc], [lr, epsilon]) => [
    pass(acc!, decaySquare, acc!, g!, 1, 1),
    pass(w!, adagradWeights, w!, g!, acc!, lr!, epsilon!),
  ],
  adamwUpdate: ([w, g, m, v], [lr, beta1, beta2, epsilon, weightDecay, alpha]) => [
    pass(m!, moveToward, m!, g!, oneMinus(beta1!)),
    pass(v!, moveTowardSquare, v!, g!, oneMinus(beta2!)),
    pass(w!, adamwWeights, w!, m!, v!, lr!, epsilon!, weightDecay!, alpha!),
  ],
  nadamUpdate: ([w, g, m, v], [lr, beta1, beta2, epsilon, u, uNext, uProduct, uProductNext, beta2Power]) => [
    pass(m!, moveToward, m!, g!, oneMinus(beta1!)),
    pass(v!, moveTowardSquare, v!, g!, oneMinus(beta2!)),
    pass(w!, nadamWeights, w!, g!, m!, v!, lr!, epsilon!, uNext!, oneMinus(u!), oneMinus(uProductNext!), oneMinus(uProduct!), oneMinus(beta2Power!)),
  ],
  adamaxUpdate: ([w, g, m, u], [lr, beta1, beta2, epsilon, beta1Power]) => [
    pass(m!, moveToward, m!, g!, oneMinus(beta1!)),
    pass(u!, infinityNorm, u!, g!, beta2!),
    pass(w!, adamaxWeights, w!, m!, u!, lr!, epsilon!, oneMinus(beta1Power!)),
  ],
};
