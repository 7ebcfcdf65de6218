// Small inputs for the coordinator tests: a tiny ONNX model built in the repo, a device
// description and a ProfileResult shaped like an agent's.
import { OnnxModelBuilder } from '../../../exporter/onnx/model-builder.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../../profiler-agent/defaults.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import type { DeviceDescription, JobSpec, ProfileResult } from '../../../profiler-agent/protocol.ts';

/** x [N, 4] → Relu → y: a few dozen bytes, fast to load in any runtime. */
export function tinyModel(width = 4): Uint8Array {
  return new OnnxModelBuilder()
    .input('x', ['N', width])
    .node('Relu', ['x'], ['y'])
    .output('y', ['N', width])
    .toBytes();
}

export function device(name: string, tags: readonly string[] = []): DeviceDescription {
  return {
    name,
    tags,
    cpuModel: 'Test CPU',
    cores: 4,
    memoryBytes: 4e9,
    os: 'linux',
    arch: 'arm64',
    runtime: { name: 'ort-node', version: '1.30.0' },
    sessionOptions: DEFAULT_SESSION_OPTIONS,
  };
}

export const SPEC: JobSpec = { batches: [1, 2], runs: 50, warmup: 2, timeoutMs: 60_000 };

/** A complete, valid result for `model` measured on `d`. */
export function fakeResult(model: Uint8Array, d: DeviceDescription): ProfileResult {
  const latencyMs = { first: 2, p50: 1, p90: 1.5, p99: 2, mean: 1.1, std: 0.2 };
  const batch = (b: number, peak: number) => ({
    batch: b,
    baselineBytes: 1e6,
    peakBytes: peak,
    loadMs: 3,
    latencyMs,
    latenciesMs: [1, 1, 1.5, 2],
  });
  return {
    protocol: 1,
    modelSha256: sha256(model),
    modelBytes: model.byteLength,
    device: d,
    runtime: d.runtime,
    sessionOptions: d.sessionOptions,
    latencyBatch: 1,
    loadMs: 3,
    latencyMs,
    peakMemoryBytes: 1000,
    memory: {
      method: 'vmhwm-reset',
      fixedBytes: 600,
      perSampleBytes: 400,
      fit: { fixedBytes: 600, perSampleBytes: 400, r2: 1, maxResidualBytes: 0 },
      samples: [
        { batch: 1, peakBytes: 1000 },
        { batch: 2, peakBytes: 1400 },
      ],
    },
    runs: 4,
    warmup: 1,
    batches: [batch(1, 1000), batch(2, 1400)],
    measuredAt: new Date(0).toISOString(),
    notes: [],
  };
}
