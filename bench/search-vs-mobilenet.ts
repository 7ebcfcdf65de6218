// The issue-6 long benchmark: a 30-minute `memnas search` on Fashion-MNIST against a
// MobileNetV2-style network sized for 28×28 (examples/mobilenetv2-28.json) trained with the same
// final budget — the same seconds of training on the full training split, batch size and seed as
// the search's best model got in its final training, on the same machine. The search must reach
// at least MobileNetV2's test accuracy at no more than half its total memory (parameters + peak
// activations, batch 1, the analytic model).
//
// Run: npx tsx bench/search-vs-mobilenet.ts [--time-budget 30m] [--run DIR (reuse a finished
// search)] [--out DIR]. Writes DIR/comparison.json and DIR/comparison.svg (copy them to docs/bench/
// for the README).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FINAL_BATCH_SIZE } from '../cli/commands/search.ts';
import { paretoSvg } from '../cli/search/pareto-svg.ts';

const { values } = parseArgs({
  options: { 'time-budget': { type: 'string' }, run: { type: 'string' }, out: { type: 'string' } },
});
const bin = fileURLToPath(new URL('../bin/memnas.js', import.meta.url));
const example = fileURLToPath(new URL('../examples/mobilenetv2-28.json', import.meta.url));
const out = values.out ?? mkdtempSync(join(tmpdir(), 'memnas-vs-mobilenet-'));
mkdirSync(out, { recursive: true });

function memnas(args: string[], capture = false): string {
  const r = spawnSync(process.execPath, [bin, ...args], {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`memnas ${args.join(' ')} failed with exit ${r.status}`);
    process.exit(1);
  }
  return r.stdout ?? '';
}

interface Model {
  id: number;
  testAccuracy: number | null;
  totalBytes: number;
  paramBytes: number;
  peakActivationBytes: number;
  finalTrainingSeconds?: number;
}
interface Summary {
  seconds: number;
  candidatesTrained: number;
  rounds: number;
  best: Model;
  pareto: Model[];
  settings: { seed: number };
}

const started = performance.now();
const run = values.run ?? join(out, 'search');
if (values.run === undefined)
  memnas([
    'search',
    '--dataset',
    'fashion-mnist',
    '--time-budget',
    values['time-budget'] ?? '30m',
    '--out',
    run,
  ]);
const s = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as Summary;
const seconds = s.best.finalTrainingSeconds ?? 0;
if (!(seconds > 0)) {
  console.error(`the search's best model had no final training (${run}/summary.json): nothing to compare`);
  process.exit(1);
}

// The same final budget: seconds, batch size and seed as cli/commands/search.ts's final training.
const mobilenetDir = join(out, 'mobilenetv2-28');
const trained = JSON.parse(
  memnas(
    [
      'train',
      example,
      '--dataset',
      'fashion-mnist',
      '--seconds',
      String(Math.round(seconds)),
      '--batch-size',
      String(FINAL_BATCH_SIZE),
      '--seed',
      String(s.settings.seed),
      '--out',
      mobilenetDir,
      '--json',
    ],
    true,
  ),
) as { testAccuracy: number; imagesSeen?: number; validationAccuracy: number };
const estimate = JSON.parse(memnas(['estimate', example, '--json'], true)) as {
  paramBytes: number;
  peakActivationBytes: number;
  totalBytes: number;
};

const mobilenet = {
  testAccuracy: trained.testAccuracy,
  paramBytes: estimate.paramBytes,
  peakActivationBytes: estimate.peakActivationBytes,
  totalBytes: estimate.totalBytes,
  trainingSeconds: Math.round(seconds),
};
// Any model of the search's Pareto front may carry the claim, not only the λ-best.
const winners = s.pareto.filter(
  (m) => (m.testAccuracy ?? 0) >= mobilenet.testAccuracy && m.totalBytes <= mobilenet.totalBytes / 2,
);
const comparison = {
  machine: 'see README (measured on the machine that ran this script)',
  wallClockSeconds: Math.round((performance.now() - started) / 1000),
  search: {
    dir: run,
    seconds: s.seconds,
    candidatesTrained: s.candidatesTrained,
    rounds: s.rounds,
    best: s.best,
    pareto: s.pareto,
  },
  mobilenetv2: mobilenet,
  pass: winners.length > 0,
  winners: winners.map((m) => m.id),
};
writeFileSync(join(out, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n');
const points = s.pareto
  .filter((m) => m.testAccuracy !== null)
  .map((m) => ({ id: m.id, accuracy: m.testAccuracy!, totalBytes: m.totalBytes }));
writeFileSync(
  join(out, 'comparison.svg'),
  paretoSvg({
    points,
    front: points,
    bestId: s.best.id,
    budgetBytes: mobilenet.totalBytes / 2,
    title: `memnas ${Math.round(s.seconds / 60)}-min search vs MobileNetV2-28, same final training`,
    yLabel: 'test accuracy (%)',
    references: [
      { label: 'MobileNetV2-28', accuracy: mobilenet.testAccuracy, totalBytes: mobilenet.totalBytes },
    ],
  }),
);
const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(2)}%`);
const kb = (b: number): string => `${(b / 1000).toFixed(1)} KB`;
console.log(`\nsearch: ${s.candidatesTrained} candidates in ${s.rounds} rounds, ${s.seconds} s`);
for (const m of s.pareto) console.log(`  pareto ${m.id}: test ${pct(m.testAccuracy)}, ${kb(m.totalBytes)}`);
console.log(
  `MobileNetV2-28: test ${pct(mobilenet.testAccuracy)}, ${kb(mobilenet.totalBytes)} (half: ${kb(mobilenet.totalBytes / 2)}), trained ${mobilenet.trainingSeconds} s`,
);
console.log(
  `${comparison.pass ? 'PASS' : 'FAIL'}; written ${join(out, 'comparison.json')} and comparison.svg`,
);
process.exitCode = comparison.pass ? 0 : 1;
