// A tiny ONNX model, encoded here byte by byte, that the measuring process loads and runs
// before taking its memory baseline: y = Relu(x), x float32 [N, 4]. It pages in the runtime —
// its environment, session machinery, allocator and the JS path of a run — and nothing of a
// real network, so what a real model needs beyond that (its weights, activations, session,
// and the code of the kernels it uses) is the measured rise. Deliberately the simplest model:
// anyone re-measuring independently with "an Identity/Relu model" gets the same baseline.
// Encoding it by hand keeps the agent free of a protobuf dependency; test/profiler-agent
// checks it decodes as valid ONNX.

// ---- a minimal protobuf writer: varints and length-delimited fields are all this model needs ----

type Bytes = number[];

function varint(n: number): Bytes {
  const out: Bytes = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const intField = (field: number, n: number): Bytes => [...varint(field << 3), ...varint(n)];
const bytesField = (field: number, body: Bytes): Bytes => [
  ...varint((field << 3) | 2),
  ...varint(body.length),
  ...body,
];
const strField = (field: number, s: string): Bytes => bytesField(field, [...new TextEncoder().encode(s)]);

// ---- ONNX messages (field numbers from onnx.proto) ----

/** ValueInfoProto of a float32 tensor [N, width] with a symbolic batch 'N'. */
function valueInfo(name: string, width: number): Bytes {
  const shape = [...bytesField(1, strField(2, 'N')), ...bytesField(1, intField(1, width))]; // dim { dim_param } dim { dim_value }
  const tensorType = [...intField(1, 1), ...bytesField(2, shape)]; // elem_type FLOAT, shape
  return [...strField(1, name), ...bytesField(2, bytesField(1, tensorType))]; // name, type { tensor_type }
}

function buildTrivialModel(): Uint8Array {
  const relu = [...strField(1, 'x'), ...strField(2, 'y'), ...strField(3, 'relu'), ...strField(4, 'Relu')];
  const graph = [
    ...bytesField(1, relu),
    ...strField(2, 'memnas-trivial'),
    ...bytesField(11, valueInfo('x', 4)),
    ...bytesField(12, valueInfo('y', 4)),
  ];
  const model = [
    ...intField(1, 8), // ir_version 8
    ...strField(2, 'memnas-profiler'),
    ...bytesField(7, graph),
    ...bytesField(8, intField(2, 13)), // opset_import { domain '', version 13 }
  ];
  return new Uint8Array(model);
}

/** The trivial model's bytes: y = Relu(x), x and y float32 [N, 4]. */
export const TRIVIAL_MODEL: Uint8Array = buildTrivialModel();
