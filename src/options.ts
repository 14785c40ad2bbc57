import { ValueError, describe } from './errors.js';

// Keras and scikit-learn spellings whose camelCase form is not simply their snake_case one.
const ALIASES: Readonly<Record<string, string>> = {
  lr: 'learningRate',
  input_dim: 'inputShape',
  inputDim: 'inputShape',
  batch_input_shape: 'batchInputShape',
  beta_1: 'beta1',
  beta_2: 'beta2',
  n_iter_no_change: 'nIterNoChange',
  class_weight: 'classWeight',
  sample_weight: 'sampleWeight',
};

// Unknown keys and option names are compared on at most this many characters: a hostile key of a
// million characters costs no more than a short one.
const MAX_KEY = 64;

/** 'kernel_initializer' → 'kernelInitializer': Keras' snake_case to the camelCase Axon's options use. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Levenshtein distance, case-insensitive, on keys clipped to MAX_KEY characters. */
function distance(a: string, b: string): number {
  const x = a.slice(0, MAX_KEY).toLowerCase();
  const y = b.slice(0, MAX_KEY).toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The option a mistyped or Keras/scikit-learn-spelled key most likely meant, if any. */
function suggestion(key: string, allowed: readonly string[]): string | undefined {
  for (const candidate of [ALIASES[key], camelCase(key)]) {
    if (candidate !== undefined && allowed.includes(candidate)) return candidate;
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of allowed) {
    const d = distance(key, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // A near miss: at most 2 edits, and fewer than a third of the name.
  return best !== undefined && bestDistance <= Math.min(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Throws a ValueError for the first key of `options` that `owner` does not take, naming the key and
 * the option it most likely meant ("fit(batch_size): unknown option; did you mean batchSize?").
 * `planned` maps options that Keras has and Axon does not support yet to the reason, so they fail
 * with that reason rather than being ignored. `undefined` options pass.
 */
export function checkOptions(options: unknown, allowed: readonly string[], owner: string, planned: Readonly<Record<string, string>> = {}): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${owner}: expected an options object, received ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const shown = key.length > MAX_KEY ? `${key.slice(0, MAX_KEY)}…` : key;
    const meant = ALIASES[key] ?? camelCase(key);
    const reason = planned[key] ?? planned[meant];
    if (reason !== undefined) throw new ValueError(`${owner}(${shown}): not supported yet; ${reason}`);
    const hint = suggestion(key, allowed);
    throw new ValueError(`${owner}(${shown}): unknown option; ${hint !== undefined ? `did you mean ${hint}?` : `expected one of ${allowed.join(', ')}`}`);
  }
}
