import { ShapeError, describe } from '../errors.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, Shape } from './layer.js';

/** Declares the model's input shape; computes nothing. */
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
}

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
}
