import type { Layer, Shape } from './layer.js';

/**
 * A tensor of the functional API (Keras' KerasTensor, tfjs' SymbolicTensor): it holds no values,
 * only its per-sample shape and the layer call that produces it, so that `new Model({ inputs,
 * outputs })` can walk back from the outputs to the inputs.
 */
export class SymbolicTensor {
  readonly dtype = 'float32';

  constructor(
    /** The shape of one sample (Keras' shape without the batch dimension). */
    readonly sampleShape: Shape,
    /** The call of a layer that produced it (an InputLayer's for a model input). */
    readonly node: LayerNode,
    readonly name: string,
  ) {}

  /** As tfjs: the batch dimension first, null for any batch size. */
  get shape(): (number | null)[] {
    return [null, ...this.sampleShape];
  }

  get rank(): number {
    return this.sampleShape.length + 1;
  }

  get sourceLayer(): Layer {
    return this.node.layer;
  }

  toString(): string {
    return `SymbolicTensor "${this.name}" of shape [${this.shape.map((d) => d ?? 'null').join(', ')}]`;
  }
}

/** One call of a layer on symbolic inputs (Keras' Node): a layer applied twice has two. */
export class LayerNode {
  readonly output: SymbolicTensor;

  constructor(
    readonly layer: Layer,
    readonly inputs: readonly SymbolicTensor[],
    outputShape: Shape,
    index: number,
  ) {
    this.output = new SymbolicTensor(Object.freeze([...outputShape]), this, index === 0 ? layer.name : `${layer.name}_${index}`);
  }
}
