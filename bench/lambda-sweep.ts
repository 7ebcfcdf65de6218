// Issue 22, item 3: does λ order the winners? One `memnas search` per λ on the same dataset,
// budgets and seed; then each winner trained again alike (`memnas train best.json --epochs E`,
// from scratch, batch size as the search's final training) once per training seed, two at a time.
// PASS when the winners' memory and their mean accuracy trained alike both rise with λ; the runs'
// own final test accuracies are reported beside. About 3 × the time budget, then the trainings.
//
// Run: npm run bench:lambda-sweep -- [--lambdas 0.2,0.5,0.8] [--time-budget 12m]
// [--memory-budget 300KB] [--seed 0] [--epochs 8] [--train-seeds 0,1] [--dataset fashion-mnist]
// [--run-dir DIR (reuse finished runs and trainings, resume unfinished runs)]. Writes
// DIR/lambda-sweep.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { byteSize } from '../cli/args.ts';
import { FINAL_BATCH_SIZE } from '../app/search/finish-run.ts';
import { memnas, memnasAsync, twoAtATime } from './memnas-cli.ts';
import { parseTrainOutput, trainArgs, type TrainSettings } from './proxy-fidelity/train-run.ts';
import { memoryOf } from './search-vs-random/figures.ts';
import { parseSeeds } from './search-vs-random/plan.ts';
import {
  parseLambdas,
  planSweep,
  type SweepRun,
  type SweepRunIdentity,
  sweepReuseMismatch,
  sweepSearchArgs,
  type SweepSettings,
} from './lambda-sweep/plan.ts';
import { judgeSweep, type SweepRow, sweepText } from './lambda-sweep/verdict.ts';

const { values } = parseArgs({
  options: {
    lambdas: { type: 'string', default: '0.2,0.5,0.8' },
    'time-budget': { type: 'string', default: '12m' },
    'memory-budget': { type: 'string', default: '300KB' },
    seed: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '8' },
    'train-seeds': { type: 'string', default: '0,1' },
    dataset: { type: 'string', default: 'fashion-mnist' },
    'run-dir': { type: 'string' },
  },
});
let settings: SweepSettings;
let budgetBytes: number;
let trainSeeds: number[];
const epochs = Number(values.epochs);
try {
  if (!/^\d+$/.test(values.seed)) throw new Error(`--seed takes a whole number, got '${values.seed}'`);
  if (!(epochs > 0)) throw new Error(`--epochs takes a positive number, got '${values.epochs}'`);
  settings = {
    dataset: values.dataset,
    timeBudget: values['time-budget'],
    memoryBudget: values['memory-budget'],
    seed: Number(values.seed),
    lambdas: parseLambdas(values.lambdas),
  };
  budgetBytes = byteSize(settings.memoryBudget, '--memory-budget');
  trainSeeds = parseSeeds(values['train-seeds'], '--train-seeds');
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const out = values['run-dir'] ?? mkdtempSync(join(tmpdir(), 'memnas-lambda-sweep-'));
mkdirSync(out, { recursive: true });
const started = performance.now();

interface WinnerSummary extends SweepRunIdentity {
  readonly best: {
    readonly id: number;
    readonly architecture: string;
    readonly testAccuracy: number | null;
    readonly totalBytes: number;
    readonly measured?: { readonly peakMemoryBytes: number };
    readonly cellsPerBlock: number;
    readonly grew: boolean;
  };
}

/** The run's summary, searching (or resuming) first when it has none. */
function finishedRun(run: SweepRun): WinnerSummary {
  const summaryPath = join(run.dir, 'summary.json');
  if (!existsSync(summaryPath)) {
    const args = sweepSearchArgs(run, settings, existsSync(join(run.dir, 'search.db')));
    console.error(`\n== λ ${run.lambda}: memnas ${args.join(' ')}`);
    memnas(args);
  } else console.error(`== λ ${run.lambda}: reusing ${summaryPath}`);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as WinnerSummary;
  const mismatch = sweepReuseMismatch(summary, run, settings.seed, budgetBytes);
  if (mismatch !== null) {
    console.error(mismatch);
    process.exit(1);
  }
  return summary;
}

const trainSettings = (seed: number): TrainSettings => ({
  dataset: settings.dataset,
  budget: { epochs },
  batchSize: FINAL_BATCH_SIZE,
  seed,
});

/** One winner trained from scratch with one training seed (reused when its train.json exists). */
async function retrain(run: SweepRun, s: WinnerSummary, seed: number): Promise<number> {
  // Named by winner and epochs too, so a rerun with other settings never reuses a stale training.
  const dir = join(out, `train-lambda-${run.lambda}-candidate-${s.best.id}-${epochs}ep-seed-${seed}`);
  const done = join(dir, 'train.json');
  if (existsSync(done)) return parseTrainOutput(readFileSync(done, 'utf8'), done).testAccuracy;
  console.error(
    `training λ ${run.lambda}'s winner (candidate ${s.best.id}) for ${epochs} epochs, seed ${seed}`,
  );
  const text = await memnasAsync(trainArgs(join(run.dir, s.best.architecture), trainSettings(seed), dir));
  return parseTrainOutput(text, `memnas train (λ ${run.lambda}, seed ${seed})`).testAccuracy;
}

const runs = planSweep(settings.lambdas, out);
const summaries = runs.map(finishedRun);
const jobs = runs.flatMap((run, i) => trainSeeds.map((seed) => ({ run, summary: summaries[i]!, seed })));
const accuracy = new Map<string, number>();
await twoAtATime(jobs, async (j) => {
  accuracy.set(`${j.run.lambda}/${j.seed}`, await retrain(j.run, j.summary, j.seed));
});

const rows: SweepRow[] = runs.map((run, i) => {
  const b = summaries[i]!.best;
  return {
    lambda: run.lambda,
    bestId: b.id,
    memoryBytes: memoryOf(b),
    cellsPerBlock: b.cellsPerBlock,
    grew: b.grew,
    runTestAccuracy: b.testAccuracy,
    retrained: trainSeeds.map((seed) => accuracy.get(`${run.lambda}/${seed}`)!),
  };
});
const verdict = judgeSweep(rows);
const report = {
  machine: 'see README (measured on the machine that ran this script)',
  settings: { ...settings, memoryBudgetBytes: budgetBytes },
  trainedAlike: { epochs, batchSize: FINAL_BATCH_SIZE, seeds: trainSeeds, start: 'from scratch' },
  wallClockSeconds: Math.round((performance.now() - started) / 1000),
  runs: Object.fromEntries(runs.map((r) => [`lambda-${r.lambda}`, r.dir])),
  rows,
  ...verdict,
};
writeFileSync(join(out, 'lambda-sweep.json'), JSON.stringify(report, null, 2) + '\n');
console.log(
  `\n${sweepText(rows, verdict, `${epochs} epochs alike`)}\nwritten ${join(out, 'lambda-sweep.json')}`,
);
process.exitCode = verdict.pass ? 0 : 1;
