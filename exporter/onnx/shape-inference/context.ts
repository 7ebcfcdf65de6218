// Builds the ShapeContext a rule sees for one node: its inputs looked up among the tensors
// inferred so far, typed attribute access, and error helpers that name the node.
import { MemnasError } from '../../../search/errors.ts';
import { int64, int64List, type OnnxTypes } from '../proto.ts';
import { readSmallValues, tensorDims } from '../tensor-info.ts';
import { MAX_VALUE_ELEMENTS, type Attributes, type ShapeContext, type TensorInfo } from './types.ts';

type NodeProto = OnnxTypes.INodeProto;
type TensorProto = OnnxTypes.ITensorProto;

/** A TensorProto (initializer or attribute) as TensorInfo, with its values when small. */
export function tensorProtoInfo(t: TensorProto): TensorInfo {
  const dims = tensorDims(t);
  const dtype = t.dataType ?? 0;
  const value = readSmallValues(t, MAX_VALUE_ELEMENTS);
  return value === undefined ? { dtype, dims } : { dtype, dims, value };
}

/** Typed access to a node's attributes (ints as numbers, strings decoded). */
export function attributeReader(node: NodeProto): Attributes {
  const byName = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  return {
    has: (name) => byName.has(name),
    int: (name) => {
      const a = byName.get(name);
      return a ? int64(a.i) : undefined;
    },
    ints: (name) => {
      const a = byName.get(name);
      return a ? int64List(a.ints) : undefined;
    },
    float: (name) => {
      const a = byName.get(name);
      return a ? (a.f ?? 0) : undefined;
    },
    floats: (name) => {
      const a = byName.get(name);
      return a ? [...(a.floats ?? [])] : undefined;
    },
    string: (name) => {
      const a = byName.get(name);
      return a ? new TextDecoder().decode(a.s ?? new Uint8Array()) : undefined;
    },
    tensor: (name) => {
      const t = byName.get(name)?.t;
      return t ? tensorProtoInfo(t) : undefined;
    },
  };
}

export function nodeLabel(node: NodeProto, index: number): string {
  return node.name ? node.name : `#${index}`;
}

export function createContext(
  node: NodeProto,
  label: string,
  opset: number,
  lookup: (name: string) => TensorInfo | undefined,
): ShapeContext {
  const opType = node.opType ?? '';
  const inputs = node.input ?? [];
  const prefix = `cannot size operator '${opType}' (node '${label}')`;
  const ctx: ShapeContext = {
    opType,
    nodeName: label,
    opset,
    attrs: attributeReader(node),
    inputCount: inputs.length,
    outputCount: (node.output ?? []).length,
    input: (i) => {
      const name = inputs[i];
      return name ? lookup(name) : undefined;
    },
    required: (i) => {
      const t = ctx.input(i);
      if (!t) ctx.fail(`required input ${i} is missing`);
      return t;
    },
    constValues: (i, what) => {
      const t = ctx.required(i);
      if (t.value === undefined) {
        ctx.unsupported(`its ${what} (input '${inputs[i] ?? ''}') is not a constant memnas can fold`);
      }
      return t.value;
    },
    fail: (reason) => {
      throw new MemnasError('ONNX_SHAPE', `${prefix}: ${reason}`);
    },
    unsupported: (reason) => {
      throw new MemnasError('ONNX_UNSUPPORTED_OP', `${prefix}: ${reason}`);
    },
  };
  return ctx;
}
