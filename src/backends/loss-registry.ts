// Every loss the backends run, registered once by its Keras name. A descriptor carries what each
// part of the library needs: the names compile() and metrics accept, the target layout, the Wasm
// core's kernel (an export of assembly/losses.ts) and the GPU backend's plan
// (src/backends/gpu/kernels/losses.ts). Adding a loss is its kernels plus one entry here.
//
// Output activations need no entry: every kernel applies the backward of whichever activation the
// output layer has (assembly's activationBackwardRow per row; the GPU backend's activation-gradient
// kernels after the plan), which is how softmax or sigmoid fuse with their cross-entropies.
import { ValueError, describe } from '../errors.js';
import type { GpuLoss } from './gpu/kernels/types.js';
import * as gpu from './gpu/kernels/losses.js';

export interface LossDescriptor {
  /** The Keras name (snake_case): the kind backends are called with and the default log key. */
  readonly name: string;
  /** Other Keras names; these and the name are also accepted in tfjs camelCase. */
  readonly aliases: readonly string[];
  /** Targets are int32 class labels, one per row, rather than rows shaped like the output. */
  readonly integerLabels: boolean;
  /** Targets name classes (a label, a one-hot row, or 0/1), so fit() can weight them by class (Keras' class_weight). */
  readonly classification: boolean;
  /** The Wasm core's export computing it (assembly/losses.ts). */
  readonly wasm: string;
  /** The GPU backend's kernels for it. */
  readonly gpu: GpuLoss;
}

// Order matters only to error messages, which list the names in it.
export const LOSSES = [
  { name: 'sparse_categorical_crossentropy', aliases: [], integerLabels: true, classification: true, wasm: 'sparseCategoricalCrossentropy', gpu: gpu.sparseCategoricalCrossentropy },
  { name: 'categorical_crossentropy', aliases: [], integerLabels: false, classification: true, wasm: 'categoricalCrossentropy', gpu: gpu.categoricalCrossentropy },
  { name: 'binary_crossentropy', aliases: [], integerLabels: false, classification: true, wasm: 'binaryCrossentropy', gpu: gpu.binaryCrossentropy },
  { name: 'mean_squared_error', aliases: ['mse'], integerLabels: false, classification: false, wasm: 'meanSquaredError', gpu: gpu.meanSquaredError },
  { name: 'mean_absolute_error', aliases: ['mae'], integerLabels: false, classification: false, wasm: 'meanAbsoluteError', gpu: gpu.meanAbsoluteError },
  // 'huber_loss': the name of Keras' Huber class and of tfjs-core's tf.losses.huberLoss.
  { name: 'huber', aliases: ['huber_loss'], integerLabels: false, classification: false, wasm: 'huber', gpu: gpu.huber },
  { name: 'log_cosh', aliases: ['logcosh'], integerLabels: false, classification: false, wasm: 'logCosh', gpu: gpu.logCosh },
  { name: 'kl_divergence', aliases: ['kld', 'KLD', 'kullback_leibler_divergence'], integerLabels: false, classification: false, wasm: 'klDivergence', gpu: gpu.klDivergence },
  { name: 'poisson', aliases: [], integerLabels: false, classification: false, wasm: 'poisson', gpu: gpu.poisson },
  { name: 'categorical_hinge', aliases: [], integerLabels: false, classification: true, wasm: 'categoricalHinge', gpu: gpu.categoricalHinge },
  { name: 'hinge', aliases: [], integerLabels: false, classification: true, wasm: 'hinge', gpu: gpu.hinge },
] as const satisfies readonly LossDescriptor[];

type Registered = (typeof LOSSES)[number];

/** The Keras name of a registered loss: what backends are called with. */
export type LossKind = Registered['name'];
/** The other names a registered loss is known by. */
export type LossAlias = Registered['aliases'][number];
/** The Wasm core's loss exports (all of one signature, typed once in the loader's CoreExports). */
export type LossKernelName = Registered['wasm'];

const BY_KIND = new Map<string, Registered>(LOSSES.map((d) => [d.name, d]));

/** The descriptor of a registered loss; a ValueError for a kind that is not one (a JavaScript caller's typo). */
export function lossDescriptor(kind: LossKind): Registered {
  const found = BY_KIND.get(kind);
  if (!found) throw new ValueError(`loss(kind): unknown loss ${describe(kind)}; expected one of ${[...BY_KIND.keys()].join(', ')}`);
  return found;
}
