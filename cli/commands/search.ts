// `memnas search`: the composition root of the grow-trim search. It plugs the real
// implementations into search/loop's contracts — the SQLite store, the worker-process job queue,
// the tfjs controller, the analytic or device memory oracle — runs the loop, retrains the chosen
// models, tests them once and writes the run's folder.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { analyticOracle } from '../../search/loop/analytic-oracle.ts';
import { systemClock } from '../../search/loop/clock.ts';
import type { StopReason } from '../../search/loop/events.ts';
import type { MemoryOracle } from '../../search/loop/memory-oracle.ts';
import { searchShare } from '../../search/loop/plan.ts';
import { runLoop } from '../../search/loop/run-loop.ts';
import { withinBudget } from '../../search/loop/select.ts';
import type { CandidateRecord } from '../../search/loop/types.ts';
import { buildArchitecture, type SpaceInput } from '../../search/space/build.ts';
import { seedCandidates } from '../../search/space/grow-trim.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import type { Controller } from '../../search/controller/contract.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { LocalJobQueue } from '../../trainer/jobs/local-queue.ts';
import { datasetSpecFromArg } from '../dataset-arg.ts';
import { deviations } from '../search/deviations.ts';
import { deviceOracle, devicePeakMeasurer } from '../search/device-oracle.ts';
import { finalTraining, type FinalModel } from '../search/final.ts';
import { DEFAULTS, parseSearchOptions, type SearchOptions } from '../search/options.ts';
import { ASSUMED_IMAGES_PER_SECOND, CANDIDATE_OVERHEAD_SECONDS, planRun } from '../search/plan-run.ts';
import { createProgress } from '../search/progress.ts';
import { queueTrainer } from '../search/queue-trainer.ts';
import { searchFront, writeReport } from '../search/report.ts';
import { parseRunConfig, candidateSpec, type RunConfig } from '../search/run-config.ts';
import { byteSize } from '../args.ts';

export { SEARCH_USAGE } from '../search/options.ts';

/** Final training's batch size (search candidates train at 64: more steps on few images). */
export const FINAL_BATCH_SIZE = 128;
/** Seconds kept at the end for testing the final models and writing the report. */
const REPORT_RESERVE_SECONDS = 12;
/** Per final training job: worker start, full dataset load and validation. */
const FINAL_OVERHEAD_SECONDS = 8;

