import { ShapeError, StateError, ValueError, describe } from '../errors.js';
import type { ActivationName, Backend, DeviceBuffer } from '../backends/backend.js';
import { Tensor, firstNonFinite } from '../tensor.js';
import { getBackend } from '../backends/index.js';
import { snakeCase } from '../initializers.js';
import { checkOptions } from '../options.js';
import { getRegularizer, regularizerConfig } from '../regularizers.js';
import type { Regularizer, RegularizerLike } from '../regularizers.js';
import { LayerNode, SymbolicTensor } from './symbolic.js';

/** Per-sample shape: Keras' input_shape, without the batch dimension. */
export type Shape = readonly number[];

export interface LayerArgs {
  name?: string;
  /** Shape of one sample, e.g. [784] or [28, 28]; only needed on the first layer. */
  inputShape?: number[];
  /** Keras' batch_input_shape: the input shape with a leading batch dimension (null for any). */
  batchInputShape?: (number | null)[];
  trainable?: boolean;
  /** Keras' activity_regularizer: a penalty on the layer's output, averaged over the batch. */
  activityRegularizer?: RegularizerLike | null;
}

/**
 * One call of a layer in a compiled graph, as its forward and backward see it. The executor makes
 * one per call when it compiles the graph and only updates `rows` and `training` per batch, so a
 * training step allocates nothing.
 */
export interface LayerCall {
  readonly inputs: readonly DeviceBuffer[];
  readonly inputShapes: readonly Shape[];
  readonly output: DeviceBuffer;
  /** Samples in this batch. */
  rows: number;
  training: boolean;
  /** `scratchSize(inputShapes)` elements per sample, or null when the layer asked for none. */
  readonly scratch: DeviceBuffer | null;
  /** ∂loss/∂output (training only); the layer may overwrite it. */
  readonly dOutput: DeviceBuffer | null;
  /** Where ∂loss/∂input i goes; null where no gradient is wanted (a model input). */
  readonly dInputs: readonly (DeviceBuffer | null)[];
  /** Add into dInputs[i] rather than overwrite it: another layer reading that tensor wrote it first. */
  readonly accumulate: readonly boolean[];
  /** The loss already applied this layer's activation backward (fused softmax/sigmoid cross-entropy). */
  readonly activationDone: boolean;
  /** Add into the parameters' gradients: another call of this shared layer wrote them first. */
  readonly accumulateParams: boolean;
}

/** The JSON-serialisable part of a layer, under its Keras class name (model.json holds it; fromConfig reads it back). */
export interface LayerConfig {
  className: string;
  config: Record<string, unknown>;
}

/** The keys every layer's options take. */
const LAYER_OPTIONS = ['name', 'inputShape', 'batchInputShape', 'trainable', 'activityRegularizer'] as const;

const nameCounters = new Map<string, number>();

/** Keras' clear_session, for names: the automatic names start again at dense, dense_1, ... */
export function clearSession(): void {
  nameCounters.clear();
}

/** Keras' automatic names: dense, dense_1, dense_2, ... per class, per process. */
export function uniqueName(prefix: string): string {
  const count = nameCounters.get(prefix) ?? 0;
  nameCounters.set(prefix, count + 1);
  return count === 0 ? prefix : `${prefix}_${count}`;
}

// Each parameter costs a float32 weight, its gradient and up to two optimizer slots (Adam), and the
// Wasm core addresses 4 GiB; checked before any initializer draws, so an absurd layer fails at once.
const BYTES_PER_PARAM = 16;
/** The most parameters a layer, or a whole model, may hold (documented in the README). */
export const MAX_PARAMS = 2 ** 28;

/** Throws before anything is allocated when `params` exceed MAX_PARAMS; `what` says whose they are. */
export function checkParamBudget(params: number, owner: string, what: string, holder: 'a layer' | 'a model'): void {
  if (params <= MAX_PARAMS) return;
  const gib = ((params * BYTES_PER_PARAM) / 2 ** 30).toFixed(1);
  throw new ValueError(`${owner}: ${params} parameters ${what} would need ${gib} GiB (${BYTES_PER_PARAM} bytes each: weight, gradient and two optimizer slots); ${holder} holds at most ${MAX_PARAMS} (2^28), as the Wasm core addresses 4 GiB`);
}

