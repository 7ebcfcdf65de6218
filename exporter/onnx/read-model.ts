// Decodes .onnx bytes into a ModelProto and rejects what is not a usable ONNX model. protobuf will
// happily decode many non-ONNX byte strings (unknown fields are skipped), so decoding without an
// exception proves little: we also require an IR version, opset imports, a non-empty graph whose
// nodes have operator types, and that the decoder consumed every byte.
import { createRequire } from 'node:module';
import { MemnasError } from '../../search/errors.ts';
import { onnx, int64, type OnnxTypes } from './proto.ts';

type ModelProto = OnnxTypes.ModelProto;

function invalid(message: string, cause?: unknown): MemnasError {
  return new MemnasError('ONNX_INVALID', message, cause === undefined ? undefined : { cause });
}

/** protobufjs' Reader, taken from the copy onnx-proto's generated code uses (it is not a direct dependency). */
interface ProtobufReader {
  pos: number;
  len: number;
}
const requireFromOnnxProto = createRequire(createRequire(import.meta.url).resolve('onnx-proto'));
const Reader = (
  requireFromOnnxProto('protobufjs/minimal') as { Reader: { create(buf: Uint8Array): ProtobufReader } }
).Reader;

function decode(bytes: Uint8Array): ModelProto {
  if (bytes.length === 0) throw invalid('not an ONNX model: the file is empty');
  const reader = Reader.create(bytes);
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(reader as Parameters<typeof onnx.ModelProto.decode>[0]);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw invalid(`not an ONNX model, or a truncated one: protobuf decoding failed (${detail})`, e);
  }
  if (reader.pos !== reader.len) {
    throw invalid(`not an ONNX model: decoding stopped at byte ${reader.pos} of ${reader.len}`);
  }
  return model;
}

function checkExternalData(tensors: readonly OnnxTypes.ITensorProto[]): void {
  for (const t of tensors) {
    const external =
      t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0;
    if (external) {
      const location = t.externalData?.find((e) => e.key === 'location')?.value ?? 'another file';
      throw invalid(
        `initializer '${t.name ?? ''}' keeps its data in an external file (${location}); save the model with its weights inside the .onnx file (onnx.save(model, path, save_as_external_data=False))`,
      );
    }
  }
}

/**
 * Decodes and validates an ONNX model.
 * @throws MemnasError('ONNX_INVALID') with a one-line reason for truncated, non-ONNX, empty or
 *   externally stored models.
 */
export function readOnnxModel(bytes: Uint8Array): ModelProto {
  const model = decode(bytes);
  if (int64(model.irVersion) <= 0) throw invalid('not an ONNX model: it has no ir_version');
  if (model.opsetImport.length === 0)
    throw invalid('not an ONNX model: it imports no operator set (opset_import is empty)');
  const graph = model.graph;
  if (!graph) throw invalid('not an ONNX model: it has no graph');
  if (graph.node?.length === 0 || !graph.node) throw invalid('the ONNX graph is empty: it has no nodes');
  graph.node.forEach((n, i) => {
    if (!n.opType) throw invalid(`not an ONNX model: node ${i} ('${n.name ?? ''}') has no operator type`);
  });
  if (!graph.output || graph.output.length === 0) throw invalid('the ONNX graph declares no outputs');
  checkExternalData(graph.initializer ?? []);
  if ((graph.sparseInitializer?.length ?? 0) > 0) {
    throw invalid('the model has sparse initializers, which memnas does not read; densify them first');
  }
  return model;
}
