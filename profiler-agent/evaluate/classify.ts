// Classifies an evaluate job's input blob with a loaded model: batches of samples decoded from
// uint8 (× scale) or float32, run through the runtime, top-1 class of the first output. Pure over
// the LoadedModel contract, so ort-node and ort-web can share it.
import { AgentError } from '../errors.ts';
import type { EvaluateInput, Evaluation } from '../protocol.ts';
import { inputDims } from '../runtime/random-input.ts';
import type { LoadedModel } from '../runtime/types.ts';

/** Samples per inference call: large enough to amortise call overhead, small enough for a board. */
export const EVALUATE_BATCH = 100;

export type BlobLayout = Pick<EvaluateInput, 'dtype' | 'dims' | 'scale'>;

export function checkBlob(blob: Uint8Array, layout: BlobLayout): void {
  const values = layout.dims.reduce((a, b) => a * b, 1);
  const expected = values * (layout.dtype === 'uint8' ? 1 : 4);
  if (blob.byteLength !== expected)
    throw new AgentError(
      'PROTOCOL_INVALID',
      `the input blob holds ${blob.byteLength} bytes; ${layout.dtype} of dims ${layout.dims.join('×')} needs ${expected}`,
    );
}

function decode(
  blob: Uint8Array,
  layout: BlobLayout,
  first: number,
  count: number,
  size: number,
): Float32Array {
  const out = new Float32Array(count * size);
  if (layout.dtype === 'uint8') {
    const src = blob.subarray(first * size, (first + count) * size);
    for (let i = 0; i < out.length; i++) out[i] = src[i]! * layout.scale;
  } else {
    const view = new DataView(blob.buffer, blob.byteOffset + first * size * 4, count * size * 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}

function argmaxRows(data: Float32Array, rows: number, into: number[]): void {
  const classes = data.length / rows;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (data[r * classes + c]! > data[r * classes + best]!) best = c;
    into.push(best);
  }
}

/** Top-1 class of every sample of the blob. */
export async function classifyBlob(
  model: LoadedModel,
  blob: Uint8Array,
  layout: BlobLayout,
  batch = EVALUATE_BATCH,
): Promise<Evaluation> {
  checkBlob(blob, layout);
  if (model.inputs.length !== 1)
    throw new AgentError(
      'MODEL_UNSUPPORTED',
      `evaluation feeds one input; the model has ${model.inputs.length}`,
    );
  const input = model.inputs[0]!;
  const samples = layout.dims[0]!;
  const sampleDims = layout.dims.slice(1);
  const size = sampleDims.reduce((a, b) => a * b, 1);
  const expected = inputDims(input, 1).slice(1);
  if (expected.join('×') !== sampleDims.join('×'))
    throw new AgentError(
      'MODEL_UNSUPPORTED',
      `the model's input '${input.name}' takes samples of ${expected.join('×')}, the job sends ${sampleDims.join('×')}`,
    );
  const predictions: number[] = [];
  const started = performance.now();
  for (let first = 0; first < samples; first += batch) {
    const n = Math.min(batch, samples - first);
    const outputs = await model.infer({
      [input.name]: { dims: [n, ...sampleDims], data: decode(blob, layout, first, n, size) },
    });
    const logits = Object.values(outputs)[0];
    if (logits === undefined || logits.data.length % n !== 0)
      throw new AgentError('MODEL_UNSUPPORTED', 'the model has no float32 output of one row per sample');
    argmaxRows(logits.data, n, predictions);
  }
  return { samples, predictions, inferenceMs: performance.now() - started, batch };
}
