import { ShapeError, ValueError, describe } from '../errors.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, Shape } from './layer.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';

/** [batch, d1, d2, ...] → [batch, d1·d2·...]. Rows are stored flat already, so it only renames the shape. */
export class Flatten extends Layer {
  constructor(args: LayerArgs = {}) {
    super(args, 'flatten', 'Flatten');
  }

  computeOutputShape(inputShape: Shape): Shape {
    return [sizeOfShape(inputShape)];
  }

  override get isIdentity(): boolean {
    return true;
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): Flatten {
    return new Flatten(argsFromConfig(config, 'Flatten', BASE_CONFIG_KEYS));
  }
}

export interface ReshapeArgs extends LayerArgs {
  /** The shape of one sample after the layer; one entry may be -1, inferred from the size. */
  targetShape: number[];
}

/** Keras' Reshape: a new per-sample shape of the same size; like Flatten it only renames. */
export class Reshape extends Layer {
  readonly targetShape: readonly number[];

  constructor(args: ReshapeArgs) {
    super(args ?? {}, 'reshape', 'Reshape', ['targetShape']);
    const target = args?.targetShape;
    if (!Array.isArray(target) || target.length === 0 || target.some((d) => !Number.isInteger(d) || (d <= 0 && d !== -1)) || target.filter((d) => d === -1).length > 1) {
      throw new ValueError(`${this.describe()}: targetShape expected a non-empty array of positive integers with at most one -1, received ${describe(target)}`);
    }
    this.targetShape = Object.freeze([...target]);
  }

  computeOutputShape(inputShape: Shape): Shape {
    const size = sizeOfShape(inputShape);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const unknown = this.targetShape.indexOf(-1);
    if (unknown >= 0 ? size % known !== 0 : known !== size) {
      throw new ShapeError(`${this.describe()}: cannot reshape samples of shape ${describe([...inputShape])} (${size} values) to ${describe([...this.targetShape])}`);
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  override get isIdentity(): boolean {
    return true;
  }

  protected override extraConfig(): Record<string, unknown> {
    return { target_shape: [...this.targetShape] };
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): Reshape {
    return new Reshape(argsFromConfig(config, 'Reshape', [...BASE_CONFIG_KEYS, 'targetShape']) as unknown as ReshapeArgs);
  }
}
