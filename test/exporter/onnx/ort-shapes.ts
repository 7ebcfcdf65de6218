// Test helper: runs a model in onnxruntime-node with every intermediate tensor exposed as a graph
// output, and reports each tensor's dims and byte size as the runtime saw them — the reference
// memnas's shape inference is checked against.
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';

const { onnx } = onnxProto;

export interface RuntimeTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly bytes: number;
}

const ELEMENT_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  bool: 1,
  float16: 2,
};

/** A copy of `bytes` whose graph outputs list every node output. */
export function exposeAllTensors(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('model has no graph');
  const graphOutputs = (graph.output ??= []);
  const outputs = new Set(graphOutputs.map((o) => o.name));
  for (const node of graph.node ?? []) {
    for (const name of node.output ?? []) {
      if (name && !outputs.has(name)) {
        graphOutputs.push(onnx.ValueInfoProto.create({ name }));
        outputs.add(name);
      }
    }
  }
  return onnx.ModelProto.encode(model).finish();
}

/** Runs the model on deterministic pseudo-random float32 feeds at the given dims. */
export async function runtimeTensors(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, readonly number[]>>,
): Promise<Map<string, RuntimeTensor>> {
  const session = await ort.InferenceSession.create(exposeAllTensors(bytes), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'disabled',
  });
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, dims] of Object.entries(feeds)) {
    const n = dims.reduce((a, d) => a * d, 1);
    inputs[name] = new ort.Tensor(
      'float32',
      Float32Array.from({ length: n }, (_, i) => Math.sin(i)),
      [...dims],
    );
  }
  const results = await session.run(inputs);
  await session.release();
  const out = new Map<string, RuntimeTensor>();
  for (const [name, t] of Object.entries(results)) {
    const size = ELEMENT_BYTES[t.type];
    if (size === undefined) throw new Error(`unexpected runtime type ${t.type} for ${name}`);
    out.set(name, { dims: t.dims, type: t.type, bytes: size * t.size });
  }
  return out;
}