/** A trainable tensor that lives in backend memory, with its gradient beside it. */
export class Parameter {
  readonly value: DeviceBuffer;
  readonly grad: DeviceBuffer;
  readonly size: number;

  constructor(
    readonly name: string,
    readonly shape: Shape,
    readonly backend: Backend,
    initial: Float32Array,
    readonly trainable = true,
    /** Keras' kernel_regularizer / bias_regularizer of this weight. */
    readonly regularizer: Regularizer | null = null,
  ) {
    this.size = shape.reduce((a, b) => a * b, 1);
    this.value = backend.alloc(this.size);
    this.grad = backend.alloc(this.size);
    backend.write(this.value, initial);
  }

  read(): Tensor<'float32'> {
    return new Tensor(this.backend.read(this.value), this.shape);
  }

  /** `read` on every backend, those that read back only asynchronously (WebGPU in a browser) too. */
  async readAsync(): Promise<Tensor<'float32'>> {
    const b = this.backend;
    return new Tensor(b.asyncReadback ? await b.readAsync!(this.value) : b.read(this.value), this.shape);
  }

  /**
   * The values as float32, after checking them: a Tensor of this parameter's shape or a typed array
   * of its size, all finite. Nothing is written, so a caller can check every parameter first.
   */
  check(values: Tensor | Float32Array | Int32Array | Uint8Array, argument: string): Float32Array {
    let data: Float32Array;
    if (values instanceof Tensor) {
      if (values.shape.length !== this.shape.length || values.shape.some((d, i) => d !== this.shape[i])) {
        throw new ShapeError(`${argument}: expected shape ${describe([...this.shape])} for ${this.name}, received ${describe([...values.shape])}`);
      }
      data = values.data instanceof Float32Array ? values.data : Float32Array.from(values.data);
    } else if (values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array) {
      if (values.length !== this.size) throw new ShapeError(`${argument}: expected ${this.size} values for ${this.name} of shape ${describe([...this.shape])}, received ${values.length}`);
      data = values instanceof Float32Array ? values : Float32Array.from(values);
    } else {
      throw new ValueError(`${argument}: expected a Tensor or a typed array, received ${describe(values)}`);
    }
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new ValueError(`${argument}: expected finite numbers, received ${data[bad]} at index ${bad}`);
    return data;
  }

  write(values: Tensor | Float32Array | Int32Array | Uint8Array, argument: string): void {
    this.backend.write(this.value, this.check(values, argument));
  }

  dispose(): void {
    this.backend.free(this.value);
    this.backend.free(this.grad);
  }
}

export abstract class Layer {
  readonly name: string;
  readonly declaredInputShape: Shape | undefined;
  trainable: boolean;
  protected params: Parameter[] = [];
  private builtFor: Shape | null = null;
  protected backend: Backend | null = null;
  readonly activityRegularizer: Regularizer | null;
  /** Every call of this layer on symbolic tensors, in order (a shared layer has several). */
  readonly nodes: LayerNode[] = [];

  /** Keras' class name, e.g. 'Dense': summary(), error messages and the layer registry use it. */
  readonly className: string;

