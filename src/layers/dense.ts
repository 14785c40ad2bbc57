import { ShapeError, ValueError, describe } from '../errors.js';
import type { ActivationName, Backend, MatMulSpec } from '../backends/backend.js';
import { getInitializer, initializerConfig, snakeCase } from '../initializers.js';
import type { Initializer, InitializerName } from '../initializers.js';
import { getRandom } from '../random.js';
import { getRegularizer, regularizerConfig } from '../regularizers.js';
import type { Regularizer, RegularizerLike } from '../regularizers.js';
import { resolveActivation } from './activation-names.js';
import { Layer, sizeOfShape } from './layer.js';
import { BASE_CONFIG_KEYS, argsFromConfig } from './config.js';
import type { LayerArgs, LayerCall, Parameter, Shape } from './layer.js';

export interface DenseArgs extends LayerArgs {
  activation?: ActivationName | null;
  useBias?: boolean;
  kernelInitializer?: InitializerName | Initializer;
  biasInitializer?: InitializerName | Initializer;
  kernelRegularizer?: RegularizerLike | null;
  biasRegularizer?: RegularizerLike | null;
}

/**
 * y = activation(x·W + b), W of shape [inputs, units] as in Keras. On inputs of rank > 2 it acts on
 * the last axis, as Keras does: each sample's leading axes are more rows of one product.
 */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private readonly initializerNames: [string, string];
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  private kernel: Parameter | null = null;
  private bias: Parameter | null = null;

  constructor(units: number, args: DenseArgs = {}) {
    super(args, 'dense', 'Dense', ['activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer']);
    if (!Number.isInteger(units) || units <= 0) {
      throw new ValueError(`Dense(units): expected a positive integer, received ${describe(units)}`);
    }
    this.units = units;
    this.activation = resolveActivation(args.activation, this.describe());
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform', `${this.describe()}: kernelInitializer`);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', `${this.describe()}: biasInitializer`);
    // A function initializer has no JSON form: its family is written as Keras' default, and the
    // saved weights carry its values.
    const label = (v: unknown, d: string): string => (typeof v === 'string' ? snakeCase(v) : d);
    this.initializerNames = [label(args.kernelInitializer, 'glorot_uniform'), label(args.biasInitializer, 'zeros')];
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, `${this.describe()}: kernelRegularizer`);
    this.biasRegularizer = getRegularizer(args.biasRegularizer, `${this.describe()}: biasRegularizer`);
  }

  private inputSize(inputShape: Shape): number {
    if (inputShape.length === 0) throw new ShapeError(`${this.describe()}: expected an input with a feature axis, received a scalar per sample`);
    return inputShape[inputShape.length - 1]!;
  }

  /** Rows of the product per sample: the product of the input's leading axes (1 for flat inputs), set at build. */
  private rowsPerSample = 1;

  computeOutputShape(inputShape: Shape): Shape {
    this.inputSize(inputShape);
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override paramCountFor(inputShape: Shape): number {
    return this.inputSize(inputShape) * this.units + (this.useBias ? this.units : 0);
  }

  protected override createWeights(inputShape: Shape): void {
    const inputs = this.inputSize(inputShape);
    this.rowsPerSample = sizeOfShape(inputShape.slice(0, -1));
    const random = getRandom();
    this.kernel = this.addWeight('kernel', [inputs, this.units], this.kernelInitializer([inputs, this.units], random), this.kernelRegularizer);
    this.bias = this.useBias ? this.addWeight('bias', [this.units], this.biasInitializer([this.units], random), this.biasRegularizer) : null;
  }

  override get outputActivation(): ActivationName {
    return this.activation;
  }

  override get sharesWeights(): boolean {
    return true;
  }

  // A shared Dense sums its bias gradient over calls through this buffer (columnSums overwrites).
  override scratchSize(): number {
    return this.nodes.length > 1 && this.useBias ? this.units : 0;
  }

  override forward(call: LayerCall): void {
    const kernel = this.kernel!;
    this.backend!.matMul({
      m: call.rows * this.rowsPerSample, n: this.units, k: kernel.shape[0]!,
      a: call.inputs[0]!, b: kernel.value, c: call.output,
      bias: this.bias?.value ?? null, activation: this.activation,
    });
  }

  override backward(call: LayerCall): void {
    const backend = this.backend!;
    const kernel = this.kernel!;
    const inputs = kernel.shape[0]!;
    const rows = call.rows * this.rowsPerSample;
    const x = call.inputs[0]!;
    const dy = call.dOutput!;
    const dx = call.dInputs[0];
    if (!call.activationDone && this.activation !== 'linear') backend.activationGrad(this.activation, call.output, dy, rows, this.units);
    // dW = xᵀ·dz, db = Σ_rows dz, dx = dz·Wᵀ: transposes are folded into the GEMM's packing.
    const dW: MatMulSpec = { m: inputs, n: this.units, k: rows, a: x, transA: true, b: dy, c: kernel.grad, accumulate: call.accumulateParams };
    if (!dx) backend.matMul(dW);
    else {
      const dX: MatMulSpec = { m: rows, n: inputs, k: this.units, a: dy, b: kernel.value, transB: true, c: dx, accumulate: call.accumulate[0] ?? false };
      // Neither reads what the other writes, so a backend with threads may run them at once.
      if (backend.matMulPair) backend.matMulPair(dW, dX);
      else {
        backend.matMul(dW);
        backend.matMul(dX);
      }
    }
    if (this.bias && call.accumulateParams) {
      backend.columnSums(dy, rows, this.units, call.scratch!);
      backend.elementwise('copy', call.scratch!, null, this.bias.grad, this.units, 1, true);
    } else if (this.bias) {
      backend.columnSums(dy, rows, this.units, this.bias.grad);
    }
  }

  protected override extraConfig(): Record<string, unknown> {
    return {
      units: this.units,
      activation: this.activation,
      use_bias: this.useBias,
      kernel_initializer: initializerConfig(this.initializerNames[0]),
      bias_initializer: initializerConfig(this.initializerNames[1]),
      kernel_regularizer: regularizerConfig(this.kernelRegularizer),
      bias_regularizer: regularizerConfig(this.biasRegularizer),
    };
  }

  /** Keras' from_config: the inverse of getConfig (Keras JSON, snake_case). */
  static fromConfig(config: Record<string, unknown>): Dense {
    const { units, ...args } = argsFromConfig(config, 'Dense', [...BASE_CONFIG_KEYS, 'units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer']);
    return new Dense(units as number, args as DenseArgs);
  }
}
