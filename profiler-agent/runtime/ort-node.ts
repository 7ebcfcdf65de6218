// InferenceRuntime on onnxruntime-node, the Node agent's runtime (linux x64/arm64, macOS, Windows).
// The only file of the agent that imports onnxruntime-node, and only on first use, so a missing
// or broken install is a RUNTIME_UNAVAILABLE error with the fix, not a crash at start-up.
import { AgentError, oneLine } from '../errors.ts';
import type { SessionOptions } from '../protocol.ts';
import { randomInput } from './random-input.ts';
import type {
  FloatTensor,
  InferenceRuntime,
  InputSpec,
  LoadedModel,
  PreparedBatch,
  RuntimeEntry,
} from './types.ts';
import type * as OrtModule from 'onnxruntime-node';

type Ort = typeof OrtModule;
type Session = OrtModule.InferenceSession;

const FIX = 'install onnxruntime-node (npm i onnxruntime-node)';

async function importOrt(specifier: string): Promise<Ort> {
  try {
    return (await import(specifier)) as Ort;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
        ? 'onnxruntime-node is not installed'
        : `onnxruntime-node failed to load (${oneLine(String(cause), 160)})`;
    throw new AgentError('RUNTIME_UNAVAILABLE', `${why}: ${FIX}`, { cause });
  }
}

function inputSpecs(session: Session): InputSpec[] {
  return session.inputMetadata.map((m) => {
    if (!m.isTensor)
      throw new AgentError(
        'MODEL_UNSUPPORTED',
        `input '${m.name}' is not a tensor; the profiler only feeds tensors`,
      );
    return { name: m.name, type: m.type, shape: [...m.shape] };
  });
}

class OrtNodeModel implements LoadedModel {
  readonly inputs: readonly InputSpec[];

  constructor(
    private readonly ort: Ort,
    private readonly session: Session,
  ) {
    this.inputs = inputSpecs(session);
  }

  prepare(batch: number): PreparedBatch {
    const feeds: Record<string, OrtModule.Tensor> = {};
    this.inputs.forEach((input, i) => {
      const r = randomInput(input, batch, i + 1);
      feeds[r.name] = new this.ort.Tensor(r.type as 'float32', r.data as Float32Array, r.dims);
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
    const inputs: Record<string, OrtModule.Tensor> = {};
    for (const [name, t] of Object.entries(feeds))
      inputs[name] = new this.ort.Tensor('float32', t.data, [...t.dims]);
    let outputs: Record<string, OrtModule.Tensor>;
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

class OrtNodeRuntime implements InferenceRuntime {
  readonly name = 'ort-node';
  readonly version: string;

  constructor(private readonly ort: Ort) {
    this.version = ort.env.versions.node ?? ort.env.versions.common;
  }

  async load(model: Uint8Array, options: SessionOptions): Promise<LoadedModel> {
    let session: Session;
    try {
      session = await this.ort.InferenceSession.create(model, {
        ...options,
        executionProviders: ['cpu'],
        logSeverityLevel: 3,
      });
    } catch (cause) {
      const message = oneLine(String(cause).replace(/^Error: /, ''));
      throw new AgentError('MODEL_INVALID', `the runtime rejected the model: ${message}`, { cause });
    }
    return new OrtNodeModel(this.ort, session);
  }
}

/** The registry entry; `specifier` is only changed by tests (to see the missing-package error). */
export function createOrtNodeEntry(specifier = 'onnxruntime-node'): RuntimeEntry {
  return {
    name: 'ort-node',
    priority: 10,
    async load() {
      return new OrtNodeRuntime(await importOrt(specifier));
    },
  };
}

export const ortNodeEntry: RuntimeEntry = createOrtNodeEntry();
