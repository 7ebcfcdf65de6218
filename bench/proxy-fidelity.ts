// Issue 22, item 2: does the search's proxy rank candidates the way full training does? Takes a
// finished search run (or runs a 12-minute `memnas search` first), picks ≥ 12 trained candidates
// spread over the range of search-validation accuracy, final-trains each alike with `memnas
// train` (same seconds, batch size and seed), and reports Kendall's tau between proxy and final
// test accuracy, with the pairs. Target: tau ≥ 0.6. About count × seconds of training.
//
// Run: npm run bench:proxy -- [--run DIR | --time-budget 12m --memory-budget 300KB] [--count 12]
// [--seconds 120] [--dataset fashion-mnist] [--continue] [--out DIR]. --continue final-trains each
// candidate from its search weights, as the search's own final training does (default: from
// scratch, which measures the architectures alone). Writes DIR/proxy-fidelity.json; a
// candidate already trained in DIR (train-ID/train.json) is reused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FINAL_BATCH_SIZE } from '../cli/commands/search.ts';
import { candidateFile } from '../app/search/report.ts';
import { SqliteSearchStore } from '../store/search-store.ts';
import { encodeWeights } from '../search/architecture/weights-file.ts';
import { fidelity, fidelityText, type FidelityPair } from './proxy-fidelity/fidelity.ts';
import { pickSpread } from './proxy-fidelity/pick.ts';
import { memnas, memnasAsync, twoAtATime } from './memnas-cli.ts';
import {
  parseTrainOutput,
  trainArgs,
  type TrainFigures,
  type TrainSettings,
} from './proxy-fidelity/train-run.ts';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    'time-budget': { type: 'string', default: '12m' },
    'memory-budget': { type: 'string', default: '300KB' },
    count: { type: 'string', default: '12' },
    seconds: { type: 'string', default: '120' },
    dataset: { type: 'string', default: 'fashion-mnist' },
    out: { type: 'string' },
    continue: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seconds = Number(values.seconds);
if (!Number.isInteger(count) || count < 2 || !(seconds > 0)) {
  console.error(`--count takes a whole number ≥ 2 and --seconds a positive number`);
  process.exit(2);
}
const out = values.out ?? join(values.run ?? 'runs', 'proxy-fidelity');
mkdirSync(out, { recursive: true });

const run = values.run ?? join(out, 'search');
if (values.run === undefined && !existsSync(join(run, 'summary.json')))
  memnas(
    [
      'search',
      '--dataset',
      values.dataset,
      '--time-budget',
      values['time-budget'],
      '--memory-budget',
      values['memory-budget'],
      '--out',
      run,
      ...(existsSync(join(run, 'search.db')) ? ['--resume'] : []),
    ],
    false,
  );

for (const f of ['search.db', 'summary.json'])
  if (!existsSync(join(run, f))) {
    console.error(
      `${run} is not a finished search run (no ${f}); finish it with memnas search --resume --out ${run}`,
    );
    process.exit(1);
  }
// The run's database, as `memnas report` reads it: every trained candidate and its proxy accuracy.
const store = SqliteSearchStore.open(join(run, 'search.db'));
const trained = store.candidates().flatMap((c) =>
  // A baseline ('keep') is its parent's architecture again: it would be trained twice alike.
  c.status === 'trained' && c.validationAccuracy !== null && c.mutation.kind !== 'keep'
    ? [{ id: c.id, proxy: c.validationAccuracy }]
    : [],
);
const picked = pickSpread(trained, count);
// --continue: each picked candidate's search weights, to start its final training from.
const startWeights = new Map(values.continue ? picked.map((c) => [c.id, store.weights(c.id)] as const) : []);
store.close();
if (picked.length < 12)
  console.error(`warning: only ${picked.length} trained candidates in ${run} (issue 22 asks for ≥ 12)`);

const settings: TrainSettings = {
  dataset: values.dataset,
  budget: { seconds },
  batchSize: FINAL_BATCH_SIZE,
  seed: 0,
};
const results = new Map<number, TrainFigures>();
const trainOne = async (c: (typeof picked)[number], i: number): Promise<void> => {
  const dir = join(out, `train-${c.id}`);
  const done = join(dir, 'train.json');
  if (existsSync(done)) {
    results.set(c.id, parseTrainOutput(readFileSync(done, 'utf8'), done));
    return;
  }
  console.error(
    `[${i + 1}/${picked.length}] final-training candidate ${c.id} (proxy ${(100 * c.proxy).toFixed(2)}%) for ${seconds} s`,
  );
  const start = startWeights.get(c.id);
  const weightsArgs: string[] = [];
  if (start !== undefined && start !== null) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'search.weights.bin'), encodeWeights(start));
    weightsArgs.push('--weights', join(dir, 'search.weights.bin'));
  }
  const text = await memnasAsync([
    ...trainArgs(join(run, candidateFile(c.id)), settings, dir),
    ...weightsArgs,
  ]);
  results.set(c.id, parseTrainOutput(text, `memnas train ${c.id}`));
};
await twoAtATime(picked, trainOne);

const pairs: FidelityPair[] = picked.map((c) => ({
  id: c.id,
  proxy: c.proxy,
  testAccuracy: results.get(c.id)!.testAccuracy,
}));
const f = fidelity(pairs);
const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as { proxyFidelity?: unknown };
const report = {
  machine: 'see README (measured on the machine that ran this script)',
  run,
  trainedCandidates: trained.length,
  training: { ...settings, start: values.continue ? 'search weights' : 'from scratch' },
  ...f,
  finalTrained: picked.map((c) => ({ id: c.id, proxy: c.proxy, ...results.get(c.id)! })),
  runProxyFidelity: summary.proxyFidelity ?? null,
};
writeFileSync(join(out, 'proxy-fidelity.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`\n${fidelityText(pairs, f)}\nwritten ${join(out, 'proxy-fidelity.json')}`);
process.exitCode = f.pass ? 0 : 1;
