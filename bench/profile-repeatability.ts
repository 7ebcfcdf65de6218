// Repeatability of the local profiler (issues 5 and 20): profile one model 5 times on this
// machine and compare each run's peak memory (batch 1) and p50 latency with their medians —
// peak memory must stay within ±5%, p50 within ±10%. p50 is the result's own (the estimator it
// names in latencyMs.estimator); the runs' plain median (runsP50) and the CPU time per run
// (cpuP50) are shown beside it, so a miss says whether runs waited or worked slower. The default
// model is the MobileNetV2-28 example; pass a path to profile another. Last line: one JSON object.
//
//   npx tsx bench/profile-repeatability.ts [model.onnx] [--repeats 5] [--runs 50] [--batches 1,8,32] [--seed S: a random candidate instead of the MobileNetV2 example]
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { exportArchitecture } from '../exporter/export-model.ts';
import { mobileNetV2For28 } from '../examples/example-architectures.ts';
import { parseArchitecture } from '../search/architecture/parse.ts';
import { randomWeights } from '../search/architecture/random-weights.ts';
import { buildArchitecture } from '../search/space/build.ts';
import { randomGenotype } from '../search/space/random.ts';
import { profileLocal } from '../profiler-agent/local.ts';
import { percentile } from '../profiler-agent/measure/stats.ts';
import type { ProfileResult } from '../profiler-agent/protocol.ts';
import { formatBytes } from '../profiler-agent/report.ts';

const PEAK_TOLERANCE = 0.05;
const P50_TOLERANCE = 0.1;

const { values, positionals } = parseArgs({
  options: {
    repeats: { type: 'string' },
    runs: { type: 'string' },
    batches: { type: 'string' },
    seed: { type: 'string' },
  },
  allowPositionals: true,
});
const repeats = Number(values.repeats ?? 5);
const runs = Number(values.runs ?? 50);
const batches = (values.batches ?? '1,8,32').split(',').map(Number);
const seed = Number(values.seed ?? 0);

/** The MobileNetV2-style example (examples/mobilenetv2-28.json), or with --seed a random candidate. */
function defaultModel(): { name: string; bytes: Uint8Array } {
  if (values.seed === undefined) {
    const arch = parseArchitecture(mobileNetV2For28());
    return {
      name: 'examples/mobilenetv2-28.json',
      bytes: exportArchitecture(arch, randomWeights(arch, 0)).bytes,
    };
  }
  const arch = parseArchitecture(
    buildArchitecture(randomGenotype(seed), { shape: [28, 28, 1], classes: 10 }, `random-${seed}`),
  );
  return {
    name: `random memnas candidate (seed ${seed})`,
    bytes: exportArchitecture(arch, randomWeights(arch, seed)).bytes,
  };
}

interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Largest |value − median| / median. */
  readonly maxDeviation: number;
  readonly values: readonly number[];
}

function spread(xs: readonly number[]): Spread {
  const median = percentile(xs, 50);
  const maxDeviation = median === 0 ? 0 : Math.max(...xs.map((x) => Math.abs(x - median) / median));
  return { median, min: Math.min(...xs), max: Math.max(...xs), maxDeviation, values: xs };
}

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');
const loadBefore = loadavg();
const model =
  positionals[0] === undefined
    ? defaultModel()
    : { name: positionals[0], bytes: readFileSync(positionals[0]) };
console.log(
  `profiling ${model.name} (${formatBytes(model.bytes.byteLength)}) ${repeats}× locally: batches ${batches.join(',')}, ${runs} runs each\n`,
);

const optional = (v: number | undefined): string => (v === undefined ? 'n/a' : `${v.toFixed(3)} ms`);
const results: ProfileResult[] = [];
for (let i = 0; i < repeats; i++) {
  const r = await profileLocal(model.bytes, { batches, runs });
  results.push(r);
  const fit =
    r.memory.fit === null
      ? ''
      : `, fit ${formatBytes(r.memory.fit.fixedBytes)} + ${formatBytes(r.memory.fit.perSampleBytes)}/sample`;
  console.log(
    `#${i + 1}: peak ${formatBytes(r.peakMemoryBytes)}, p50 ${r.latencyMs.p50.toFixed(3)} ms (runs' median ${optional(r.latencyMs.runsP50)}, p90 ${r.latencyMs.p90.toFixed(3)}, CPU ${optional(r.latencyMs.cpuP50)}), load ${r.loadMs.toFixed(1)} ms${fit}`,
  );
}

const peak = spread(results.map((r) => r.peakMemoryBytes));
const p50 = spread(results.map((r) => r.latencyMs.p50));
const runsP50 = spread(results.map((r) => r.latencyMs.runsP50 ?? r.latencyMs.p50));
const cpuP50 = spread(results.map((r) => r.latencyMs.cpuP50 ?? 0));
const perSample = spread(results.map((r) => r.memory.perSampleBytes ?? 0));
const verdict = (s: Spread, tol: number): string =>
  `${(s.maxDeviation * 100).toFixed(1)}% (target ±${tol * 100}%: ${s.maxDeviation <= tol ? 'PASS' : 'MISS'})`;
console.log(
  `\npeak memory (batch 1): median ${formatBytes(peak.median)}, range ${formatBytes(peak.min)}–${formatBytes(peak.max)}, max deviation ${verdict(peak, PEAK_TOLERANCE)}`,
);
console.log(
  `p50 latency (batch 1): median ${p50.median.toFixed(3)} ms, range ${p50.min.toFixed(3)}–${p50.max.toFixed(3)} ms, max deviation ${verdict(p50, P50_TOLERANCE)}`,
);
console.log(
  `  estimator ${results[0]?.latencyMs.estimator ?? 'percentile'} (blocks ${results[0]?.latencyMs.blocks?.join('+') ?? 'n/a'} runs); the runs' plain median: ${runsP50.median.toFixed(3)} ms, max deviation ${(runsP50.maxDeviation * 100).toFixed(1)}%; CPU per run (same estimator): ${cpuP50.median.toFixed(3)} ms, max deviation ${(cpuP50.maxDeviation * 100).toFixed(1)}%`,
);
const loadAfter = loadavg();
console.log(
  `machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after (a shared machine: quote figures with it)`,
);
console.log(
  `per-sample memory:     median ${formatBytes(perSample.median)}, max deviation ${(perSample.maxDeviation * 100).toFixed(1)}% (informational)`,
);
console.log(
  JSON.stringify({
    bench: 'profile-repeatability',
    model: model.name,
    modelSha256: results[0]?.modelSha256,
    repeats,
    runs,
    batches,
    device: results[0]?.device,
    peakMemoryBytes: { ...peak, tolerance: PEAK_TOLERANCE, pass: peak.maxDeviation <= PEAK_TOLERANCE },
    p50Ms: { ...p50, tolerance: P50_TOLERANCE, pass: p50.maxDeviation <= P50_TOLERANCE },
    estimator: results[0]?.latencyMs.estimator ?? 'percentile',
    blocks: results[0]?.latencyMs.blocks ?? null,
    runsP50Ms: runsP50,
    cpuP50Ms: cpuP50,
    loadavg: { before: loadBefore, after: loadAfter },
    perSampleBytes: perSample,
  }),
);
