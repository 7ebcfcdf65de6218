// A browser profile's ProfileResult from its per-batch measurements: the same fields, fit and
// caveats as the Node agent's (measure/assemble-result.ts), plus what a reader must know about
// the 'wasm-memory' method.
import { assembleProfile } from '../measure/assemble-result.ts';
import { percentile } from '../measure/stats.ts';
import type { DeviceDescription, JobSpec, ProfileResult } from '../protocol.ts';
import type { BrowserMeasureOutcome } from './measure-batch.ts';
import { sessionOptionsNote } from './session-options.ts';
import { sha256 } from './sha256.ts';

/**
 * Batches a browser job should measure unless it has reason not to: onnxruntime-web's memory
 * starts at 16 MiB and only grows when a run needs more, so small models show no growth at all
 * at the Node defaults (1, 8, 32) — MobileNetV2-0.35 at 32×32 first grew between batch 32 and
 * 128 in headless Chromium. 64 and 256 grow it for networks of that size.
 */
export const BROWSER_DEFAULT_BATCHES: readonly number[] = Object.freeze([1, 64, 256]);

export const WASM_MEMORY_NOTE =
  'peak memory: growth of the WebAssembly memory above its size after the runtime ran a trivial model, one fresh frame per batch size; ' +
  'it starts at 16 MiB and grows in steps (about 20% at a time), so small needs show as 0 and the fit is coarse';

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
  const notes: string[] = [WASM_MEMORY_NOTE, sessionOptionsNote(device.sessionOptions)];

  for (const b of batches) {
    const drift = latencyDrift(b.latenciesMs);
    if (drift !== null) {
      notes.push(
        `batch ${b.batch}: the timed runs' median moved from ${drift.first.toFixed(3)} ms (first half) to ${drift.second.toFixed(3)} ms (second half); ` +
          'the browser was probably still optimizing the WebAssembly code, so measure with more warm-up',
      );
    }
  }

  if (batches.every((b) => b.peakBytes === 0)) {
    notes.push(
      `the WebAssembly memory did not grow at any batch size measured: measure larger batches (e.g. ${BROWSER_DEFAULT_BATCHES.join(', ')}) to see the per-sample cost`,
    );
  }
  return assembleProfile({
    modelSha256: sha256(bytes),
    modelBytes: bytes.byteLength,
    device,
    spec,
    batches,
    runtime: first.runtime,
    method: 'wasm-memory',
    notes,
    stepCause: 'the WebAssembly memory grows in steps',
    negativeFixedCause: 'the initial 16 MiB absorbs small batches',
  });
}