  /**
   * `prefix` is Keras' automatic name stem ('dense' → dense, dense_1, ...); `options` are the keys
   * the subclass takes beyond LayerArgs' (any other key is an error).
   */
  constructor(args: LayerArgs, prefix: string, className: string, options: readonly string[] = []) {
    checkOptions(args, [...LAYER_OPTIONS, ...options], className);
    this.className = className;
    this.name = args.name ?? uniqueName(prefix);
    this.trainable = args.trainable ?? true;
    this.activityRegularizer = getRegularizer(args.activityRegularizer, `${this.describe()}: activityRegularizer`);
    if (args.inputShape && args.batchInputShape) {
      throw new ValueError(`${this.describe()}: give inputShape or batchInputShape, not both`);
    }
    const shape = args.inputShape ?? args.batchInputShape?.slice(1);
    if (shape !== undefined) {
      if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || (d as number) <= 0)) {
        throw new ShapeError(`${this.describe()}: inputShape expected a non-empty array of positive integers, received ${describe(shape)}`);
      }
      this.declaredInputShape = Object.freeze([...(shape as number[])]);
    }
  }

  /** 'Dense layer "dense_1"': how errors name the layer (not constructor.name, which minifiers mangle). */
  describe(): string {
    return `${this.className} layer${this.name ? ` "${this.name}"` : ''}`;
  }

  get built(): boolean {
    return this.builtFor !== null;
  }

  get inputShape(): Shape | null {
    return this.builtFor;
  }

  abstract computeOutputShape(inputShape: Shape): Shape;

  /** Whether apply() takes a list of tensors (the merges) rather than one. */
  get takesManyInputs(): boolean {
    return false;
  }

  /** The output shape for the shapes of all inputs; layers of one input use computeOutputShape. */
  outputShapeFor(inputShapes: readonly Shape[]): Shape {
    if (inputShapes.length !== 1) throw new ValueError(`${this.describe()}: expected one input, received ${inputShapes.length}`);
    return this.computeOutputShape(inputShapes[0]!);
  }

  /**
   * Keras' `layer(x)`. On symbolic tensors (from Input() or other layers' apply) it records the call
   * and returns the symbolic output, from which `new Model({ inputs, outputs })` is built; a layer
   * called again is shared (the same weights serve every call). On concrete Tensors it computes the
   * output now, in inference mode, as tfjs does (building the layer on first use).
   */
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor;
  apply(inputs: Tensor | readonly Tensor[]): Tensor<'float32'>;
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[] | Tensor | readonly Tensor[]): SymbolicTensor | Tensor<'float32'> {
    const list: unknown[] = Array.isArray(inputs) ? inputs : [inputs];
    const many = this.takesManyInputs ? 'an array of' : 'a';
    const plural = this.takesManyInputs ? 's' : '';
    if (list.length === 0 || !(list.every((t) => t instanceof SymbolicTensor) || list.every((t) => t instanceof Tensor))) {
      throw new ValueError(`${this.describe()}.apply(inputs): expected ${many} symbolic tensor${plural} (from Input() or another layer's apply) or ${many} Tensor${plural}, received ${describe(inputs)}`);
    }
    if (this.takesManyInputs !== Array.isArray(inputs)) {
      throw new ValueError(`${this.describe()}.apply(inputs): expected ${this.takesManyInputs ? 'an array of tensors' : 'one tensor, not an array'}, received ${describe(inputs)}`);
    }
    if (list[0] instanceof Tensor) return this.applyEagerly(list as Tensor[]);
    const symbolic = list as SymbolicTensor[];
    const shapes = symbolic.map((t) => t.sampleShape);
    const first = this.nodes[0];
    if (first && !this.takesManyInputs) {
      // A shared layer's weights fit one input shape.
      const expected = first.inputs[0]!.sampleShape;
      if (expected.length !== shapes[0]!.length || expected.some((d, i) => d !== shapes[0]![i])) {
        throw new ShapeError(`${this.describe()}.apply(inputs): the layer was first called on shape ${describe([null, ...expected])}, received ${describe([null, ...shapes[0]!])}`);
      }
    }
    const node = new LayerNode(this, symbolic, this.outputShapeFor(shapes), this.nodes.length);
    this.nodes.push(node);
    return node.output;
  }

  /** One forward call on concrete rows, in inference mode, through buffers freed before returning. */
  private applyEagerly(tensors: readonly Tensor[]): Tensor<'float32'> {
    const rows = tensors[0]!.shape[0];
    tensors.forEach((t, i) => {
      if (t.rank < 2 || t.shape[0] !== rows) throw new ShapeError(`${this.describe()}.apply(inputs): expected tensors of shape [samples, ...] with the same number of samples, received ${describe([...t.shape])}${tensors.length > 1 ? ` at index ${i}` : ''}`);
    });
    const shapes = tensors.map((t) => t.shape.slice(1));
    const outputShape = this.outputShapeFor(shapes);
    const samples = rows!;
    if (this.isIdentityWhen(false)) {
      const t = tensors[0]!;
      return new Tensor<'float32'>(t.data instanceof Float32Array ? t.data.slice() : Float32Array.from(t.data), [samples, ...outputShape]);
    }
    const backend = this.backend ?? getBackend();
    if (!backend.isReady) throw new StateError(`${this.describe()}.apply(tensor): the "${backend.name}" backend is not loaded; await ready() first`);
    if (backend.asyncReadback) throw new StateError(`${this.describe()}.apply(tensor): the "${backend.name}" backend reads back only asynchronously here; use a model's predict()`);
    this.buildFor(shapes, backend);
    const buffers: DeviceBuffer[] = [];
    const alloc = (size: number): DeviceBuffer => {
      const b = backend.alloc(size);
      buffers.push(b);
      return b;
    };
    try {
      const scratch = this.scratchSize(shapes);
      const call: LayerCall = {
        inputs: tensors.map((t, i) => {
          const b = alloc(samples * sizeOfShape(shapes[i]!));
          backend.write(b, t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));
          return b;
        }),
        inputShapes: shapes, output: alloc(samples * sizeOfShape(outputShape)), rows: samples, training: false,
        scratch: scratch > 0 ? alloc(samples * scratch) : null, dOutput: null, dInputs: [], accumulate: [], activationDone: false, accumulateParams: false,
      };
      this.forward(call);
      return new Tensor<'float32'>(backend.read(call.output, samples * sizeOfShape(outputShape)), [samples, ...outputShape]);
    } finally {
      for (const b of buffers) backend.free(b);
    }
  }

  /** Builds for the shapes of all inputs; layers of one input use build. */
  buildFor(inputShapes: readonly Shape[], backend: Backend): void {
    if (inputShapes.length !== 1) throw new ValueError(`${this.describe()}: expected one input, received ${inputShapes.length}`);
    this.build(inputShapes[0]!, backend);
  }

  /** Elements per sample of working memory the layer needs between forward and backward (Dropout's mask). */
  scratchSize(_inputShapes: readonly Shape[]): number {
    return 0;
  }

  /**
   * Whether a layer with weights may be called more than once in a model (Keras' shared layers):
   * its backward then adds into its parameters' gradients when `call.accumulateParams`. Layers
   * without weights are shared freely.
   */
  get sharesWeights(): boolean {
    return false;
  }

  /** Allocates parameters in the backend; subclasses add their weights through `addWeight`. */
  build(inputShape: Shape, backend: Backend): void {
    if (this.builtFor) {
      if (this.builtFor.length !== inputShape.length || this.builtFor.some((d, i) => d !== inputShape[i])) {
        throw new ShapeError(`${this.describe()}: built for input shape ${describe([...this.builtFor])}, received ${describe([...inputShape])}`);
      }
      return;
    }
    checkParamBudget(this.paramCountFor(inputShape), this.describe(), `for input shape ${describe([...inputShape])}`, 'a layer');
    this.backend = backend;
    this.createWeights(inputShape, backend);
    this.builtFor = Object.freeze([...inputShape]);
  }

  protected createWeights(_inputShape: Shape, _backend: Backend): void {}

  /** `trainable` false: a state the layer updates itself (BatchNormalization's moving statistics), never the optimizer. */
  protected addWeight(name: string, shape: Shape, initial: Float32Array, regularizer: Regularizer | null = null, trainable = true): Parameter {
    const p = new Parameter(`${this.name}/${name}`, shape, this.backend!, initial, this.trainable && trainable, regularizer);
    this.params.push(p);
    return p;
  }

  /** Parameters in Keras order (kernel, then bias). */
  get weights(): readonly Parameter[] {
    return this.params;
  }

  get trainableWeights(): readonly Parameter[] {
    return this.trainable ? this.params.filter((p) => p.trainable) : [];
  }

  countParams(inputShape: Shape | null = this.builtFor): number {
    if (this.built) return this.params.reduce((n, p) => n + p.size, 0);
    if (!inputShape) throw new StateError(`${this.describe()}: countParams() needs the input shape; build the model first`);
    return this.paramCountFor(inputShape);
  }

  /** Parameter count for an input shape without allocating (summary() before the Wasm core loads). */
  protected paramCountFor(_inputShape: Shape): number {
    return 0;
  }

  /** Of paramCountFor, those no optimizer updates even in a trainable layer (Keras' non-trainable weights). */
  protected stateCountFor(_inputShape: Shape): number {
    return 0;
  }

  /** summary()'s "Trainable params" of this layer: none when it is frozen, else all but its state. */
  countTrainableParams(inputShape: Shape | null = this.builtFor): number {
    if (!this.trainable) return 0;
    if (this.built) return this.params.reduce((n, p) => n + (p.trainable ? p.size : 0), 0);
    if (!inputShape) throw new StateError(`${this.describe()}: countTrainableParams() needs the input shape; build the model first`);
    return this.paramCountFor(inputShape) - this.stateCountFor(inputShape);
  }

  getWeights(): Tensor<'float32'>[] {
    return this.params.map((p) => p.read());
  }

  getWeightsAsync(): Promise<Tensor<'float32'>[]> {
    return Promise.all(this.params.map((p) => p.readAsync()));
  }

  /** Writes values already checked by Parameter.check, one array per parameter. */
  writeWeights(values: readonly Float32Array[]): void {
    values.forEach((v, i) => this.backend!.write(this.params[i]!.value, v));
  }

  /** Every tensor is checked before any is written: a bad one leaves the weights as they were. */
  setWeights(weights: (Tensor | Float32Array | Int32Array | Uint8Array)[]): void {
    const owner = `${this.describe()}.setWeights`;
    if (!Array.isArray(weights) || weights.length !== this.params.length) {
      throw new ValueError(`${owner}(weights): expected ${this.params.length} tensors, received ${Array.isArray(weights) ? weights.length : describe(weights)}`);
    }
    this.writeWeights(weights.map((w, i) => this.params[i]!.check(w, `${owner}(weights[${i}])`)));
  }

  /**
   * Layers that only reshape (Flatten, Reshape, InputLayer) compute nothing: rows are stored flat,
   * so the executor gives their output the input's buffer. Dropout is one at inference only.
   */
  get isIdentity(): boolean {
    return false;
  }

  isIdentityWhen(_training: boolean): boolean {
    return this.isIdentity;
  }

  /** The activation applied last in forward, so the loss can fuse its backward. */
  get outputActivation(): ActivationName {
    return 'linear';
  }

  /** Writes the output rows of `call.rows` samples from the input rows (all buffers row-major). */
  forward(_call: LayerCall): void {
    throw new StateError(`${this.describe()}: has no forward computation`);
  }

  /**
   * Given call.dOutput = ∂loss/∂y (∂loss/∂z when `activationDone`), fills the parameters' grads
   * and each wanted call.dInputs[i] (adding into it where call.accumulate[i]).
   */
  backward(_call: LayerCall): void {
    throw new StateError(`${this.describe()}: has no backward computation`);
  }

  getConfig(): LayerConfig {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: 'float32' };
    if (this.declaredInputShape) config['batch_input_shape'] = [null, ...this.declaredInputShape];
    if (this.activityRegularizer) config['activity_regularizer'] = regularizerConfig(this.activityRegularizer);
    return { className: this.className, config: { ...config, ...this.extraConfig() } };
  }

  protected extraConfig(): Record<string, unknown> {
    return {};
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.params = [];
    this.builtFor = null;
    this.backend = null;
  }
}

export function sizeOfShape(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export { snakeCase };
