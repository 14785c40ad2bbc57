import { ShapeError, describe } from '../errors.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, Shape } from './layer.js';

/** Declares the model's input shape; computes nothing. */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';

  constructor(args: LayerArgs) {
    super(args, 'input');
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
  readonly className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    super(args, 'flatten');
  }

  computeOutputShape(inputShape: Shape): Shape {
    return [sizeOfShape(inputShape)];
  }

  override get isIdentity(): boolean {
    return true;
  }
}
