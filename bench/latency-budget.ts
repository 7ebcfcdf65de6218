// Issue 20 item 4, end to end: `memnas search --device local --memory-budget 3MB --time-budget 4m`
// unconstrained, then the same with --latency-budget L set below the unconstrained winner's
// measured batch-1 p50 (L = --fraction × that p50, default 0.8), and whether the constrained
// winner's measured p50 is ≤ L. Latency is measured on this machine, so run it on a quiet one.
// Run: npm run bench:latency-budget [-- --time-budget 4m --fraction 0.8 --out DIR]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MEMNAS_BIN } from './memnas-cli.ts';

interface Winner {
  id: number;
  testAccuracy: number | null;
  totalBytes: number;
  latencyMs: number | null;
  latencySource: string;
}

const { values } = parseArgs({
  options: {
    'time-budget': { type: 'string', default: '4m' },
    fraction: { type: 'string', default: '0.8' },
    out: { type: 'string' },
  },
});
const fraction = Number(values.fraction);
if (!(fraction > 0 && fraction < 1)) {
  console.error(`--fraction takes a number between 0 and 1, got '${values.fraction}'`);
  process.exit(2);
}
const root = values.out ?? mkdtempSync(join(tmpdir(), 'memnas-latency-budget-'));
const base = ['search', '--dataset', 'fashion-mnist', '--device', 'local', '--memory-budget', '3MB'];

/** One search; resolves to its winner (exit 1 with a summary is a budget it could not meet). */
function search(
  name: string,
  extra: readonly string[],
): { winner: Winner; met: boolean | null; seconds: number } {
  const out = join(root, name);
  const args = [...base, '--time-budget', values['time-budget']!, '--out', out, ...extra];
  console.log(`\n$ memnas ${args.join(' ')}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [MEMNAS_BIN, ...args], { stdio: 'inherit' });
  const seconds = (performance.now() - started) / 1000;
  let summary: { best: Winner; latencyBudgetMet: boolean | null };
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as typeof summary;
  } catch {
    console.error(`memnas search (${name}) ended with exit ${r.status} and no summary.json`);
    process.exit(1);
  }
  return { winner: summary.best, met: summary.latencyBudgetMet, seconds };
}

const ms = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(3)} ms`);
const describe = (w: Winner): string =>
  `candidate ${w.id}, p50 ${ms(w.latencyMs)} (${w.latencySource}), ${(w.totalBytes / 1000).toFixed(1)} KB, test ${w.testAccuracy === null ? 'n/a' : `${(100 * w.testAccuracy).toFixed(2)}%`}`;

const free = search('unconstrained', []);
if (free.winner.latencyMs === null || free.winner.latencySource !== 'measured') {
  console.error('the unconstrained winner has no measured p50: nothing to set the latency budget below');
  process.exit(1);
}
const budget = Math.floor(fraction * free.winner.latencyMs * 1000) / 1000;
const timed = search('constrained', ['--latency-budget', `${budget}ms`]);
const p50 = timed.winner.latencyMs;
const ok = timed.winner.latencySource === 'measured' && p50 !== null && p50 <= budget;

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\nlatency-budget on ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(
  'latency is measured on this machine: other load makes it noisy; quote figures with the load they ran under',
);
console.log(`unconstrained winner (${free.seconds.toFixed(0)} s): ${describe(free.winner)}`);
console.log(`latency budget L = ${fraction} × ${ms(free.winner.latencyMs)} = ${ms(budget)}`);
console.log(
  `constrained winner (${timed.seconds.toFixed(0)} s): ${describe(timed.winner)}; budget met by the search: ${String(timed.met)}`,
);
console.log(
  `${ok ? 'PASS' : 'FAIL'}: constrained winner's measured p50 ${ms(p50)} ${ok ? '≤' : '>'} L ${ms(budget)}; runs in ${root}`,
);
process.exitCode = ok ? 0 : 1;
