// A ProfileResult from per-batch measurements: the fixed + per-sample memory fit, the batch-1
// figures and the caveats every profile carries. Shared by the Node agent (measure/profile.ts)
// and the browser agent (browser/assemble.ts), which add their own method notes first; pure, so
// the browser bundle can import it.
import { MIN_RUNS } from '../defaults.ts';
import type {
  BatchMeasurement,
  DeviceDescription,
  JobSpec,
  MemoryMethod,
  ProfileResult,
  RuntimeDescription,
} from '../protocol.ts';
import { PROTOCOL_VERSION } from '../protocol.ts';
import { fitLine } from './stats.ts';

export interface ProfileParts {
  readonly modelSha256: string;
  readonly modelBytes: number;
  readonly device: DeviceDescription;
  readonly spec: JobSpec;
  /** In the order measured; at least one. */
  readonly batches: readonly BatchMeasurement[];
  /** The runtime that measured (the first batch's). */
  readonly runtime: RuntimeDescription;
  readonly method: MemoryMethod;
  /** Method-specific notes, placed before the common ones. */
  readonly notes: readonly string[];
  /** Why memory may grow in steps with the batch size (the arena, the WebAssembly memory). */
  readonly stepCause: string;
  /** Why the fitted fixed part may come out below zero. */
  readonly negativeFixedCause: string;
}

export function assembleProfile(p: ProfileParts): ProfileResult {
  const { batches, device, spec } = p;
  const notes = [...p.notes];
  const samples = batches.map((b) => ({ batch: b.batch, peakBytes: b.peakBytes }));
  const fit = fitLine(samples.map((s) => ({ x: s.batch, y: s.peakBytes })));
  if (fit !== null && fit.r2 < 0.9)
    notes.push(
      `memory is not linear in the batch size (r² = ${fit.r2.toFixed(3)}): ${p.stepCause}, so treat the fit as a rough guide`,
    );
  if (fit !== null && fit.fixedBytes < 0)
    notes.push(
      `the fitted fixed part is below zero: ${p.negativeFixedCause}, so read the per-batch peaks rather than the fit`,
    );

  const one = batches.find((b) => b.batch === 1);
  const smallest = batches.reduce((a, b) => (b.batch < a.batch ? b : a));
  const top = one ?? smallest;
  let peakMemoryBytes = top.peakBytes;
  if (one === undefined) {
    if (fit !== null) {
      peakMemoryBytes = Math.max(0, Math.round(fit.fixedBytes + fit.perSampleBytes));
      notes.push('batch 1 was not measured: peakMemoryBytes is the fit at batch 1');
    } else {
      notes.push(`batch 1 was not measured: peakMemoryBytes is the peak at batch ${smallest.batch}`);
    }
  }
  if (spec.runs < MIN_RUNS)
    notes.push(`only ${spec.runs} timed runs (the protocol asks for ${MIN_RUNS}): p90/p99 are coarse`);
  if (p.runtime.name !== device.runtime.name || p.runtime.version !== device.runtime.version)
    notes.push(
      `measured with ${p.runtime.name} ${p.runtime.version}, not the device's ${device.runtime.name} ${device.runtime.version}`,
    );

  return {
    protocol: PROTOCOL_VERSION,
    modelSha256: p.modelSha256,
    modelBytes: p.modelBytes,
    device,
    runtime: p.runtime,
    sessionOptions: device.sessionOptions,
    latencyBatch: top.batch,
    loadMs: top.loadMs,
    latencyMs: top.latencyMs,
    peakMemoryBytes,
    memory: {
      method: p.method,
      fixedBytes: fit === null ? null : Math.round(fit.fixedBytes),
      perSampleBytes: fit === null ? null : Math.round(fit.perSampleBytes),
      fit,
      samples,
    },
    runs: spec.runs,
    warmup: spec.warmup,
    batches,
    measuredAt: new Date().toISOString(),
    notes,
  };
}
