import { create } from '@bufbuild/protobuf';
import type { Shape } from '../layers/layer.js';
import { AttributeProtoSchema, AttributeProto_AttributeType, TensorProto_DataType, ValueInfoProtoSchema } from './proto/onnx_pb.js';
import type { AttributeProto, ValueInfoProto } from './proto/onnx_pb.js';

/**
 * The opsets of the default domain that exportOnnx writes and importOnnx reads. 13 is where
 * Softmax took Keras' meaning (normalise one axis; before, it flattened the trailing axes into
 * one); the vendored schema (ONNX 1.12, IR version 8) defines opsets up to 17. Importing accepts
 * later ones too: up to 21 none changed the meaning of the ops read here, only their types.
 */
export const EXPORT_OPSETS = { min: 13, max: 17 } as const;
export const IMPORT_OPSETS = { min: 13, max: 21 } as const;
/** The IR version of ONNX 1.12, whose schema is vendored. */
export const IR_VERSION = 8n;
/** The symbolic batch dimension of graph inputs and outputs. */
export const BATCH = 'N';

export function intAttribute(name: string, value: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value) });
}

export function floatAttribute(name: string, value: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value });
}

/** A float32 tensor of shape [N, ...sampleShape], as graph inputs and outputs are declared. */
export function batchOf(name: string, sampleShape: Shape): ValueInfoProto {
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: 'tensorType',
        value: {
          elemType: TensorProto_DataType.FLOAT,
          shape: { dim: [{ value: { case: 'dimParam', value: BATCH } }, ...sampleShape.map((d) => ({ value: { case: 'dimValue' as const, value: BigInt(d) } }))] },
        },
      },
    },
  });
}
