// Measured peak memory of the lean export vs the naive one (no folding, file order) in
// onnxruntime-node, for a fixed set of networks: each model is profiled by the same local
// measurement the agents use (fresh process per batch, VmHWM above a paged-in baseline).
// Run: npm run bench:export-memory [-- --json] [-- --repeats=3]
import { exportArchitecture } from '../exporter/export-model.ts';
import { exampleArchitectures } from '../examples/example-architectures.ts';
import { profileLocal } from '../profiler-agent/local.ts';
import { parseArchitecture } from '../search/architecture/parse.ts';
import { randomWeights } from '../search/architecture/random-weights.ts';
import { buildArchitecture } from '../search/space/build.ts';
import { randomGenotype } from '../search/space/random.ts';

const BATCHES = [1, 32];
// VmHWM moves between fresh processes (tens of KB at batch 1, ±3% at batch 32 seen), so each
// model is profiled REPEATS times; medians are compared, and "lean is higher" only counts when
// the difference exceeds the spread the repeats themselves showed.
const REPEATS = Number(process.argv.find((a) => a.startsWith('--repeats='))?.split('=')[1] ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const json = process.argv.includes('--json');

const networks = {
  ...exampleArchitectures(),
  'random-3': buildArchitecture(randomGenotype(3), { shape: [28, 28, 1], classes: 10 }, 'random-3'),
  'random-17': buildArchitecture(randomGenotype(17), { shape: [28, 28, 1], classes: 10 }, 'random-17'),
};

interface Row {
  network: string;
  batch: number;
  /** Medians of the repeats. */
  naiveBytes: number;
  leanBytes: number;
  savingBytes: number;
  /** Largest max − min of either export's repeats at this batch. */
  noiseBytes: number;
}

const rows: Row[] = [];
for (const [name, raw] of Object.entries(networks)) {
  const arch = parseArchitecture(raw);
  const weights = randomWeights(arch, 1);
  const peaks = async (lean: boolean) => {
    const { bytes } = exportArchitecture(arch, weights, { lean });
    const samples = new Map<number, number[]>(BATCHES.map((b) => [b, []]));
    for (let r = 0; r < REPEATS; r++) {
      const result = await profileLocal(bytes, { batches: BATCHES, runs: 50, warmup: 3 });
      for (const s of result.memory.samples) samples.get(s.batch)!.push(s.peakBytes);
    }
    return {
      median: new Map([...samples].map(([b, xs]) => [b, median(xs)])),
      spread: new Map([...samples].map(([b, xs]) => [b, Math.max(...xs) - Math.min(...xs)])),
    };
  };
  const naive = await peaks(false);
  const lean = await peaks(true);
  for (const batch of BATCHES) {
    const row = {
      network: name,
      batch,
      naiveBytes: naive.median.get(batch)!,
      leanBytes: lean.median.get(batch)!,
      noiseBytes: Math.max(naive.spread.get(batch)!, lean.spread.get(batch)!),
    };
    rows.push({ ...row, savingBytes: row.naiveBytes - row.leanBytes });
    if (!json) {
      const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;
      console.log(
        `${name.padEnd(16)} batch ${String(batch).padStart(2)}: naive ${kb(row.naiveBytes).padStart(10)}  lean ${kb(row.leanBytes).padStart(10)}  saving ${kb(row.naiveBytes - row.leanBytes).padStart(9)}   (repeats spread ${kb(row.noiseBytes)})`,
      );
    }
  }
}
const worse = rows.filter((r) => r.leanBytes - r.naiveBytes > r.noiseBytes);
const summary = {
  machine: `${(await import('node:os')).cpus()[0]?.model ?? 'unknown'}, ${(await import('node:os')).cpus().length} cores`,
  rows,
  leanNeverHigherBeyondNoise: worse.length === 0,
  totalSavingBytes: rows.reduce((s, r) => s + r.savingBytes, 0),
};
console.log(JSON.stringify(summary));
process.exitCode = worse.length === 0 ? 0 : 1;
