import type { ActivationName, DeviceBuffer } from '../backends/backend.js';
import { resolveActivation } from './activation-names.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, Shape } from './layer.js';

/** Applies an activation on its own, like `keras.layers.Activation('softmax')`. */
export class Activation extends Layer {
  readonly activation: ActivationName;

  constructor(activation: ActivationName | { activation: ActivationName } & LayerArgs, args: LayerArgs = {}) {
    const options = typeof activation === 'string' ? args : activation;
    super(options, 'activation', 'Activation', typeof activation === 'string' ? [] : ['activation']);
    this.activation = resolveActivation(typeof activation === 'string' ? activation : activation.activation, this.describe());
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override get outputActivation(): ActivationName {
    return this.activation;
  }

  override forward(x: DeviceBuffer, y: DeviceBuffer, rows: number): void {
    const cols = sizeOfShape(this.inputShape!);
    this.backend!.copy(x, y, rows * cols);
    this.backend!.activation(this.activation, y, rows, cols);
  }

  override backward(_x: DeviceBuffer, y: DeviceBuffer, dy: DeviceBuffer, dx: DeviceBuffer | null, rows: number, activationDone: boolean): void {
    if (!dx) return;
    const cols = sizeOfShape(this.inputShape!);
    this.backend!.copy(dy, dx, rows * cols);
    if (!activationDone) this.backend!.activationGrad(this.activation, y, dx, rows, cols);
  }

  protected override extraConfig(): Record<string, unknown> {
    return { activation: this.activation };
  }
}
