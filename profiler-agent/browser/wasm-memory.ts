// Finds the WebAssembly memory a runtime uses, without the runtime's help: wraps the
// WebAssembly.Memory constructor (Emscripten's threaded builds, onnxruntime-web's among them,
// create their memory in JS and import it) and the instantiate functions (other builds define
// their memory inside the module and export it), collecting every Memory either way. It must be
// installed before the runtime's code loads, in a fresh realm (one iframe per batch size): a
// WebAssembly memory never shrinks, so its size is a high-water mark of that realm's life.
//
// The size is what the runtime reserved, not what it used: the memory grows in ~20% steps, and
// a page of it costs resident memory only once written (V8 maps it lazily; measured in Node: a
// memory grown to 120 MB with 50 MB written raised the resident size by 48 MB). What the runtime
// used is the highest byte it ever wrote: fresh pages read as zero and allocators never clear
// what they free, so the last non-zero byte is the heap's high-water mark (touchedBytes).

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
  /** Total current size of those memories in bytes (reserved, written or not). */
  bytes(): number;
  /**
   * Total over those memories of the offset just past the highest non-zero byte: the high-water
   * mark of what was ever written. Scans down from each memory's end, so it costs time in
   * proportion to the unwritten top (~3 ms per MB here): call it between steps, never inside a
   * timed run.
   */
  touchedBytes(): number;
}

/** The offset just past the last non-zero byte of `buffer` (0 when all of it is zero). */
export function writtenExtent(buffer: ArrayBufferLike): number {
  // Whole 32-bit words first (exact: an Int32 is zero only if its four bytes are), then the
  // bytes of the last non-zero word. A memory's size is a multiple of its 64 KiB page.
  const words = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
  const bytes = new Uint8Array(buffer);
  for (let b = buffer.byteLength - 1; b >= words.length * 4; b--) if (bytes[b] !== 0) return b + 1;
  let w = words.length - 1;
  while (w >= 0 && words[w] === 0) w--;
  if (w < 0) return 0;
  let b = w * 4 + 3;
  while (bytes[b] === 0) b--;
  return b + 1;
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
    touchedBytes: () => [...found].reduce((sum, m) => sum + writtenExtent(m.buffer), 0),
  };
}
