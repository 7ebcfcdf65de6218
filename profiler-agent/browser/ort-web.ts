// InferenceRuntime on onnxruntime-web's wasm backend, the browser agent's runtime. The module is
// not imported by package name: the page loads it by URL from the coordinator (which serves the
// npm package's files), so only the small slice of its API used here is described below.
import { AgentError, oneLine } from '../errors.ts';
import type { SessionOptions } from '../protocol.ts';
import { type OrtSessionLike, type OrtTensorLike, OrtSessionModel } from '../runtime/ort-session-model.ts';
import type { InferenceRuntime, LoadedModel, RuntimeEntry } from '../runtime/types.ts';
import { ortWebSessionOptions } from './session-options.ts';

/** The file of the npm package's dist/ the page imports: the wasm-only ESM build. */
export const ORT_WEB_ENTRY = 'ort.wasm.min.mjs';

/** What the agent uses of `import * as ort from '.../ort.wasm.min.mjs'`. */
export interface OrtWebModule {
  readonly env: {
    readonly versions: { readonly common: string; readonly web?: string };
    logLevel?: string;
    readonly wasm: { numThreads?: number; wasmPaths?: string; proxy?: boolean };
  };
  readonly InferenceSession: { create(model: Uint8Array, options: object): Promise<OrtSessionLike> };
  readonly Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensorLike;
}

class OrtWebRuntime implements InferenceRuntime {
  readonly name = 'ort-web';
  readonly version: string;

  constructor(private readonly ort: OrtWebModule) {
    this.version = ort.env.versions.web ?? ort.env.versions.common;
  }

  async load(model: Uint8Array, options: SessionOptions): Promise<LoadedModel> {
    let session: OrtSessionLike;
    try {
      session = await this.ort.InferenceSession.create(model, ortWebSessionOptions(options));
    } catch (cause) {
      const message = oneLine(String(cause).replace(/^Error: /, ''));
      throw new AgentError('MODEL_INVALID', `the runtime rejected the model: ${message}`, { cause });
    }
    const ort = this.ort;
    return new OrtSessionModel((type, data, dims) => new ort.Tensor(type, data, dims), session);
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
