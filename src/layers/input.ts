import { ShapeError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Layer } from './layer.js';
import type { LayerArgs, Shape } from './layer.js';
import { LayerNode } from './symbolic.js';
import type { SymbolicTensor } from './symbolic.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';

/** Declares a model input's shape; computes nothing. `Input()` makes one and returns its tensor. */
export class InputLayer extends Layer {
  constructor(args: LayerArgs) {
    super(args, 'input', 'InputLayer');
    if (!this.declaredInputShape) throw new ShapeError(`InputLayer: expected inputShape, received ${describe(args.inputShape)}`);
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override get isIdentity(): boolean {
    return true;
  }

  /** The symbolic tensor the layer feeds into a graph, made on first use. */
  get output(): SymbolicTensor {
    if (this.nodes.length === 0) this.nodes.push(new LayerNode(this, [], this.declaredInputShape!, 0));
    return this.nodes[0]!.output;
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): InputLayer {
    return new InputLayer(argsFromConfig(config, 'InputLayer', BASE_CONFIG_KEYS));
  }
}

export interface InputArgs {
  /** The shape of one sample, without the batch dimension, e.g. [784] or [28, 28]. */
  shape: number[];
  name?: string;
  /** Only 'float32': inputs are cast to it, as Keras casts to floatx. */
  dtype?: 'float32';
}

/** Keras' Input(): a symbolic model input, to apply layers to and to pass to `new Model({ inputs })`. */
export function Input(args: InputArgs): SymbolicTensor {
  checkOptions(args, ['shape', 'name', 'dtype'], 'Input', { batchSize: 'the batch size is set per call (fit, predict), as in tfjs' });
  if (args.dtype !== undefined && args.dtype !== 'float32') throw new ValueError(`Input(dtype): expected 'float32', received ${describe(args.dtype)}`);
  if (args.shape === undefined) throw new ValueError('Input(shape): expected the shape of one sample, e.g. Input({ shape: [784] })');
  return new InputLayer({ inputShape: args.shape, ...(args.name !== undefined ? { name: args.name } : {}) }).output;
}
