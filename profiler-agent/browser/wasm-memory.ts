// Finds the WebAssembly memory a runtime uses, without the runtime's help: wraps the
// WebAssembly.Memory constructor (Emscripten's threaded builds, onnxruntime-web's among them,
// create their memory in JS and import it) and the instantiate functions (other builds define
// their memory inside the module and export it), collecting every Memory either way. It must be
// installed before the runtime's code loads, in a fresh realm (one iframe per batch size): a
// WebAssembly memory never shrinks, so its size is a high-water mark of that realm's life.

/** The slice of the WebAssembly namespace the capture replaces (the real one or a test double). */
export interface WasmNamespace {
  Memory: typeof WebAssembly.Memory;
  Instance: typeof WebAssembly.Instance;
  instantiate: typeof WebAssembly.instantiate;
  instantiateStreaming?: typeof WebAssembly.instantiateStreaming;
}

export interface WasmMemoryCapture {
  /** Every memory created or exported since installation, in order of discovery. */
  memories(): readonly WebAssembly.Memory[];
  /** Total current size of those memories in bytes. */
  bytes(): number;
}

type Instantiated = WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance;

export function installWasmMemoryCapture(wasm: WasmNamespace): WasmMemoryCapture {
  const found = new Set<WebAssembly.Memory>();
  const OriginalMemory = wasm.Memory;
  const collect = (instance: WebAssembly.Instance): void => {
    for (const value of Object.values(instance.exports)) {
      if (value instanceof OriginalMemory) found.add(value);
    }
  };
  const collectFrom = (result: Instantiated): Instantiated => {
    collect(result instanceof wasm.Instance ? result : result.instance);
    return result;
  };

  // A Proxy keeps `instanceof WebAssembly.Memory`, the prototype and static members intact.
  wasm.Memory = new Proxy(OriginalMemory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(
        target,
        args,
        newTarget === wasm.Memory ? target : newTarget,
      ) as WebAssembly.Memory;
      found.add(memory);
      return memory;
    },
  });
  wasm.Instance = new Proxy(wasm.Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(
        target,
        args,
        newTarget === wasm.Instance ? target : newTarget,
      ) as WebAssembly.Instance;
      collect(instance);
      return instance;
    },
  });
  const instantiate = wasm.instantiate.bind(wasm) as (...args: unknown[]) => Promise<Instantiated>;
  wasm.instantiate = ((...args: unknown[]) =>
    instantiate(...args).then(collectFrom)) as typeof WebAssembly.instantiate;
  const streaming = wasm.instantiateStreaming?.bind(wasm);
  if (streaming !== undefined) {
    wasm.instantiateStreaming = ((...args: Parameters<typeof WebAssembly.instantiateStreaming>) =>
      streaming(...args).then(
        (r) => collectFrom(r) as WebAssembly.WebAssemblyInstantiatedSource,
      )) as typeof WebAssembly.instantiateStreaming;
  }

  return {
    memories: () => [...found],
    bytes: () => [...found].reduce((sum, m) => sum + m.buffer.byteLength, 0),
  };
}
