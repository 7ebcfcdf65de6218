// The exporter's graph form → ONNX bytes. Opset 17 / IR 8: HardSwish needs opset ≥ 14, and 17 is
// what onnxruntime-node, onnxruntime-web and Debian's onnx checker (1.12) all accept.
import type { IrGraph } from './graph-ir.ts';
import { toFloat16Array } from './float16.ts';
import { OnnxModelBuilder, attr } from './onnx/model-builder.ts';
import { onnx } from './onnx/proto.ts';
import { DataType } from './onnx/tensor-info.ts';

export const EXPORT_OPSET = 17;
export const EXPORT_IR_VERSION = 8;

export interface SerializeOptions {
  /** Store weights as float16 and Cast them to float32 in the graph (runtimes fold the Casts at load). */
  readonly float16?: boolean;
  readonly name?: string;
}

export function serializeGraph(graph: IrGraph, options: SerializeOptions = {}): Uint8Array {
  const b = new OnnxModelBuilder({
    opset: EXPORT_OPSET,
    irVersion: EXPORT_IR_VERSION,
    graphName: options.name ?? 'memnas',
  });
  b.input(graph.input.name, ['N', graph.input.channels, graph.input.height, graph.input.width]);
  const half: { name: string; dims: readonly number[]; bits: Uint16Array }[] = [];
  for (const [name, init] of graph.initializers) {
    if (options.float16 && init.data.length > 1) {
      half.push({ name: `${name}.fp16`, dims: init.dims, bits: toFloat16Array(init.data) });
      b.node('Cast', [`${name}.fp16`], [name], { to: attr.int(DataType.FLOAT) }, { name: `${name}.cast` });
    } else {
      b.initializer(name, init.dims, init.data);
    }
  }
  for (const n of graph.nodes) b.node(n.opType, n.inputs, n.outputs, n.attrs, { name: n.name });
  b.output(graph.output.name, ['N', graph.output.classes]);
  const model = b.toModel();
  for (const h of half) {
    const raw = new Uint8Array(h.bits.buffer, h.bits.byteOffset, h.bits.byteLength);
    model.graph!.initializer!.push(
      onnx.TensorProto.create({ name: h.name, dims: [...h.dims], dataType: DataType.FLOAT16, rawData: raw }),
    );
  }
  return onnx.ModelProto.encode(model).finish();
}
