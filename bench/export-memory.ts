// Measured peak memory of the lean export vs the naive one (no folding, file order) in
// onnxruntime-node, for a fixed set of networks: each model is profiled by the same local
// measurement the agents use (fresh process per batch, VmHWM above a paged-in baseline).
// Run: npm run bench:export-memory [-- --json]
import { exportArchitecture } from '../exporter/export-model.ts';
import { exampleArchitectures } from '../examples/example-architectures.ts';
import { profileLocal } from '../profiler-agent/local.ts';
import { parseArchitecture } from '../search/architecture/parse.ts';
import { randomWeights } from '../search/architecture/random-weights.ts';
import { buildArchitecture } from '../search/space/build.ts';
import { randomGenotype } from '../search/space/random.ts';

const BATCHES = [1, 32];
const json = process.argv.includes('--json');

const networks = {
  ...exampleArchitectures(),
  'random-3': buildArchitecture(randomGenotype(3), { shape: [28, 28, 1], classes: 10 }, 'random-3'),
  'random-17': buildArchitecture(randomGenotype(17), { shape: [28, 28, 1], classes: 10 }, 'random-17'),
};

interface Row {
  network: string;
  batch: number;
  naiveBytes: number;
  leanBytes: number;
  savingBytes: number;
}

const rows: Row[] = [];
for (const [name, raw] of Object.entries(networks)) {
  const arch = parseArchitecture(raw);
  const weights = randomWeights(arch, 1);
  const peaks = async (lean: boolean) => {
    const { bytes } = exportArchitecture(arch, weights, { lean });
    const result = await profileLocal(bytes, { batches: BATCHES, runs: 50, warmup: 3 });
    return new Map(result.memory.samples.map((s) => [s.batch, s.peakBytes]));
  };
  const naive = await peaks(false);
  const lean = await peaks(true);
  for (const batch of BATCHES) {
    const row = { network: name, batch, naiveBytes: naive.get(batch)!, leanBytes: lean.get(batch)! };
    rows.push({ ...row, savingBytes: row.naiveBytes - row.leanBytes });
    if (!json) {
      const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;
      console.log(`${name.padEnd(16)} batch ${String(batch).padStart(2)}: naive ${kb(row.naiveBytes).padStart(10)}  lean ${kb(row.leanBytes).padStart(10)}  saving ${kb(row.naiveBytes - row.leanBytes)}`);
    }
  }
}
const worse = rows.filter((r) => r.leanBytes > r.naiveBytes);
const summary = {
  machine: `${(await import('node:os')).cpus()[0]?.model ?? 'unknown'}, ${(await import('node:os')).cpus().length} cores`,
  rows,
  leanNeverHigher: worse.length === 0,
  totalSavingBytes: rows.reduce((s, r) => s + r.savingBytes, 0),
};
console.log(JSON.stringify(summary));
process.exitCode = worse.length === 0 ? 0 : 1;
