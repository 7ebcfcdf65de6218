// InferenceRuntime on onnxruntime-node, the Node agent's runtime (linux x64/arm64, macOS, Windows).
// The only file of the agent that imports onnxruntime-node, and only on first use, so a missing
// or broken install is a RUNTIME_UNAVAILABLE error with the fix, not a crash at start-up.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentError, oneLine } from '../errors.ts';
import type { SessionOptions } from '../protocol.ts';
import { type OrtSessionLike, OrtSessionModel } from './ort-session-model.ts';
import type { InferenceRuntime, LoadedModel, RuntimeEntry } from './types.ts';
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

class OrtNodeRuntime implements InferenceRuntime {
  readonly name = 'ort-node';
  readonly version: string;

  constructor(private readonly ort: Ort) {
    this.version = ort.env.versions.node ?? ort.env.versions.common;
  }

  async load(model: Uint8Array, options: SessionOptions): Promise<LoadedModel> {
    const session = await this.#create(model, options);
    const ort = this.ort;
    // onnxruntime-node's Tensor and session are onnxruntime-common's; the shared wrapper sees them
    // through the structural slice it uses.
    return new OrtSessionModel(
      (type, data, dims) => new ort.Tensor(type as 'float32', data as Float32Array, dims),
      session as unknown as OrtSessionLike,
    );
  }

  /** onnxruntime writes the optimized graph while it creates the session (optimizedModelFilePath). */
  async optimize(model: Uint8Array, options: SessionOptions): Promise<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'memnas-optimized-'));
    try {
      const file = join(dir, 'model.onnx');
      await (await this.#create(model, options, file)).release();
      return new Uint8Array(await readFile(file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #create(
    model: Uint8Array,
    options: SessionOptions,
    optimizedModelFilePath?: string,
  ): Promise<Session> {
    try {
      return await this.ort.InferenceSession.create(model, {
        ...options,
        executionProviders: ['cpu'],
        logSeverityLevel: 3,
        ...(optimizedModelFilePath === undefined ? {} : { optimizedModelFilePath }),
      });
    } catch (cause) {
      const message = oneLine(String(cause).replace(/^Error: /, ''));
      throw new AgentError('MODEL_INVALID', `the runtime rejected the model: ${message}`, { cause });
    }
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
