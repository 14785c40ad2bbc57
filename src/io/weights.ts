import { FormatError, ShapeError, describe } from '../errors.js';
import { firstNonFinite } from '../tensor.js';
import type { Layer, Parameter } from '../layers/layer.js';
import type { WeightSpec } from './artifacts.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A weight as stored: its manifest name and shape, and its values. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
  group?: string;
  /** int32 for counters (an optimizer's iterations, as tfjs stores them); float32 otherwise. */
  dtype?: 'int32';
}

/** Weight specs and one buffer of little-endian float32 values in their order (tfjs' encodeWeights). */
export function encodeWeights(weights: readonly NamedWeight[]): { specs: WeightSpec[]; data: ArrayBuffer } {
  const total = weights.reduce((n, w) => n + w.values.length, 0);
  const data = new ArrayBuffer(total * 4);
  let offset = 0;
  for (const w of weights) {
    const view = new DataView(data, offset * 4, w.values.length * 4);
    if (w.dtype === 'int32') w.values.forEach((v, i) => view.setInt32(i * 4, v, true));
    else if (LITTLE_ENDIAN) new Float32Array(data, offset * 4, w.values.length).set(w.values);
    else w.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    offset += w.values.length;
  }
  const specs = weights.map((w): WeightSpec => ({ name: w.name, shape: [...w.shape], dtype: w.dtype ?? 'float32', ...(w.group ? { group: w.group } : {}) }));
  return { specs, data };
}

/**
 * The weights a manifest describes, cut from the weight data: every spec checked (a name, a shape of
 * non-negative integers, float32, finite values), and the data's length checked against the specs'
 * total, so a short or padded shard is an error naming `where`, never a model with garbage in it.
 */
export function decodeWeights(specs: unknown, data: ArrayBuffer, where: string): NamedWeight[] {
  if (!Array.isArray(specs)) throw new FormatError(`${where}: expected weightSpecs (the weightsManifest's weights) to be an array, received ${describe(specs)}`);
  const out: NamedWeight[] = [];
  let offset = 0;
  for (const [i, raw] of specs.entries()) {
    const spec = raw as Partial<WeightSpec> | null;
    const name = spec?.name;
    if (typeof name !== 'string') throw new FormatError(`${where}: weight ${i} has no name (received ${describe(raw)})`);
    const shape = spec!.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) throw new FormatError(`${where}: weight "${name}" has shape ${describe(shape)}; expected an array of non-negative integers`);
    if (spec!.dtype !== 'float32' && spec!.dtype !== 'int32') throw new FormatError(`${where}: weight "${name}" is ${describe(spec!.dtype)}; Axon reads float32 (and int32) weights only`);
    if (spec!.quantization !== undefined) throw new FormatError(`${where}: weight "${name}" is quantized; Axon reads unquantized float32 weights only`);
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    if ((offset + size) * 4 > data.byteLength) {
      throw new FormatError(`${where}: the weight data holds ${data.byteLength} bytes, too few for weight "${name}" (bytes ${offset * 4} to ${(offset + size) * 4}); the weights file is short or belongs to another model`);
    }
    let values: Float32Array;
    if (spec!.dtype === 'int32') {
      const view = new DataView(data, offset * 4, size * 4);
      values = Float32Array.from({ length: size }, (_, k) => view.getInt32(k * 4, true));
    } else if (LITTLE_ENDIAN) {
      values = new Float32Array(data.slice(offset * 4, (offset + size) * 4));
    } else {
      const view = new DataView(data, offset * 4, size * 4);
      values = Float32Array.from({ length: size }, (_, k) => view.getFloat32(k * 4, true));
    }
    const bad = firstNonFinite(values);
    if (bad >= 0) throw new FormatError(`${where}: weight "${name}" holds ${values[bad]} at index ${bad}; expected finite numbers`);
    out.push({ name, shape: [...shape], values, ...(spec!.group ? { group: spec!.group } : {}) });
    offset += size;
  }
  if (offset * 4 !== data.byteLength) {
    throw new FormatError(`${where}: the weight data holds ${data.byteLength} bytes but the manifest describes ${offset * 4}`);
  }
  return out;
}

/** Manifest names as converters write them: "dense/kernel", "dense/kernel:0", "model/dense/kernel". */
function matches(stored: string, param: string): boolean {
  const name = stored.endsWith(':0') ? stored.slice(0, -2) : stored;
  return name === param || name.endsWith(`/${param}`);
}

/**
 * Writes stored weights into the layers' parameters, by name. Every parameter must find exactly one
 * stored weight of its shape, and every stored model weight must be used; all are checked before any
 * is written, so a mismatch leaves the model as it was.
 */
export function assignWeights(layers: readonly Layer[], stored: readonly NamedWeight[], where: string): void {
  const model = stored.filter((w) => w.group !== 'optimizer');
  const used = new Set<NamedWeight>();
  const plan: [Layer, Float32Array[]][] = layers.map((layer) => [layer, layer.weights.map((p: Parameter) => {
    const found = model.filter((w) => !used.has(w) && matches(w.name, p.name));
    if (found.length === 0) throw new FormatError(`${where}: no stored weight for ${p.name} (shape [${p.shape.join(', ')}]); the file holds ${model.map((w) => w.name).join(', ') || 'no weights'}`);
    const w = found[0]!;
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      throw new ShapeError(`${where}: weight "${w.name}" has shape [${w.shape.join(', ')}], but ${p.name} is [${p.shape.join(', ')}]`);
    }
    used.add(w);
    return w.values;
  })]);
  const unused = model.filter((w) => !used.has(w));
  if (unused.length) throw new FormatError(`${where}: stored weight${unused.length > 1 ? 's' : ''} ${unused.map((w) => `"${w.name}"`).join(', ')} match${unused.length > 1 ? '' : 'es'} no layer of the model`);
  for (const [layer, values] of plan) layer.writeWeights(values);
}

/** The model's weights as stored: each parameter under its Keras name (layer/weight), read on every backend. */
export async function namedWeights(layers: readonly Layer[]): Promise<NamedWeight[]> {
  const out: NamedWeight[] = [];
  for (const layer of layers) {
    const values = await layer.getWeightsAsync();
    layer.weights.forEach((p, i) => out.push({ name: p.name, shape: [...p.shape], values: values[i]!.data }));
  }
  return out;
}
