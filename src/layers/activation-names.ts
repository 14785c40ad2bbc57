import { ValueError, describe } from '../errors.js';
import type { ActivationName } from '../backends/backend.js';

const ACTIVATIONS: readonly ActivationName[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

/** Resolves Keras activation names; `null`/undefined mean linear, as in Keras. */
export function resolveActivation(name: string | null | undefined, owner: string): ActivationName {
  if (name === undefined || name === null) return 'linear';
  const found = ACTIVATIONS.find((a) => a === String(name).toLowerCase());
  if (!found) throw new ValueError(`${owner}: unknown activation ${describe(name)}; expected one of ${ACTIVATIONS.join(', ')}`);
  return found;
}
