import { ShapeError, StateError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { Layer, uniqueName } from '../layers/layer.js';
import type { Shape } from '../layers/layer.js';
import { InputLayer } from '../layers/input.js';
import { Model } from './model.js';
import type { PredictArgs } from './model.js';
import type { ModelTensors } from './model-data.js';
import type { Tensor } from '../tensor.js';
import { mapGraph } from './graph.js';
import type { Graph } from './graph.js';
import { formatSummary } from './summary.js';
import { sequentialJSON } from './topology.js';
import type { KerasModelJSON } from './topology.js';
import type { SummaryRow } from './summary.js';

export type { CompileArgs, FitArgs, EvaluateArgs, PredictArgs } from './model.js';

export interface SequentialArgs {
  name?: string;
  /** Backend name; defaults to the one chosen with setBackend(), normally 'wasm'. */
  backend?: string;
}

/**
 * A linear stack of layers: the one-input, one-output special case of Model, whose graph is
 * chained from an Input of the first layer's shape once that shape is known (declared, or taken
 * from the data of the first fit/predict), as Keras builds a Functional graph inside Sequential.
 */
export class Sequential extends Model {
  private readonly stack: Layer[] = [];

  constructor(layers: Layer[] | Layer = [], args: SequentialArgs = {}) {
    checkOptions(args, ['name', 'backend'], 'Sequential');
    super({ name: args.name ?? uniqueName('sequential'), backend: args.backend, deferGraph: true });
    // Keras also takes a single layer.
    const list = layers instanceof Layer ? [layers] : layers;
    if (!Array.isArray(list)) throw new ValueError(`Sequential(layers): expected an array of layers, received ${describe(layers)}`);
    for (const layer of list) this.add(layer);
  }

  override get className(): string {
    return 'Sequential';
  }

  /** The layers as added (an explicit InputLayer included). */
  override get layers(): Layer[] {
    return [...this.stack];
  }

  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ValueError(`Sequential.add(layer): expected a Layer, received ${describe(layer)}`);
    if (this.graph) throw new StateError(`Sequential.add(layer): the model "${this.name}" is already built; add layers before the first fit/predict`);
    if (this.stack.includes(layer)) throw new ValueError(`Sequential.add(layer): ${layer.describe()} is already in the model`);
    if (this.stack.length > 0 && layer instanceof InputLayer) throw new ValueError('Sequential.add(layer): an InputLayer must come first');
    if (layer.takesManyInputs) throw new ValueError(`Sequential.add(layer): ${layer.describe()} merges several inputs; use the functional API (Input, Model) for it`);
    this.stack.push(layer);
  }

  /** The per-sample input shape, if declared by the first layer or known from a build. */
  get inputShape(): Shape | null {
    return this.graph?.inputs[0]!.sampleShape ?? this.stack[0]?.declaredInputShape ?? null;
  }

  /** Per-sample output shape for a known input shape. */
  get outputShape(): Shape | null {
    const input = this.inputShape;
    if (!input) return null;
    return this.stack.reduce<Shape>((shape, l) => l.computeOutputShape(shape), input);
  }

  protected override expectedInputShapes(): (Shape | null)[] {
    return [this.inputShape];
  }

  protected override inputNamesOrDefault(): string[] {
    return this.graph ? this.inputNames : ['input'];
  }

  protected override ensureGraph(sampleShapes: readonly (Shape | null)[]): Graph {
    if (this.stack.length === 0) throw new StateError(`Sequential "${this.name}": the model has no layers; add() some before building`);
    const shape = sampleShapes[0] ?? this.inputShape;
    if (!shape) {
      throw new StateError(`Sequential "${this.name}": the input shape is unknown; give the first layer an inputShape (e.g. new Dense(10, { inputShape: [784] })) or call fit() with data`);
    }
    if (this.graph) {
      const built = this.graph.inputs[0]!.sampleShape;
      if (built.length !== shape.length || built.some((d, i) => d !== shape[i])) {
        throw new ShapeError(`Sequential "${this.name}": built for input shape ${describe([...built])}, received ${describe([...shape])}`);
      }
      return this.graph;
    }
    const [first] = this.stack;
    const inputLayer = first instanceof InputLayer ? first : new InputLayer({ inputShape: [...shape], name: `${first!.name}_input` });
    // Every layer's output shape is checked before any symbolic call is recorded.
    this.stack.reduce<Shape>((s, l) => l.computeOutputShape(s), shape);
    let x = inputLayer.output;
    for (const layer of this.stack) if (layer !== inputLayer) x = layer.apply(x);
    this.graph = mapGraph(inputLayer.output, x, `Sequential "${this.name}"`);
    return this.graph;
  }

  /** Allocates every layer's weights for the given (or declared) per-sample input shape. */
  override async build(inputShape?: Shape): Promise<void> {
    this.usable('build()');
    await this.buildGraph([inputShape ?? this.inputShape]);
  }

  override countParams(): number {
    let shape = this.inputShape;
    if (!shape) throw new StateError(`countParams(): the input shape of "${this.name}" is unknown; give the first layer an inputShape`);
    let total = 0;
    for (const layer of this.stack) {
      total += layer.countParams(shape);
      shape = layer.computeOutputShape(shape);
    }
    return total;
  }

  /** Prints the Keras summary table (or hands each line to printFn) and returns it. */
  override summary(lineLength?: number, printFn: (line: string) => void = console.log): string {
    let shape = this.inputShape;
    // As Keras: a table of unknown shapes and 0 parameters would say something false.
    if (!shape) throw new StateError(`summary(): the model "${this.name}" has not yet been built; give the first layer an inputShape, or call build(inputShape) or fit() first`);
    const rows: SummaryRow[] = [];
    for (const layer of this.stack) {
      const params = layer.countParams(shape);
      const trainableParams = layer.countTrainableParams(shape);
      shape = layer.computeOutputShape(shape);
      if (!(layer instanceof InputLayer)) rows.push({ name: layer.name, className: layer.className, outputShape: shape, params, trainableParams });
    }
    const text = formatSummary(this.name, rows, lineLength);
    for (const line of text.split('\n')) printFn(line);
    return text;
  }

  /** Outputs for every sample, as one tensor (a Sequential has one output). */
  override predict(x: ModelTensors, args: PredictArgs = {}): Promise<Tensor<'float32'>> {
    return super.predict(x, args) as Promise<Tensor<'float32'>>;
  }

  getConfig(): { className: 'Sequential'; config: { name: string; layers: ReturnType<Layer['getConfig']>[] } } {
    return { className: 'Sequential', config: { name: this.name, layers: this.stack.map((l) => l.getConfig()) } };
  }

  /** Keras' to_json for a Sequential: its layers' configs in order, as tfjs writes them. */
  override toJSON(): KerasModelJSON {
    return sequentialJSON(this.name, this.stack, this.inputShape);
  }
}
