import { ShapeError, ValueError, describe } from '../errors.js';
import type { ActivationName, Backend, DeviceBuffer } from '../backends/backend.js';
import { getInitializer } from '../initializers.js';
import type { Initializer, InitializerName } from '../initializers.js';
import { getRandom } from '../random.js';
import { resolveActivation } from './activation-names.js';
import { Layer } from './layer.js';
import type { LayerArgs, Parameter, Shape } from './layer.js';

export interface DenseArgs extends LayerArgs {
  activation?: ActivationName | null;
  useBias?: boolean;
  kernelInitializer?: InitializerName | Initializer;
  biasInitializer?: InitializerName | Initializer;
}

/** y = activation(x·W + b), W of shape [inputs, units] as in Keras. */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private readonly initializerNames: [string, string];
  private kernel: Parameter | null = null;
  private bias: Parameter | null = null;

  constructor(units: number, args: DenseArgs = {}) {
    super(args, 'dense', 'Dense', ['activation', 'useBias', 'kernelInitializer', 'biasInitializer']);
    if (!Number.isInteger(units) || units <= 0) {
      throw new ValueError(`Dense(units): expected a positive integer, received ${describe(units)}`);
    }
    this.units = units;
    this.activation = resolveActivation(args.activation, this.describe());
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform', `${this.describe()}: kernelInitializer`);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', `${this.describe()}: biasInitializer`);
    const label = (v: unknown, d: string): string => (typeof v === 'string' ? v : v ? 'custom' : d);
    this.initializerNames = [label(args.kernelInitializer, 'glorot_uniform'), label(args.biasInitializer, 'zeros')];
  }

  private inputSize(inputShape: Shape): number {
    if (inputShape.length !== 1) {
      throw new ShapeError(`${this.describe()}: expected a flat input (features,), received shape ${describe([...inputShape])}; add a Flatten layer before it`);
    }
    return inputShape[0]!;
  }

  computeOutputShape(inputShape: Shape): Shape {
    this.inputSize(inputShape);
    return [this.units];
  }

  protected override paramCountFor(inputShape: Shape): number {
    return this.inputSize(inputShape) * this.units + (this.useBias ? this.units : 0);
  }

  protected override createWeights(inputShape: Shape): void {
    const inputs = this.inputSize(inputShape);
    const random = getRandom();
    this.kernel = this.addWeight('kernel', [inputs, this.units], this.kernelInitializer([inputs, this.units], random));
    this.bias = this.useBias ? this.addWeight('bias', [this.units], this.biasInitializer([this.units], random)) : null;
  }

  override get outputActivation(): ActivationName {
    return this.activation;
  }

  override forward(x: DeviceBuffer, y: DeviceBuffer, rows: number): void {
    const kernel = this.kernel!;
    this.backend!.matMul({
      m: rows, n: this.units, k: kernel.shape[0]!,
      a: x, b: kernel.value, c: y,
      bias: this.bias?.value ?? null, activation: this.activation,
    });
  }

  override backward(x: DeviceBuffer, y: DeviceBuffer, dy: DeviceBuffer, dx: DeviceBuffer | null, rows: number, activationDone: boolean): void {
    const backend = this.backend!;
    const kernel = this.kernel!;
    const inputs = kernel.shape[0]!;
    if (!activationDone && this.activation !== 'linear') backend.activationGrad(this.activation, y, dy, rows, this.units);
    // dW = xᵀ·dz, db = Σ_rows dz, dx = dz·Wᵀ: transposes are folded into the GEMM's packing.
    backend.matMul({ m: inputs, n: this.units, k: rows, a: x, transA: true, b: dy, c: kernel.grad });
    if (this.bias) backend.columnSums(dy, rows, this.units, this.bias.grad);
    if (dx) backend.matMul({ m: rows, n: inputs, k: this.units, a: dy, b: kernel.value, transB: true, c: dx });
  }

  protected override extraConfig(): Record<string, unknown> {
    return {
      units: this.units,
      activation: this.activation,
      use_bias: this.useBias,
      kernel_initializer: this.initializerNames[0],
      bias_initializer: this.initializerNames[1],
    };
  }
}
