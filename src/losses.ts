import { ValueError, describe } from './errors.js';
import { LOSSES, lossDescriptor } from './backends/loss-registry.js';
import type { LossAlias, LossKind } from './backends/loss-registry.js';
import { snakeCase } from './initializers.js';

/** 'mean_squared_error' → 'meanSquaredError': the tfjs spelling of a Keras name. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

type KerasLossName = LossKind | LossAlias;

/** Every name compile() takes for a loss, Keras snake_case and tfjs camelCase: a typo is a TypeScript error. */
export type LossName = KerasLossName | CamelCase<KerasLossName>;

// Keyed by snake_case, which is how names are looked up; in registry order for the error message.
const BY_NAME = new Map<string, LossKind>(LOSSES.flatMap((d) => [d.name, ...d.aliases].map((n): [string, LossKind] => [snakeCase(n), d.name])));

/** Every accepted snake_case name, for error messages. */
export const LOSS_NAMES: readonly string[] = [...BY_NAME.keys()];

/** The registered loss a Keras or tfjs name stands for, or undefined. */
export function findLoss(name: string): LossKind | undefined {
  return BY_NAME.get(snakeCase(name));
}

/** Keras snake_case or tfjs camelCase loss names to the core's loss kernels. */
export function resolveLoss(name: string): LossKind {
  const kind = typeof name === 'string' ? findLoss(name) : undefined;
  if (!kind) throw new ValueError(`compile(loss): unknown loss ${describe(name)}; expected one of ${LOSS_NAMES.join(', ')}`);
  return kind;
}

/** Sparse losses take integer class labels; the others take targets shaped like the output. */
export function takesIntegerLabels(kind: LossKind): boolean {
  return lossDescriptor(kind).integerLabels;
}
