// A small typed builder that writes ONNX ModelProto bytes: graph inputs (with 'N' for a dynamic
// batch), float32/int64 initializers stored as little-endian raw_data, nodes with typed attributes,
// outputs. Defaults — IR version 7, opset 13 — load in onnxruntime-node and onnxruntime-web alike.
import { MemnasError } from '../../search/errors.ts';
import { onnx, type OnnxTypes } from './proto.ts';
import { DataType } from './tensor-info.ts';

/** A dimension: a fixed size, or a name for a dynamic one (use 'N' for the batch). */
export type Dim = number | string;

export interface TensorValue {
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array | Int32Array;
}

/** A typed attribute value; build with the `attr` helpers so ints and floats stay distinct. */
export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'tensor'; readonly value: TensorValue };

export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  ints: (value: readonly number[]): AttrValue => ({ kind: 'ints', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  floats: (value: readonly number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  tensor: (value: TensorValue): AttrValue => ({ kind: 'tensor', value }),
};

export interface ModelBuilderOptions {
  /** Default-domain operator set. Default 13. */
  readonly opset?: number;
  /** ONNX IR version. Default 7. */
  readonly irVersion?: number;
  /** Graph name. Default 'memnas'. */
  readonly graphName?: string;
  readonly producerName?: string;
}

export interface NodeOptions {
  readonly name?: string;
  readonly domain?: string;
}

function dtypeOf(data: TensorValue['data']): number {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof BigInt64Array) return DataType.INT64;
  return DataType.INT32;
}

/** A TensorProto with its data as little-endian raw_data (typed arrays are little-endian on every host Node runs on). */
export function tensorProto(name: string, t: TensorValue): OnnxTypes.ITensorProto {
  const expected = t.dims.reduce((a, d) => a * d, 1);
  if (t.data.length !== expected) {
    throw new MemnasError(
      'ONNX_EXPORT',
      `tensor '${name}' has ${t.data.length} values for dims [${t.dims.join(', ')}] (${expected})`,
    );
  }
  const raw = new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
  return { name, dims: [...t.dims], dataType: dtypeOf(t.data), rawData: raw };
}

function valueInfo(name: string, dtype: number, dims: readonly Dim[] | undefined): OnnxTypes.IValueInfoProto {
  const shape =
    dims === undefined
      ? undefined
      : { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType: shape ? { elemType: dtype, shape } : { elemType: dtype } } };
}

function attributeProto(name: string, a: AttrValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...a.value] };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorProto('', a.value) };
  }
}

/** Builds one ONNX model; methods chain and `toBytes()` serialises it. */
export class OnnxModelBuilder {
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly names = new Set<string>();
  private readonly options: ModelBuilderOptions;

  constructor(options: ModelBuilderOptions = {}) {
    this.options = options;
  }

  /** A graph input; dims may name dynamic axes ('N' for the batch). Default dtype FLOAT. */
  input(name: string, dims: readonly Dim[], dtype: number = DataType.FLOAT): this {
    this.inputs.push(valueInfo(name, dtype, dims));
    return this;
  }

  /** A parameter tensor (float32 unless the array says otherwise), stored as raw_data. */
  initializer(name: string, dims: readonly number[], data: TensorValue['data']): this {
    this.initializers.push(tensorProto(name, { dims, data }));
    return this;
  }

  /** An int64 initializer from plain numbers (shapes, axes, indices). */
  int64Initializer(name: string, dims: readonly number[], values: readonly number[]): this {
    return this.initializer(name, dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs: Readonly<Record<string, AttrValue>> = {},
    options: NodeOptions = {},
  ): this {
    let name = options.name ?? `${opType}_${this.nodes.length}`;
    if (this.names.has(name)) name = `${name}_${this.nodes.length}`;
    this.names.add(name);
    this.nodes.push({
      name,
      opType,
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    });
    return this;
  }

  /** A graph output; dims are optional (runtimes infer them). Default dtype FLOAT. */
  output(name: string, dims?: readonly Dim[], dtype: number = DataType.FLOAT): this {
    this.outputs.push(valueInfo(name, dtype, dims));
    return this;
  }

  toModel(): OnnxTypes.ModelProto {
    return onnx.ModelProto.create({
      irVersion: this.options.irVersion ?? 7,
      producerName: this.options.producerName ?? 'memnas',
      opsetImport: [{ domain: '', version: this.options.opset ?? 13 }],
      graph: {
        name: this.options.graphName ?? 'memnas',
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
        node: this.nodes,
      },
    });
  }

  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.toModel()).finish();
  }
}
