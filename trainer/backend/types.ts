// The contract every trainer backend implements (STYLE.md §1, §3): a name, a priority and a
// first-use initialiser. Implementations live beside it, one file each; registry.ts picks one.

/** Backends the trainer can run on, fastest first. */
export type BackendName = 'tfjs-node' | 'wasm' | 'cpu';

/** What the caller asks for: one backend by name, or 'auto' for the fastest that loads. */
export type BackendPreference = 'auto' | BackendName;

/** The backend actually in use after initBackend(). */
export interface BackendInfo {
  /** Our name of the backend ('tfjs-node', 'wasm' or 'cpu'). */
  readonly name: BackendName;
  /** Compute threads the backend uses (1 for the single-threaded builds). */
  readonly threads: number;
}

/** Options for initBackend(). */
export interface BackendOptions {
  /**
   * Threads for backends that can use several. Default 1: the trainer runs one worker per core,
   * so one thread per worker keeps the cores from being oversubscribed. The wasm backend always
   * uses 1 under Node (see wasm.ts); BackendInfo.threads reports what is really used.
   */
  readonly threads?: number;
}

/** One entry of the registry. */
export interface BackendEntry {
  readonly name: BackendName;
  /** Higher is preferred under 'auto'. */
  readonly priority: number;
  /** The tfjs-core backend name this entry registers ('tensorflow' for tfjs-node). */
  readonly tfName: string;
  /**
   * Loads and registers the backend with tfjs-core, returning the thread count it will use.
   * Throws MemnasError('BACKEND_UNAVAILABLE', ...) when it cannot load here.
   */
  readonly load: (options: BackendOptions) => Promise<number>;
}
