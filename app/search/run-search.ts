// A whole search run from frozen options: prepare (settings, dataset, device), run the grow-trim
// loop on the real implementations (or take the parent a killed run's loop chose), final-train
// and test the chosen models and write the run's folder. cli/commands/search.ts prints it.
import { mkdirSync, rmSync } from 'node:fs';
import { MemnasError } from '../../search/errors.ts';
import type { StopReason } from '../../search/loop/events.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import type { JobQueue } from '../../trainer/jobs/queue.ts';
import { DEFAULTS, type SearchOptions } from './config.ts';
import type { FinalModel } from './final.ts';
import { finishRun } from './finish-run.ts';
import { openQueue } from './open-queue.ts';
import { prepareRun, type PreparedRun } from './prepare-run.ts';
import type { Progress } from './progress.ts';
import { searchLoop } from './search-loop.ts';

export interface SearchIo {
  /** Lines to show before the progress starts (e.g. a device without a calibration). */
  readonly warn: (line: string) => void;
  /** The progress display, given the time left and the candidates a resumed run trained before. */
  readonly progress: (secondsLeft: () => number, trainedBefore: number) => Progress;
}

export interface SearchResult {
  readonly dir: string;
  readonly summary: Record<string, unknown>;
  readonly best: FinalModel;
}

export async function runSearch(o: SearchOptions, io: SearchIo): Promise<SearchResult> {
  const started = performance.now();
  const timeBudgetSeconds = o.timeBudgetSeconds ?? DEFAULTS.timeBudgetSeconds;
  const secondsLeft = (): number => (started + timeBudgetSeconds * 1000 - performance.now()) / 1000;
  const run = await prepareRun(o, timeBudgetSeconds);
  if (run.warning !== null) io.warn(run.warning);
  mkdirSync(run.dir, { recursive: true });
  const store = SqliteSearchStore.open(run.dbPath);
  if (!o.resume) store.saveRunConfig(run.config);
  const progress = io.progress(secondsLeft, store.candidates().filter((c) => c.status === 'trained').length);
  // `halted`: a queued run with no worker for too long stops here, its candidates unfailed.
  const { queue, halted } = await openQueue(o, run.config, run.workers, run.dir, (l) => progress.note(l));
  let failed = false;
  try {
    progress.note(startLine(run, o.resume, timeBudgetSeconds));
    const loop = { run, store, queue, progress, started, timeBudgetSeconds };
    const { stopReason, parentId } = await Promise.race([searchOrStored(loop), halted]);
    progress.end();
    const finished = finishRun({
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
    const { summary, best } = await Promise.race([finished, halted]);
    store.setRunState('done');
    return { dir: run.dir, summary, best };
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

interface Loop {
  readonly run: PreparedRun;
  readonly store: SqliteSearchStore;
  readonly queue: JobQueue;
  readonly progress: Progress;
  readonly started: number;
  readonly timeBudgetSeconds: number;
}

/** Runs the loop, or (a run killed during final training) takes the parent the loop chose. */
async function searchOrStored(l: Loop): Promise<{ stopReason: StopReason; parentId: number }> {
  const { store } = l;
  const stopReason = store.stopReason() as StopReason | null;
  if (store.runState() !== 'searching' && stopReason !== null)
    return { stopReason, parentId: lastParent(store) };
  const { config, spec, space, workers, oracle } = l.run;
  const result = await searchLoop({
    store,
    queue: l.queue,
    oracle,
    config,
    spec,
    space,
    workers,
    progress: l.progress,
    started: l.started,
    timeBudgetSeconds: l.timeBudgetSeconds,
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
