// Issue 22: is a round's choice decided by the network or by the noise of measuring it? For a
// finished search run, every child of every round is compared with the round's baseline (the
// parent trained as long) image by image on the run's own validation subset; prints each child's
// accuracy lead, its paired standard error, and how many of the changes the rounds chose were
// within one standard error of their baseline. In a round with a runoff, the finalists' second
// passes against the baseline's (the first passes' weights are not kept). Minutes of inference.
//
// Run: npm run bench:round-noise -- --run DIR [--out FILE (default DIR/round-noise.json)]
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetSpecFromArg } from '../app/dataset-arg.ts';
import { candidateSpec, parseRunConfig, type RunConfig } from '../app/search/run-config.ts';
import type { CandidateRecord } from '../search/loop/types.ts';
import { buildArchitecture, type SpaceInput } from '../search/space/build.ts';
import { SqliteSearchStore } from '../store/search-store.ts';
import type { ImageSet } from '../trainer/contract.ts';
import { initBackend } from '../trainer/backend/index.ts';
import { loadDataset } from '../trainer/data/load-dataset.ts';
import { buildModel } from '../trainer/model/build-model.ts';
import { correctByImage } from '../trainer/train/evaluate.ts';
import { type ChildNoise, noiseText, pairedDifference, summarizeNoise } from './round-noise/paired.ts';

const { values } = parseArgs({ options: { run: { type: 'string' }, out: { type: 'string' } } });
if (values.run === undefined) {
  console.error('--run DIR is required: a finished (or stopped) memnas search run');
  process.exit(2);
}
const dbPath = join(values.run, 'search.db');
if (!existsSync(dbPath)) {
  console.error(`${values.run} holds no search.db: give --run a memnas search run's folder`);
  process.exit(2);
}
const store = SqliteSearchStore.open(dbPath);
let config: RunConfig;
try {
  config = parseRunConfig(store.runConfig(), dbPath);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const data = await loadDataset(candidateSpec(datasetSpecFromArg(config.dataset, config.seed), config));
await initBackend('auto');
const space: SpaceInput = { shape: [...data.inputShape] as [number, number, number], classes: data.classes };

/** 1 per validation image the candidate's stored weights classify right. */
function hits(c: CandidateRecord, set: ImageSet): Uint8Array {
  const model = buildModel(buildArchitecture(c.genotype, space), { weights: store.weights(c.id)! });
  try {
    return correctByImage(model, set);
  } finally {
    model.dispose();
  }
}

const candidates = store.candidates();
const rows: ChildNoise[] = [];
for (const round of store.rounds().filter((r) => r.done && r.round > 0)) {
  const trained = candidates.filter((c) => round.picks.includes(c.id) && c.status === 'trained');
  const baseline = trained.find((c) => c.mutation.kind === 'keep');
  if (baseline === undefined) continue; // a run without weight inheritance has no baseline
  const base = hits(baseline, data.validation);
  // A store keeps each candidate's latest weights: after a runoff the baseline's are its second
  // pass, comparable only with the finalists' second passes; before one, with every first pass.
  const pass = baseline.runoffAccuracy === undefined ? 1 : 2;
  const alike = trained.filter((x) => x !== baseline && (x.runoffAccuracy === undefined) === (pass === 1));
  for (const c of alike)
    rows.push({
      round: round.round,
      id: c.id,
      kind: c.mutation.kind,
      chosen: round.nextParentId === c.id,
      pass,
      ...pairedDifference(hits(c, data.validation), base),
    });
}
store.close();
const summary = summarizeNoise(rows);
const out = values.out ?? join(values.run, 'round-noise.json');
const report = { run: values.run, validationImages: data.validation.count, ...summary, rows };
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`${noiseText(rows, summary)}\nwritten ${out}`);