export async function runSearch(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  const o = parseSearchOptions(argv);
  const dir = outDir(o);
  const dbPath = join(dir, 'search.db');
  if (o.resume && !existsSync(dbPath))
    throw new MemnasError('FILE_NOT_FOUND', `nothing to resume: ${dir} holds no search.db`);
  if (!o.resume && existsSync(dbPath))
    throw new MemnasError(
      'USAGE',
      `${dir} already holds a search: add --resume to continue it, or choose another --out`,
    );
  const timeBudgetSeconds = o.timeBudgetSeconds ?? DEFAULTS.timeBudgetSeconds;
  const budgetEnd = started + timeBudgetSeconds * 1000;
  const secondsLeft = (): number => (budgetEnd - performance.now()) / 1000;

  // The dataset is checked before anything is created, so bad input leaves no half-made run.
  let saved: RunConfig | undefined;
  if (o.resume) {
    const peek = SqliteSearchStore.open(dbPath);
    try {
      saved = parseRunConfig(peek.runConfig(), dbPath);
    } finally {
      peek.close();
    }
    if (o.dataset !== undefined && o.dataset !== saved.dataset)
      throw new MemnasError(
        'USAGE',
        `${dir} searched '${saved.dataset}'; drop --dataset or pass the same one to resume`,
      );
  }
  const datasetArg = saved?.dataset ?? o.dataset!;
  const seed = saved?.seed ?? o.seed ?? 0;
  const spec = datasetSpecFromArg(datasetArg, seed);
  const data = await loadDataset(spec);
  const space: SpaceInput = {
    shape: [...data.inputShape] as [number, number, number],
    classes: data.classes,
  };
  const workers = o.workers ?? Math.max(1, Math.min(availableParallelism(), 4));
  const config =
    saved ??
    planRun({
      dataset: datasetArg,
      space,
      memoryBudgetBytes: o.memoryBudgetBytes ?? byteSize(DEFAULTS.memoryBudget, '--memory-budget'),
      lambda: o.lambda ?? DEFAULTS.lambda,
      device: o.device ?? null,
      seed,
      timeBudgetSeconds,
      parallelism: workers,
    });

  // A device that cannot be reached fails here, before any training.
  let oracle: MemoryOracle = analyticOracle;
  if (config.device !== null) {
    const measure = await devicePeakMeasurer(config.device, o.coordinator, o.token, (line) =>
      process.stderr.write(`warning: ${line}\n`),
    );
    oracle = deviceOracle(config.device, measure);
    const probe = buildArchitecture(
      seedCandidates(config.width, config.stem, config.stemStride ?? 1)[0]!.genotype,
      space,
      'device-check',
    );
    await oracle.measure!(probe, randomWeights(probe, 0));
  }

  mkdirSync(dir, { recursive: true });
  const store = SqliteSearchStore.open(dbPath);
  if (saved === undefined) store.saveRunConfig(config);
  const progress = createProgress(
    process.stderr,
    secondsLeft,
    store.candidates().filter((c) => c.status === 'trained').length,
  );
  const queue = new LocalJobQueue({ workers });
  let controller: Controller | undefined;
  let failed = false;
  try {
    progress.note(
      `${o.resume ? 'resuming' : 'searching'} ${dir}: ${datasetArg} (${data.train.count} train / ${data.validation.count} validation images, ${data.classes} classes), budget ${(config.memoryBudgetBytes / 1000).toFixed(0)} KB, λ ${config.lambda}, ${Math.round(timeBudgetSeconds)} s, ${workers} workers, width ${config.width}, stem stride ${config.stemStride ?? 1}`,
    );
    let stopReason = store.stopReason() as StopReason | null;
    let parentId: number;
    if (store.runState() === 'searching' || stopReason === null) {
      const { createTfController } = await import('../../trainer/controller/tf-controller.ts');
      controller = createTfController({ seed, warmStart: true, maxCells: Math.max(8, config.maxCells) });
      const result = await runLoop(
        {
          store,
          trainer: queueTrainer(queue, workers, candidateSpec(spec, config), {
            budget: { images: config.candidateImages },
            seed,
            batchSize: 64,
          }),
          oracle,
          controller,
          clock: systemClock,
          onEvent: (e) => progress.event(e),
        },
        {
          lambda: config.lambda,
          memoryBudgetBytes: config.memoryBudgetBytes,
          space,
          width: config.width,
          stem: config.stem,
          ...(config.stemStride === undefined ? {} : { stemStride: config.stemStride }),
          seedSize: config.seedSize,
          k: config.k,
          maxCells: config.maxCells,
          patience: config.patience,
          controllerFreeRounds: 2,
          seed,
          deadline: started + searchShare(timeBudgetSeconds) * timeBudgetSeconds * 1000,
          candidateSeconds: config.candidateImages / ASSUMED_IMAGES_PER_SECOND + CANDIDATE_OVERHEAD_SECONDS,
        },
      );
      stopReason = result.stopReason;
      parentId = result.parentId;
      store.setRunState('final', stopReason);
    } else {
      parentId = lastParent(store);
    }
    progress.end();
    const candidates = store.candidates();
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const best = byId.get(parentId)!;
    const front = searchFront(candidates.filter((c) => withinBudget(c, config.memoryBudgetBytes)));
    const chosen = [
      best,
      ...front.filter((c) => c.id !== best.id).sort((a, b) => b.validationAccuracy! - a.validationAccuracy!),
    ];
    const architecture = (c: CandidateRecord) => buildArchitecture(c.genotype, space, `cand-${c.id}`);
    const reserve = REPORT_RESERVE_SECONDS + 2 * chosen.length;
    const finals = await finalTraining({
      store,
      queue,
      parallelism: workers,
      dataset: spec,
      test: data.test,
      chosen,
      architecture,
      seconds: secondsLeft() - reserve - FINAL_OVERHEAD_SECONDS,
      // Batch 128 trains ~15% more images per second than 64 (fewer per-step overheads); about
      // an epoch of final training reaches the same accuracy with either.
      options: { seed, batchSize: FINAL_BATCH_SIZE },
      log: (line) => progress.note(line),
    });
    const finalOf = new Map(finals.map((f) => [f.candidate.id, f]));
    const summary = writeReport({
      dir,
      candidates,
      rounds: store.rounds(),
      best: finalOf.get(best.id)!,
      pareto: front.map((c) => finalOf.get(c.id)!),
      architecture,
      device: config.device,
      budgetBytes: config.memoryBudgetBytes,
      header: {
        dataset: datasetArg,
        memoryBudgetBytes: config.memoryBudgetBytes,
        lambda: config.lambda,
        device: config.device,
        timeBudgetSeconds,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        stopReason,
        resumed: o.resume,
        ...(data.test === undefined ? { note: 'the dataset has no test split: testAccuracy is null' } : {}),
        settings: config,
      },
      deviations: deviations(
        config,
        store.rounds().some((r) => r.picker === 'controller'),
      ),
    });
    store.setRunState('done');
    printResult(dir, summary, finalOf.get(best.id)!);
    return 0;
  } catch (e) {
    failed = !o.resume && store.candidates().length === 0;
    throw e;
  } finally {
    progress.end();
    controller?.dispose();
    await queue.close();
    store.close();
    // A new run that stored nothing (e.g. no network meets the budget) leaves no database behind,
    // so the same --out can be used again without --resume.
    if (failed) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  }
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

/** --out, or a fresh folder under runs/; --resume without --out takes the newest search folder. */
function outDir(o: SearchOptions): string {
  if (o.out !== undefined) return o.out;
  if (o.resume) {
    const runs = existsSync('runs')
      ? readdirSync('runs').filter((d) => d.startsWith('search-') && existsSync(join('runs', d, 'search.db')))
      : [];
    const newest = runs.sort(
      (a, b) => statSync(join('runs', b)).mtimeMs - statSync(join('runs', a)).mtimeMs,
    )[0];
    if (newest === undefined)
      throw new MemnasError('USAGE', '--resume needs --out DIR (no search folder found under runs/)');
    return join('runs', newest);
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('runs', `search-${stamp}`);
}

function printResult(dir: string, summary: Record<string, unknown>, best: FinalModel): void {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(2)}%`);
  const c = best.candidate;
  const m = summary.best as { paramBytes: number; peakActivationBytes: number; totalBytes: number };
  const pareto = summary.pareto as unknown[];
  console.log(
    `${dir}: ${String(summary.candidatesTrained)} candidates trained in ${String(summary.rounds)} rounds (${String(summary.stopReason)})`,
  );
  console.log(
    `best: candidate ${c.id}, ${c.genotype.blocks[0]!.cells.length} cells/block, test ${pct(best.testAccuracy)} (validation ${pct(best.validationAccuracy)}), ` +
      `${(m.totalBytes / 1000).toFixed(1)} KB total (${(m.paramBytes / 1000).toFixed(1)} KB parameters + ${(m.peakActivationBytes / 1000).toFixed(1)} KB peak activations)` +
      (c.measuredBytes === null ? '' : `, measured ${(c.measuredBytes / 1000).toFixed(1)} KB`),
  );
  console.log(
    `Pareto front: ${pareto.length} models; files: ${join(dir, 'summary.json')}, ${join(dir, 'pareto.svg')}, ${join(dir, 'best.onnx')}`,
  );
}
