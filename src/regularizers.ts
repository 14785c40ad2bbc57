import { ValueError, describe } from './errors.js';
import { checkOptions } from './options.js';

/**
 * Keras' L1L2 regularizer, penalty l1·Σ|x| + l2·Σx². L1 and L2 are configurations of it, as in
 * Keras (`regularizers.l1(0.01)` is `L1L2(l1=0.01)`); the penalty joins the loss that is reported
 * and differentiated.
 */
export class L1L2 {
  readonly className = 'L1L2';

  constructor(
    readonly l1 = 0,
    readonly l2 = 0,
  ) {
    for (const [name, value] of [['l1', l1], ['l2', l2]] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ValueError(`regularizers.${name}: expected a non-negative finite number, received ${describe(value)}`);
      }
    }
  }

  getConfig(): { l1: number; l2: number } {
    return { l1: this.l1, l2: this.l2 };
  }
}

export type Regularizer = L1L2;
/** A regularizer, or the Keras string names, which take Keras' default factor 0.01. */
export type RegularizerLike = Regularizer | 'l1' | 'l2' | 'l1_l2' | 'l1l2';

/** Keras' `keras.regularizers` functions (and tfjs' `tf.regularizers`). */
export const regularizers = {
  l1: (l1 = 0.01): Regularizer => new L1L2(l1, 0),
  l2: (l2 = 0.01): Regularizer => new L1L2(0, l2),
  l1l2: (args: { l1?: number; l2?: number } = {}): Regularizer => {
    checkOptions(args, ['l1', 'l2'], 'regularizers.l1l2');
    return new L1L2(args.l1 ?? 0.01, args.l2 ?? 0.01);
  },
};

/** A layer option's regularizer: null when absent. */
export function getRegularizer(value: RegularizerLike | null | undefined, argument: string): Regularizer | null {
  if (value === undefined || value === null) return null;
  if (value instanceof L1L2) return value;
  if (value === 'l1') return regularizers.l1();
  if (value === 'l2') return regularizers.l2();
  if (value === 'l1_l2' || value === 'l1l2') return regularizers.l1l2();
  throw new ValueError(`${argument}: expected regularizers.l1(x), regularizers.l2(x), regularizers.l1l2({ l1, l2 }) or 'l1', 'l2', 'l1_l2', received ${describe(value)}`);
}

/** The Keras JSON of a regularizer option (null when absent). */
export function regularizerConfig(regularizer: Regularizer | null): { class_name: 'L1L2'; config: { l1: number; l2: number } } | null {
  return regularizer ? { class_name: 'L1L2', config: regularizer.getConfig() } : null;
}
