// Parity check of an export: the same fixed random batch through the tfjs model (the trainer's
// build of the architecture) and the ONNX bytes in onnxruntime-node; also the reference file
// (`--reference`) that lets anyone repeat the check with their own runtime.
import type { ExportResult } from '../../exporter/export-model.ts';
import { importArchitecture } from '../../exporter/import-architecture.ts';
import { nodeRuntimes } from '../../profiler-agent/runtime/index.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../profiler-agent/defaults.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { createRng } from '../../search/random.ts';
import { getTf, initBackend, type BackendPreference } from '../../trainer/backend/index.ts';
import { buildModel } from '../../trainer/model/build-model.ts';
import { MemnasError } from '../../search/errors.ts';
import { compareOutputs, type OutputDifference, type Tolerance, VERIFY_TOLERANCE } from './allclose.ts';

export interface ReferenceTensor {
  readonly dims: number[];
  readonly data: number[];
}

export interface Reference {
  readonly inputs: Record<string, ReferenceTensor>;
  readonly outputs: Record<string, ReferenceTensor>;
}

export interface Comparison {
  /** ONNX outputs against tfjs's, judged by `allclose` with the tolerance asked for. */
  readonly difference: OutputDifference;
  /** float16 exports: largest difference from the float32 model's output (the cost of halving). */
  readonly float16Difference?: number;
  readonly reference: Reference;
}

function nhwcToNchw(data: Float32Array, [n, h, w, c]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n!; b++)
    for (let y = 0; y < h!; y++)
      for (let x = 0; x < w!; x++)
        for (let ch = 0; ch < c!; ch++)
          out[((b * c! + ch) * h! + y) * w! + x] = data[((b * h! + y) * w! + x) * c! + ch]!;
  return out;
}

export async function compareWithTfjs(
  arch: Architecture,
  weights: ArchitectureWeights,
  exported: ExportResult,
  options: { batch: number; backend: string; float16?: boolean; tolerance?: Tolerance },
): Promise<Comparison> {
  const backends = ['auto', 'tfjs-node', 'wasm', 'cpu'];
  if (!backends.includes(options.backend))
    throw new MemnasError('USAGE', `--backend takes one of ${backends.join(', ')}, got '${options.backend}'`);
  await initBackend(options.backend as BackendPreference);
  const tf = getTf();
  const [h, w, c] = arch.input.shape;
  const dims = [options.batch, h, w, c];
  const rng = createRng(20_240_601);
  const input = Float32Array.from({ length: options.batch * h * w * c }, () => rng.next() * 2 - 1);
  const logits = (a: Architecture, w: ArchitectureWeights): Float32Array => {
    const model = buildModel(a, { weights: w });
    const out = tf.tidy(
      () =>
        model
          .forward(tf.tensor4d(input, dims as [number, number, number, number]), false)
          .dataSync() as Float32Array,
    );
    model.dispose();
    return out;
  };
  // A float16 file holds folded, rounded weights: tfjs runs exactly those, read back from the file.
  const stored = options.float16 ? importArchitecture(exported.bytes) : undefined;
  const expected = stored ? logits(stored.architecture, stored.weights) : logits(arch, weights);

  const runtime = await nodeRuntimes().resolve('ort-node');
  const loaded = await runtime.load(exported.bytes, DEFAULT_SESSION_OPTIONS);
  const nchw = nhwcToNchw(input, dims);
  const inputDims = [options.batch, c, h, w];
  const outputs = await loaded.infer({ [exported.inputName]: { dims: inputDims, data: nchw } });
  await loaded.dispose();
  const actual = outputs[exported.outputName];
  if (actual === undefined)
    throw new MemnasError('VERIFY_FAILED', `the ONNX model has no output '${exported.outputName}'`);
  const difference = compareOutputs(actual.data, expected, options.tolerance ?? VERIFY_TOLERANCE);
  const float16Difference = (): number =>
    compareOutputs(actual.data, logits(arch, weights), VERIFY_TOLERANCE).maxAbsDiff;
  return {
    difference,
    ...(options.float16 ? { float16Difference: float16Difference() } : {}),
    reference: {
      inputs: { [exported.inputName]: { dims: inputDims, data: Array.from(nchw) } },
      outputs: { [exported.outputName]: { dims: [options.batch, arch.classes], data: Array.from(expected) } },
    },
  };
}
