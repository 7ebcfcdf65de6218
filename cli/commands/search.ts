// `memnas search`: parses the flags and prints; cli/search/ prepares the run (settings, dataset,
// device), runs the grow-trim loop on the real implementations, final-trains and tests the
// chosen models and writes the run's folder.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MemnasError } from '../../search/errors.ts';
import type { StopReason } from '../../search/loop/events.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { LocalJobQueue } from '../../trainer/jobs/local-queue.ts';
import type { FinalModel } from '../../app/search/final.ts';
import { finishRun } from '../../app/search/finish-run.ts';
import { parseSearchOptions } from '../search/options.ts';
import { DEFAULTS } from '../../app/search/config.ts';
import { prepareRun, type PreparedRun } from '../../app/search/prepare-run.ts';
import { createProgress, type Progress } from '../search/progress.ts';
import { searchLoop } from '../../app/search/search-loop.ts';

export { SEARCH_USAGE } from '../search/options.ts';
export { FINAL_BATCH_SIZE } from '../../app/search/finish-run.ts';

export async function runSearch(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  const o = parseSearchOptions(argv);
  const timeBudgetSeconds = o.timeBudgetSeconds ?? DEFAULTS.timeBudgetSeconds;
  const secondsLeft = (): number => (started + timeBudgetSeconds * 1000 - performance.now()) / 1000;
  const run = await prepareRun(o, timeBudgetSeconds);
  if (run.warning !== null) process.stderr.write(`warning: ${run.warning}\n`);
  mkdirSync(run.dir, { recursive: true });
  const store = SqliteSearchStore.open(run.dbPath);
  if (!o.resume) store.saveRunConfig(run.config);
  const progress = createProgress(
    process.stderr,
    secondsLeft,
    store.candidates().filter((c) => c.status === 'trained').length,
  );
  const queue = new LocalJobQueue({ workers: run.workers });
  let failed = false;
  try {
    progress.note(startLine(run, o.resume, timeBudgetSeconds));
    const { stopReason, parentId } = await searchOrStored(
      run,
      store,
      queue,
      progress,
      started,
      timeBudgetSeconds,
    );
    progress.end();
    const { summary, best } = await finishRun({
      run,
      store,
      queue,
      parentId,
      stopReason,
      secondsLeft,
      resumed: o.resume,
      started,
      timeBudgetSeconds,
      log: (line) => progress.note(line),
    });
    store.setRunState('done');
    if (o.json) console.log(JSON.stringify(summary, null, 2));
    else printResult(run.dir, summary, best);
    return 0;
  } catch (e) {
    failed = !o.resume && store.candidates().length === 0;
    throw e;
  } finally {
    progress.end();
    await queue.close();
    store.close();
    // A new run that stored nothing (e.g. no network meets the budget) leaves no database behind,
    // so the same --out can be used again without --resume.
    if (failed) for (const suffix of ['', '-wal', '-shm']) rmSync(run.dbPath + suffix, { force: true });
  }
}

/** Runs the loop, or (a run killed during final training) takes the parent the loop chose. */
async function searchOrStored(
  run: PreparedRun,
  store: SqliteSearchStore,
  queue: LocalJobQueue,
  progress: Progress,
  started: number,
  timeBudgetSeconds: number,
): Promise<{ stopReason: StopReason; parentId: number }> {
  const stopReason = store.stopReason() as StopReason | null;
  if (store.runState() !== 'searching' && stopReason !== null)
    return { stopReason, parentId: lastParent(store) };
  const { config, spec, space, workers, oracle } = run;
  const result = await searchLoop({
    store,
    queue,
    oracle,
    config,
    spec,
    space,
    workers,
    progress,
    started,
    timeBudgetSeconds,
  });
  store.setRunState('final', result.stopReason);
  return result;
}

function startLine(run: PreparedRun, resume: boolean, timeBudgetSeconds: number): string {
  const { config, data } = run;
  return `${resume ? 'resuming' : 'searching'} ${run.dir}: ${config.dataset} (${data.train.count} train / ${data.validation.count} validation images, ${data.classes} classes), budget ${(config.memoryBudgetBytes / 1000).toFixed(0)} KB, objective ${config.objective} λ ${config.lambda}, picker ${config.picker}, ${Math.round(timeBudgetSeconds)} s, ${run.workers} workers, width ${config.width}, stem stride ${config.stemStride ?? 1}`;
}

function lastParent(store: SqliteSearchStore): number {
  const id = store
    .rounds()
    .filter((r) => r.done && r.nextParentId !== null)
    .at(-1)?.nextParentId;
  if (id === undefined || id === null)
    throw new MemnasError('SEARCH_FAILED', 'the stored search has no parent model');
  return id;
}

function printResult(dir: string, summary: Record<string, unknown>, best: FinalModel): void {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(2)}%`);
  const c = best.candidate;
  const m = summary.best as {
    paramBytes: number;
    peakActivationBytes: number;
    totalBytes: number;
    grew: boolean;
  };
  const pareto = summary.pareto as unknown[];
  console.log(
    `${dir}: ${String(summary.candidatesTrained)} candidates trained in ${String(summary.rounds)} rounds (${String(summary.stopReason)})`,
  );
  console.log(
    `best: candidate ${c.id}, ${c.genotype.blocks[0]!.cells.length} cells/block (${m.grew ? 'grown from its seed' : 'no grow in its lineage'}), test ${pct(best.testAccuracy)} (validation ${pct(best.validationAccuracy)}), ` +
      `${(m.totalBytes / 1000).toFixed(1)} KB total (${(m.paramBytes / 1000).toFixed(1)} KB parameters + ${(m.peakActivationBytes / 1000).toFixed(1)} KB peak activations)` +
      (c.measuredBytes === null ? '' : `, measured ${(c.measuredBytes / 1000).toFixed(1)} KB`),
  );
  console.log(
    `Pareto front: ${pareto.length} models; files: ${join(dir, 'summary.json')}, ${join(dir, 'pareto.svg')}, ${join(dir, 'best.onnx')}`,
  );
}
