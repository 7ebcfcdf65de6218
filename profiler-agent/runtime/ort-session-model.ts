// A LoadedModel over an onnxruntime InferenceSession. onnxruntime-node and onnxruntime-web share
// onnxruntime-common's session API, so both runtimes (runtime/ort-node.ts, browser/ort-web.ts)
// wrap their session in this one class; only the slice of the API used here is described, so the
// browser bundle needs no onnxruntime types.
import { AgentError, oneLine } from '../errors.ts';
import { randomInput } from './random-input.ts';
import type { FloatTensor, InputSpec, LoadedModel, PreparedBatch } from './types.ts';

export interface OrtTensorLike {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

export interface OrtValueMetadataLike {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface OrtSessionLike {
  readonly inputMetadata: readonly OrtValueMetadataLike[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** `new ort.Tensor(type, data, dims)` of the runtime at hand. */
export type MakeTensor = (type: string, data: unknown, dims: readonly number[]) => OrtTensorLike;

function inputSpecs(session: OrtSessionLike): InputSpec[] {
  return session.inputMetadata.map((m) => {
    if (!m.isTensor || m.type === undefined || m.shape === undefined)
      throw new AgentError(
        'MODEL_UNSUPPORTED',
        `input '${m.name}' is not a tensor; the profiler only feeds tensors`,
      );
    return { name: m.name, type: m.type, shape: [...m.shape] };
  });
}

export class OrtSessionModel implements LoadedModel {
  readonly inputs: readonly InputSpec[];

  constructor(
    private readonly tensor: MakeTensor,
    private readonly session: OrtSessionLike,
  ) {
    this.inputs = inputSpecs(session);
  }

  prepare(batch: number): PreparedBatch {
    const feeds: Record<string, OrtTensorLike> = {};
    this.inputs.forEach((input, i) => {
      const r = randomInput(input, batch, i + 1);
      feeds[r.name] = this.tensor(r.type, r.data, r.dims);
    });
    const session = this.session;
    return {
      batch,
      async run() {
        try {
          await session.run(feeds);
        } catch (cause) {
          throw new AgentError(
            'MEASURE_FAILED',
            `inference failed at batch ${batch}: ${oneLine(String(cause))}`,
            { cause },
          );
        }
      },
    };
  }

  async infer(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
    const inputs: Record<string, OrtTensorLike> = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = this.tensor('float32', t.data, [...t.dims]);
    let outputs: Record<string, OrtTensorLike>;
    try {
      outputs = await this.session.run(inputs);
    } catch (cause) {
      throw new AgentError('MEASURE_FAILED', `inference failed: ${oneLine(String(cause))}`, { cause });
    }
    const result: Record<string, FloatTensor> = {};
    for (const [name, t] of Object.entries(outputs)) {
      if (t.type === 'float32') result[name] = { dims: [...t.dims], data: t.data as Float32Array };
    }
    return result;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
