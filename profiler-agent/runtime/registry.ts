// Chooses an inference runtime, in the shape of onnxruntime's resolveBackend and tfjs-core's
// registerBackend: entries by priority, each loaded once on first use, falling back only on
// RUNTIME_UNAVAILABLE (any other failure is a bug and propagates).
import { AgentError, isAgentError } from '../errors.ts';
import type { InferenceRuntime, RuntimeEntry } from './types.ts';

export type RuntimePreference = 'auto' | (string & {});

export class RuntimeRegistry {
  readonly #entries: RuntimeEntry[] = [];
  readonly #loads = new Map<string, Promise<InferenceRuntime>>();

  register(entry: RuntimeEntry): this {
    if (this.#entries.some((e) => e.name === entry.name)) {
      throw new AgentError('INTERNAL', `runtime '${entry.name}' is registered twice`);
    }
    this.#entries.push(entry);
    this.#entries.sort((a, b) => b.priority - a.priority);
    return this;
  }

  names(): string[] {
    return this.#entries.map((e) => e.name);
  }

  /** The named runtime, or under 'auto' the highest-priority one that loads. */
  async resolve(preference: RuntimePreference = 'auto'): Promise<InferenceRuntime> {
    if (preference !== 'auto') {
      const entry = this.#entries.find((e) => e.name === preference);
      if (entry === undefined) {
        throw new AgentError(
          'RUNTIME_UNAVAILABLE',
          `unknown runtime '${preference}' (available: ${this.names().join(', ') || 'none'})`,
        );
      }
      return this.#use(entry);
    }
    const reasons: string[] = [];
    for (const entry of this.#entries) {
      try {
        return await this.#use(entry);
      } catch (e) {
        if (!isAgentError(e) || e.code !== 'RUNTIME_UNAVAILABLE') throw e;
        reasons.push(e.message);
      }
    }
    throw new AgentError(
      'RUNTIME_UNAVAILABLE',
      `no inference runtime could load: ${reasons.join('; ') || 'none registered'}`,
    );
  }

  #use(entry: RuntimeEntry): Promise<InferenceRuntime> {
    let load = this.#loads.get(entry.name);
    if (load === undefined) {
      load = entry.load();
      this.#loads.set(entry.name, load);
      // A failed load may be retried later (e.g. after the user installs the package).
      load.catch(() => this.#loads.delete(entry.name));
    }
    return load;
  }
}
