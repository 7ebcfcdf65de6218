// Issue 22's baseline: the grow-trim search with its controller against the same loop picking at
// random (`memnas search --picker random`: same training and final training), on the same time
// budget, memory budget and seeds. Per seed and picker it reports the best test accuracy within
// the budget, the front's hypervolume (accuracy × memory saved, reference at the budget) and the
// candidates trained; PASS when the controller leads by ≥ 0.5 pt with a larger hypervolume on
// every seed. About 4 × 12 minutes plus final training with the defaults.
//
// Run: npm run bench:search-vs-random -- [--seeds 0,1] [--time-budget 12m] [--memory-budget 300KB]
// [--dataset fashion-mnist] [--run-dir DIR (reuse finished runs, resume unfinished ones)]
// [--out DIR]. Writes DIR/comparison.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { byteSize } from '../cli/args.ts';
import { parseDuration } from '../cli/search/options.ts';
import { runFigures, type SummaryLike } from './search-vs-random/figures.ts';
import {
  type BenchSettings,
  parseSeeds,
  planRuns,
  reuseMismatch,
  type RunIdentity,
  searchArgs,
  type Picker,
} from './search-vs-random/plan.ts';
import { judgeSeed, verdictText } from './search-vs-random/verdict.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1' },
    'time-budget': { type: 'string', default: '12m' },
    'memory-budget': { type: 'string', default: '300KB' },
    dataset: { type: 'string', default: 'fashion-mnist' },
    'run-dir': { type: 'string' },
    out: { type: 'string' },
  },
});
let settings: BenchSettings;
let budgetBytes: number;
let budgetSeconds: number;
try {
  settings = {
    dataset: values.dataset,
    timeBudget: values['time-budget'],
    memoryBudget: values['memory-budget'],
    seeds: parseSeeds(values.seeds),
  };
  budgetBytes = byteSize(settings.memoryBudget, '--memory-budget');
  budgetSeconds = parseDuration(settings.timeBudget, '--time-budget');
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const out = values['run-dir'] ?? values.out ?? mkdtempSync(join(tmpdir(), 'memnas-vs-random-'));
mkdirSync(out, { recursive: true });
const bin = fileURLToPath(new URL('../bin/memnas.js', import.meta.url));
const started = performance.now();

const summaries = new Map<string, SummaryLike>();
for (const run of planRuns(settings.seeds, out)) {
  const summaryPath = join(run.dir, 'summary.json');
  if (!existsSync(summaryPath)) {
    const args = searchArgs(run, settings, existsSync(join(run.dir, 'search.db')));
    console.error(`\n== seed ${run.seed}, ${run.picker}: memnas ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`memnas ${args.join(' ')} failed with exit ${r.status}; rerun with --run-dir ${out}`);
      process.exit(1);
    }
  } else console.error(`== seed ${run.seed}, ${run.picker}: reusing ${summaryPath}`);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryLike & RunIdentity;
  const mismatch = reuseMismatch(summary, run, { bytes: budgetBytes, seconds: budgetSeconds });
  if (mismatch !== null) {
    console.error(mismatch);
    process.exit(1);
  }
  summaries.set(`${run.seed}/${run.picker}`, summary);
}

const figures = (seed: number, picker: Picker) =>
  runFigures(summaries.get(`${seed}/${picker}`)!, budgetBytes);
const verdicts = settings.seeds.map((seed) =>
  judgeSeed(seed, figures(seed, 'controller'), figures(seed, 'random')),
);
const pass = verdicts.every((v) => v.pass);
const comparison = {
  machine: 'see README (measured on the machine that ran this script)',
  settings: { ...settings, memoryBudgetBytes: budgetBytes },
  wallClockSeconds: Math.round((performance.now() - started) / 1000),
  runs: Object.fromEntries(planRuns(settings.seeds, out).map((r) => [`seed-${r.seed}/${r.picker}`, r.dir])),
  seeds: verdicts,
  pass,
};
writeFileSync(join(out, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n');
console.log(`\n${verdictText(verdicts)}\nwritten ${join(out, 'comparison.json')}`);
process.exitCode = pass ? 0 : 1;
