// The report's Pareto-front section: the run plot (search-validation accuracy of every trained
// candidate beside the final test accuracy of the final-trained models, never on one axis) and
// the front's table, which says for each model whether it was final-trained.
import { totalMemory } from '../../search/loop/select.ts';
import type { CandidateRecord } from '../../search/loop/types.ts';
import type { RunSummary, RunSummaryModel } from '../deploy/run-folder.ts';
import { paretoSvg } from '../search/pareto-svg.ts';
import { describeMutation } from './describe.ts';
import { kb, pct, table } from './html-table.ts';

/** Seconds of final training, or that the model kept its search weights. */
export function finalCell(m: RunSummaryModel | undefined): string {
  if (m === undefined) return '–';
  const s = m.finalTrainingSeconds;
  return s === undefined ? '–' : s > 0 ? `${Math.round(s)} s` : 'none (search weights)';
}

export interface FrontInput {
  readonly candidates: readonly CandidateRecord[];
  readonly memoryBudgetBytes: number;
  /** --latency-budget, ms: the plot gains a latency panel and the table a latency column. */
  readonly latencyBudgetMs?: number;
  /** summary.json, when the run finished. */
  readonly summary: RunSummary | null;
}

export function frontSection(
  d: FrontInput,
  front: readonly CandidateRecord[],
  bestId: number | null,
): string {
  const trained = d.candidates.filter((c) => c.status === 'trained');
  if (trained.length === 0) return '<h2>Pareto front</h2><p>No candidate has been trained yet.</p>';
  const point = (c: CandidateRecord) => ({
    id: c.id,
    accuracy: c.validationAccuracy!,
    totalBytes: totalMemory(c),
    ...(c.latency === undefined ? {} : { latencyMs: c.latency.ms }),
  });
  const timed = d.latencyBudgetMs !== undefined;
  const summary = d.summary;
  const svg = paretoSvg({
    points: trained.map(point),
    front: front.map(point),
    bestId: bestId ?? -1,
    budgetBytes: d.memoryBudgetBytes,
    title: `Search: ${trained.length} candidates, Pareto front in red`,
    finals: summary === null ? [] : [summary.best, ...summary.pareto],
    ...(timed ? { latencyBudgetMs: d.latencyBudgetMs } : {}),
  });
  const finals = new Map((summary?.pareto ?? []).map((m) => [m.id, m]));
  const rows = [...front]
    .sort((a, b) => totalMemory(a) - totalMemory(b))
    .map((c) => ({
      cls: c.id === bestId ? 'best' : 'front',
      cells: [
        String(c.id),
        pct(c.validationAccuracy),
        finalCell(finals.get(c.id)),
        pct(finals.get(c.id)?.testAccuracy),
        kb(totalMemory(c)),
        ...(timed ? [latencyCell(c)] : []),
        describeMutation(c.mutation),
      ],
    }));
  return `<h2>Pareto front</h2><p>Left: search validation accuracy after the short search training (a proxy) of every trained candidate. Right: final test accuracy of the models that were final-trained. The two are not comparable and are never joined; a model that kept its search weights is not on the right.</p>
${timed ? `<p>Middle: the same candidates by batch-1 p50 latency on the device (budget ${d.latencyBudgetMs} ms dashed); the front is over accuracy, memory and latency.</p>` : ''}
<div class="scroll">${svg}</div>${table(['candidate', 'search validation (proxy)', 'final training', 'test', 'total memory', ...(timed ? ['latency p50'] : []), 'made by'], rows)}`;
}

/** A candidate's device p50 and where it comes from, or that it was not measured. */
export function latencyCell(c: CandidateRecord): string {
  return c.latency === undefined ? 'not measured' : `${c.latency.ms.toFixed(3)} ms (${c.latency.source})`;
}
