// Issue 22: does one inherited pass show what a grow buys? A seed network trains from scratch for
// one pass and then three more (the lineage of a parent kept three rounds, each pass a search
// child's length on other images); then, from those weights, the parent trained further (the
// round's baseline) and four grows and a width step (weight inheritance) each train one pass, and
// again --passes passes long (one schedule). Prints each change's lead over the baseline after
// both. Candidates train as the search trains them (batch 64, its learning rate, 5,000 validation
// images). About 5 minutes per seed network on one core.
//
// Run: npm run bench:grow-lift -- [--seed-ops conv1x7_7x1,conv3x3 (the seed network the 12-minute
// search keeps on seed 1)] [--seed 1] [--passes 4] [--time-budget 12m (a pass's images, as that
// search plans them)] [--out FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeMutation } from '../app/report/describe.ts';
import { parseDuration } from '../cli/search/options.ts';
import { chooseStemStride, chooseWidth, plannedCandidateImages } from '../app/search/plan-run.ts';
import { CANDIDATE_BATCH_SIZE } from '../app/search/search-loop.ts';
import type { ArchitectureWeights } from '../search/architecture/weights.ts';
import { analyticMemory } from '../search/loop/analytic-oracle.ts';
import { buildArchitecture, type SpaceInput } from '../search/space/build.ts';
import type { Genotype } from '../search/space/genotype.ts';
import {
  type Candidate,
  growCandidates,
  seedCandidates,
  widthCandidates,
} from '../search/space/grow-trim.ts';
import { inheritWeights } from '../search/space/inherit.ts';
import { loadDataset } from '../trainer/data/load-dataset.ts';
import { createLocalTrainer } from '../trainer/train/local-trainer.ts';

const { values } = parseArgs({
  options: {
    'seed-ops': { type: 'string', default: 'conv1x7_7x1,conv3x3' },
    seed: { type: 'string', default: '1' },
    passes: { type: 'string', default: '4' },
    'time-budget': { type: 'string', default: '12m' },
    out: { type: 'string' },
  },
});
const seed = Number(values.seed);
const passes = Number(values.passes);
if (!Number.isInteger(seed) || !Number.isInteger(passes) || passes < 2) {
  console.error('--seed must be an integer and --passes an integer of at least 2');
  process.exit(2);
}
let images: number;
try {
  images = plannedCandidateImages(parseDuration(values['time-budget']!, '--time-budget'));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const space: SpaceInput = { shape: [28, 28, 1], classes: 10 };
const stride = chooseStemStride(space);
const width = chooseWidth(space, 300_000, stride);
const sameOps = (ops: readonly string[], want: string): boolean =>
  [...ops].sort().join(',') === want.split(',').sort().join(',');
const seedNet = seedCandidates(width, width, stride).find((c) =>
  sameOps(c.genotype.blocks[0]!.cells[0]!.ops, values['seed-ops']!),
);
if (seedNet === undefined) {
  console.error(`--seed-ops ${values['seed-ops']} names no seed network (two of the seven operations)`);
  process.exit(2);
}
const data = await loadDataset({ source: { kind: 'fashion-mnist' }, seed, limit: { validation: 5000 } });
const trainer = createLocalTrainer();
const bytesOf = (g: Genotype): number => analyticMemory(buildArchitecture(g, space)).totalBytes;

async function train(g: Genotype, start: ArchitectureWeights | undefined, round: number, n: number) {
  const r = await trainer.train(buildArchitecture(g, space), data, {
    seed: seed + round,
    batchSize: CANDIDATE_BATCH_SIZE,
    budget: { images: n },
    ...(start === undefined ? {} : { initialWeights: start }),
  });
  return { accuracy: r.validationAccuracy, weights: r.weights };
}

/** Four grows (the seed's own cell, and three cells reading the first cell) and the width step up. */
function changesOf(parent: Genotype): Candidate[] {
  const grows = growCandidates(parent);
  const grow = (ops: string, inputs: string) =>
    grows.find(
      (c) =>
        c.mutation.kind === 'grow' &&
        sameOps(c.mutation.cell.ops, ops) &&
        [...c.mutation.cell.inputs].sort().join() === inputs,
    );
  const picks = [
    grow(seedNet!.genotype.blocks[0]!.cells[0]!.ops.join(','), '0,0'),
    grow('conv3x3,conv3x3', '0,1'),
    grow('sepConv3x3,maxPool3x3', '1,1'),
    grow('sepConv5x5,avgPool3x3', '0,1'),
    ...widthCandidates(parent).slice(0, 1),
  ];
  return picks.filter((c): c is Candidate => c !== undefined);
}

async function leads(parent: { genotype: Genotype; weights: ArchitectureWeights }, n: number) {
  const baseline = await train(parent.genotype, parent.weights, 4, n);
  const source = { architecture: buildArchitecture(parent.genotype, space), weights: parent.weights };
  const rows = [];
  for (const c of changesOf(parent.genotype)) {
    const arch = buildArchitecture(c.genotype, space);
    const r = await train(c.genotype, inheritWeights(source, arch, c.mutation, 1, 7), 4, n);
    rows.push({
      change: describeMutation(c.mutation),
      memoryBytes: bytesOf(c.genotype),
      leadPoints: (r.accuracy - baseline.accuracy) * 100,
    });
  }
  return { baselineAccuracy: baseline.accuracy, rows };
}

let parent = await train(seedNet.genotype, undefined, 0, images);
for (let round = 1; round <= 3; round++)
  parent = await train(seedNet.genotype, parent.weights, round, images);
const lineage = { genotype: seedNet.genotype, weights: parent.weights };
const one = await leads(lineage, images);
const long = await leads(lineage, images * passes);
const changes = one.rows.map((r, i) => ({
  change: r.change,
  memoryBytes: r.memoryBytes,
  leadOnePass: r.leadPoints,
  leadLong: long.rows[i]!.leadPoints,
}));
const pct = (a: number): string => `${(a * 100).toFixed(2)}%`;
console.log(
  `seed ${values['seed-ops']} (${(bytesOf(seedNet.genotype) / 1000).toFixed(1)} KB, width ${width}): ${pct(parent.accuracy)} after 4 passes of ${images} images`,
);
console.log(
  `baseline: ${pct(one.baselineAccuracy)} after one more pass, ${pct(long.baselineAccuracy)} after ${passes}`,
);
for (const c of changes)
  console.log(
    `  ${c.change} (${(c.memoryBytes / 1000).toFixed(1)} KB): ${c.leadOnePass.toFixed(2)} points after one pass, ${c.leadLong.toFixed(2)} after ${passes}`,
  );
const result = {
  command: `npm run bench:grow-lift -- ${process.argv.slice(2).join(' ')}`.trim(),
  settings: { seedOps: values['seed-ops'], seed, passes, images, width },
  parentAccuracy: parent.accuracy,
  baseline: { onePass: one.baselineAccuracy, long: long.baselineAccuracy },
  changes,
};
if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
