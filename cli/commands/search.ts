// `memnas search`: parses the flags (cli/search/options.ts), runs the search (app/search/
// run-search.ts) with progress on stderr, and prints the result.
import { join } from 'node:path';
import type { FinalModel } from '../../app/search/final.ts';
import { runSearch as searchRun } from '../../app/search/run-search.ts';
import { latencyUnmetLine } from '../../app/search/latency-summary.ts';
import { MemnasError } from '../../search/errors.ts';
import { parseSearchOptions } from '../search/options.ts';
import { createProgress } from '../search/progress.ts';

export { SEARCH_USAGE } from '../search/options.ts';
export { FINAL_BATCH_SIZE } from '../../app/search/finish-run.ts';

export async function runSearch(argv: readonly string[]): Promise<number> {
  const o = parseSearchOptions(argv);
  const { dir, summary, best } = await searchRun(o, {
    warn: (line) => process.stderr.write(`warning: ${line}\n`),
    progress: (secondsLeft, trainedBefore) => createProgress(process.stderr, secondsLeft, trainedBefore),
  });
  if (o.json) console.log(JSON.stringify(summary, null, 2));
  else printResult(dir, summary, best);
  // Everything is written; the run still failed its latency budget, which a script must see.
  if (summary.latencyBudgetMet === false)
    throw new MemnasError('BUDGET_UNREACHABLE', latencyUnmetLine(summary, dir));
  return 0;
}

function printResult(dir: string, summary: Record<string, unknown>, best: FinalModel): void {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(2)}%`);
  const c = best.candidate;
  const m = summary.best as {
    paramBytes: number;
    peakActivationBytes: number;
    totalBytes: number;
    grew: boolean;
    latencyMs: number | null;
    latencySource: string;
  };
  const pareto = summary.pareto as unknown[];
  console.log(
    `${dir}: ${String(summary.candidatesTrained)} candidates trained in ${String(summary.rounds)} rounds (${String(summary.stopReason)})`,
  );
  console.log(
    `best: candidate ${c.id}, ${c.genotype.blocks[0]!.cells.length} cells/block (${m.grew ? 'grown from its seed' : 'no grow in its lineage'}), test ${pct(best.testAccuracy)} (validation ${pct(best.validationAccuracy)}), ` +
      `${(m.totalBytes / 1000).toFixed(1)} KB total (${(m.paramBytes / 1000).toFixed(1)} KB parameters + ${(m.peakActivationBytes / 1000).toFixed(1)} KB peak activations)` +
      (c.measuredBytes === null ? '' : `, measured ${(c.measuredBytes / 1000).toFixed(1)} KB`) +
      (m.latencyMs === null ? '' : `, p50 ${m.latencyMs.toFixed(3)} ms (${m.latencySource})`),
  );
  console.log(
    `Pareto front: ${pareto.length} models; files: ${join(dir, 'summary.json')}, ${join(dir, 'pareto.svg')}, ${join(dir, 'best.onnx')}`,
  );
}
