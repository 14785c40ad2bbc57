import { ValueError, describe } from '../errors.js';
import { ACTIVATION_CODES } from '../backends/backend.js';
import type { ActivationName } from '../backends/backend.js';

// The activations are those the Wasm core declares (assembly/activations.ts, through the generated
// boundary): adding one there, with its gpu.js branch, makes it a name layers accept.
const ACTIVATIONS = Object.keys(ACTIVATION_CODES) as ActivationName[];

/** Resolves Keras activation names; `null`/undefined mean linear, as in Keras. */
export function resolveActivation(name: string | null | undefined, owner: string): ActivationName {
  if (name === undefined || name === null) return 'linear';
  const found = ACTIVATIONS.find((a) => a === String(name).toLowerCase());
  if (!found) throw new ValueError(`${owner}: unknown activation ${describe(name)}; expected one of ${ACTIVATIONS.join(', ')}`);
  return found;
}
