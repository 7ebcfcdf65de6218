// What "peak memory" means for the browser agent, and how to predict it. The agent measures the
// growth of the WebAssembly memory onnxruntime-web runs in ('wasm-memory'). That memory starts at
// 16 MiB, part of it already used by the runtime, and grows only when an allocation does not fit —
// and then not to the size needed but, as Emscripten's heap resize does, to the larger of the
// request and 1.2 × the current size, in 64 KiB pages. So the measured growth is a step function
// of what the run needs: 0 while the need fits in the headroom, then 3.25, 7.13, 11.75, 17.31,
// 24.0 … MiB (the "ladder"; 20% apart), or exactly the request when one allocation jumps past a
// step. A browser calibration therefore predicts the growth the agent will measure: a linear need
// (the same features as on Node) minus the headroom, rounded up to the ladder. It is fitted to
// the middle of the step each measurement proves the need lies in, with the headroom chosen by a
// search over a grid (the share of calibration measurements it predicts right).

/** onnxruntime-web's initial WebAssembly memory. */
export const WASM_INITIAL_BYTES = 16 * 1024 * 1024;
const PAGE = 65_536;
const FACTOR = 1.2;

export interface WasmGrowth {
  readonly initialBytes: number;
  /** Bytes of the initial memory already in use when the measurement's baseline is taken. */
  readonly headroomBytes: number;
}

/** Growth levels above the initial size, ascending, up to past `limit`. */
function levels(initial: number, limit: number): number[] {
  const out: number[] = [];
  for (let size = initial; out.length === 0 || out[out.length - 1]! < limit;) {
    size = Math.ceil((size * FACTOR) / PAGE) * PAGE;
    out.push(size - initial);
    if (out.length > 200) break;
  }
  return out;
}

/** The growth the agent will measure for a run needing `needBytes` beyond the headroom. */
export function ladderGrowth(needBytes: number, initialBytes = WASM_INITIAL_BYTES): number {
  if (needBytes <= 0) return 0;
  return levels(initialBytes, needBytes).find((l) => l >= needBytes) ?? needBytes;
}

/** The middle of the step a measured growth proves the need lies in. */
export function stepMiddle(growthBytes: number, initialBytes = WASM_INITIAL_BYTES): number {
  let below = 0;
  for (const l of levels(initialBytes, growthBytes)) {
    if (l >= growthBytes - PAGE) break;
    below = l;
  }
  return (below + growthBytes) / 2;
}
