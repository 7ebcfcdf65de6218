// A browser profile's ProfileResult from its per-batch measurements: the same fields, fit and
// caveats as the Node agent's (measure/assemble-result.ts), plus what a reader must know about
// the 'wasm-heap' method.
import { assembleProfile } from '../measure/assemble-result.ts';
import { percentile } from '../measure/stats.ts';
import type { DeviceDescription, JobSpec, ProfileResult } from '../protocol.ts';
import type { BrowserMeasureOutcome } from './measure-batch.ts';
import { sessionOptionsNote } from './session-options.ts';
import { sha256 } from './sha256.ts';

export const WASM_HEAP_NOTE =
  'peak memory: rise of the highest byte onnxruntime-web ever wrote in its WebAssembly memory above that mark after the runtime ran a trivial model, one fresh frame per batch size ' +
  "(written pages are what costs resident memory; the memory itself is reserved in ~20% steps: reservedPeakBytes); a written byte stays written, so the run peak includes the load's";

/**
 * What a reader must know when the page was not cross-origin isolated (plain http at a LAN
 * address: not a secure context, so COOP/COEP are ignored): its clock was coarse. Null when it
 * was isolated, or the device did not say (agents before the field).
 */
export function isolationNote(device: DeviceDescription): string | null {
  if (device.crossOriginIsolated !== false) return null;
  const step =
    device.timerResolutionMs === undefined
      ? ''
      : ` performance.now() moved in steps of ${(device.timerResolutionMs * 1000).toFixed(0)} µs,`;
  return (
    `not cross-origin isolated: the page was not isolated (served over plain http at a non-localhost address?);${step} ` +
    'so latencies near that step are mostly the clock; serve the page over https (memnas serve --tls) for fine timers'
  );
}

/**
 * The medians of the first and second half of the timed runs when they differ by more than 25%
 * (the optimizing compiler landing mid-measurement, or the machine's load changing), else null.
 */
export function latencyDrift(latenciesMs: readonly number[]): { first: number; second: number } | null {
  if (latenciesMs.length < 10) return null;
  const half = Math.floor(latenciesMs.length / 2);
  const first = percentile(latenciesMs.slice(0, half), 50);
  const second = percentile(latenciesMs.slice(half), 50);
  const ratio = Math.max(first, second) / Math.max(Math.min(first, second), 1e-9);
  return ratio > 1.25 ? { first, second } : null;
}

export function assembleBrowserResult(
  bytes: Uint8Array,
  device: DeviceDescription,
  spec: JobSpec,
  outcomes: readonly BrowserMeasureOutcome[],
): ProfileResult {
  const batches = outcomes.map((o) => o.measurement);
  const first = outcomes[0]!;
  const notes: string[] = [WASM_HEAP_NOTE, sessionOptionsNote(device.sessionOptions)];
  const isolation = isolationNote(device);
  if (isolation !== null) notes.push(isolation);

  for (const b of batches) {
    const drift = latencyDrift(b.latenciesMs);
    if (drift !== null) {
      notes.push(
        `batch ${b.batch}: the timed runs' median moved from ${drift.first.toFixed(3)} ms (first half) to ${drift.second.toFixed(3)} ms (second half); ` +
          'the browser was probably still optimizing the WebAssembly code, so measure with more warm-up',
      );
    }
  }

  return assembleProfile({
    modelSha256: sha256(bytes),
    modelBytes: bytes.byteLength,
    device,
    spec,
    batches,
    runtime: first.runtime,
    method: 'wasm-heap',
    notes,
    stepCause: "the runtime's allocator reuses freed blocks unevenly",
    negativeFixedCause: 'the heap has free blocks left by the trivial model that small batches reuse',
  });
}
