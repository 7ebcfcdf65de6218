// InferenceRuntime on onnxruntime-web's wasm backend, the browser agent's runtime. The module is
// not imported by package name: the page loads it by URL from the coordinator (which serves the
// npm package's files), so only the small slice of its API used here is described below.
import { AgentError, oneLine } from '../errors.ts';
import type { SessionOptions } from '../protocol.ts';
import { randomInput } from '../runtime/random-input.ts';
import type {
  FloatTensor,
  InferenceRuntime,
  InputSpec,
  LoadedModel,
  PreparedBatch,
  RuntimeEntry,
} from '../runtime/types.ts';
import { ortWebSessionOptions } from './session-options.ts';

/** The file of the npm package's dist/ the page imports: the wasm-only ESM build. */
export const ORT_WEB_ENTRY = 'ort.wasm.min.mjs';

interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

interface OrtSession {
  readonly inputMetadata: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** What the agent uses of `import * as ort from '.../ort.wasm.min.mjs'`. */
export interface OrtWebModule {
  readonly env: {
    readonly versions: { readonly common: string; readonly web?: string };
    logLevel?: string;
    readonly wasm: { numThreads?: number; wasmPaths?: string; proxy?: boolean };
  };
  readonly InferenceSession: { create(model: Uint8Array, options: object): Promise<OrtSession> };
  readonly Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;
}

function inputSpecs(session: OrtSession): InputSpec[] {
  return session.inputMetadata.map((m) => {
    if (!m.isTensor || m.type === undefined || m.shape === undefined) {
      throw new AgentError(
        'MODEL_UNSUPPORTED',
        `input '${m.name}' is not a tensor; the profiler only feeds tensors`,
      );
    }
    return { name: m.name, type: m.type, shape: [...m.shape] };
  });
}

class OrtWebModel implements LoadedModel {
  readonly inputs: readonly InputSpec[];

  constructor(
    private readonly ort: OrtWebModule,
    private readonly session: OrtSession,
  ) {
    this.inputs = inputSpecs(session);
  }

  prepare(batch: number): PreparedBatch {
    const feeds: Record<string, OrtTensor> = {};
    this.inputs.forEach((input, i) => {
      const r = randomInput(input, batch, i + 1);
      feeds[r.name] = new this.ort.Tensor(r.type, r.data, r.dims);
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
    const inputs: Record<string, OrtTensor> = {};
    for (const [name, t] of Object.entries(feeds))
      inputs[name] = new this.ort.Tensor('float32', t.data, [...t.dims]);
    let outputs: Record<string, OrtTensor>;
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

class OrtWebRuntime implements InferenceRuntime {
  readonly name = 'ort-web';
  readonly version: string;

  constructor(private readonly ort: OrtWebModule) {
    this.version = ort.env.versions.web ?? ort.env.versions.common;
  }

  async load(model: Uint8Array, options: SessionOptions): Promise<LoadedModel> {
    let session: OrtSession;
    try {
      session = await this.ort.InferenceSession.create(model, ortWebSessionOptions(options));
    } catch (cause) {
      const message = oneLine(String(cause).replace(/^Error: /, ''));
      throw new AgentError('MODEL_INVALID', `the runtime rejected the model: ${message}`, { cause });
    }
    return new OrtWebModel(this.ort, session);
  }
}

/**
 * The registry entry for ort-web served under `baseUrl` (a directory URL ending in '/', holding
 * ort.wasm.min.mjs and the ort-wasm-simd-threaded .mjs/.wasm pair). Loading it configures the
 * module's global environment once: wasm files from the same place, `threads` threads (1 keeps
 * devices comparable; more needs a cross-origin-isolated page), no proxy worker, errors only.
 */
export function createOrtWebEntry(baseUrl: string, threads = 1): RuntimeEntry {
  return {
    name: 'ort-web',
    priority: 10,
    async load() {
      let ort: OrtWebModule;
      try {
        ort = (await import(/* @vite-ignore */ new URL(ORT_WEB_ENTRY, baseUrl).href)) as OrtWebModule;
      } catch (cause) {
        throw new AgentError(
          'RUNTIME_UNAVAILABLE',
          `onnxruntime-web could not be loaded from ${baseUrl} (${oneLine(String(cause), 160)}): reload the page from the coordinator`,
          { cause },
        );
      }
      ort.env.wasm.numThreads = threads;
      ort.env.wasm.wasmPaths = baseUrl;
      ort.env.wasm.proxy = false;
      ort.env.logLevel = 'error';
      return new OrtWebRuntime(ort);
    },
  };
}
