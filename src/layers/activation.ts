import type { ActivationName } from '../backends/backend.js';
import { resolveActivation } from './activation-names.js';
import { Layer, sizeOfShape } from './layer.js';
import type { LayerArgs, LayerCall, Shape } from './layer.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';

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

  /** Softmax normalises the last axis: its rows are each sample's leading axes, `cols` the last one. */
  private cols(call: LayerCall): number {
    const shape = call.inputShapes[0]!;
    return shape[shape.length - 1]!;
  }

  override forward(call: LayerCall): void {
    const cols = this.cols(call);
    const n = call.rows * sizeOfShape(call.inputShapes[0]!);
    this.backend!.copy(call.inputs[0]!, call.output, n);
    this.backend!.activation(this.activation, call.output, n / cols, cols);
  }

  override backward(call: LayerCall): void {
    const dx = call.dInputs[0];
    if (!dx) return;
    const cols = this.cols(call);
    const n = call.rows * sizeOfShape(call.inputShapes[0]!);
    const dy = call.dOutput!;
    if (!call.activationDone) this.backend!.activationGrad(this.activation, call.output, dy, n / cols, cols);
    this.backend!.elementwise('copy', dy, null, dx, n, 1, call.accumulate[0]!);
  }

  protected override extraConfig(): Record<string, unknown> {
    return { activation: this.activation };
  }

  /** Keras' from_config: the inverse of getConfig. */
  static fromConfig(config: Record<string, unknown>): Activation {
    const { activation, ...args } = argsFromConfig(config, 'Activation', [...BASE_CONFIG_KEYS, 'activation']);
    return new Activation(activation as ActivationName, args);
  }
}
