import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Callback } from './callback.js';

const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;
type Hooks = Pick<Callback, (typeof HOOKS)[number]>;

/** Keras' LambdaCallback: a callback made of the functions given, for quick one-off hooks. */
export class LambdaCallback extends Callback {
  constructor(hooks: Hooks = {}) {
    super();
    checkOptions(hooks, HOOKS, 'LambdaCallback');
    for (const hook of HOOKS) {
      const fn = hooks[hook];
      if (fn === undefined) continue;
      if (typeof fn !== 'function') throw new ValueError(`LambdaCallback(${hook}): expected a function, received ${describe(fn)}`);
      (this as Hooks)[hook] = fn as never;
    }
  }
}
