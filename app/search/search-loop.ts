// Wires the grow-trim loop (search/loop) to the real implementations — the SQLite store, the
// worker-process queue, the tfjs controller (unless the run picks at random), the memory oracle
// and the run's objective — and runs it until it stops.
import { systemClock } from '../../search/loop/clock.ts';
import type { StopReason } from '../../search/loop/events.ts';
import type { MemoryOracle } from '../../search/loop/memory-oracle.ts';
import { searchShare } from '../../search/loop/plan.ts';
import type { LoopConfig } from '../../search/loop/loop-config.ts';
import { runLoop } from '../../search/loop/run-loop.ts';
import type { SearchStore } from '../../search/loop/store.ts';
import { objectiveByName } from '../../search/objective/all-objectives.ts';
import type { SpaceInput } from '../../search/space/build.ts';
import type { Controller } from '../../search/controller/contract.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';
import type { JobQueue } from '../../trainer/jobs/queue.ts';
import { DEFAULTS } from './config.ts';
import { ASSUMED_IMAGES_PER_SECOND, CANDIDATE_OVERHEAD_SECONDS } from './plan-run.ts';
import type { Progress } from './progress.ts';
import { queueTrainer } from './queue-trainer.ts';
import { candidateSpec, type RunConfig } from './run-config.ts';

/** Search candidates train at 64: more steps on few images. */
export const CANDIDATE_BATCH_SIZE = 64;

export interface LoopRun {
  readonly store: SearchStore;
  readonly queue: JobQueue;
  readonly oracle: MemoryOracle;
  readonly config: RunConfig;
  readonly spec: DatasetSpec;
  readonly space: SpaceInput;
  readonly workers: number;
  readonly progress: Progress;
  /** performance.now() at the start and the whole run's seconds. */
  readonly started: number;
  readonly timeBudgetSeconds: number;
}

export async function searchLoop(r: LoopRun): Promise<{ stopReason: StopReason; parentId: number }> {
  const { config } = r;
  let controller: Controller | undefined;
  if (config.picker === 'controller') {
    const { createTfController } = await import('../../trainer/controller/tf-controller.ts');
    controller = createTfController({
      seed: config.seed,
      warmStart: true,
      maxCells: Math.max(8, config.maxCells),
    });
  }
  try {
    return await runLoop(
      {
        store: r.store,
        trainer: queueTrainer(
          r.queue,
          r.workers,
          candidateSpec(r.spec, config),
          { seed: config.seed, batchSize: CANDIDATE_BATCH_SIZE },
          {
            seedImages: config.candidateImages,
            childImages: config.childImages,
            runoffImages: config.runoffImages,
          },
        ),
        oracle: r.oracle,
        ...(controller === undefined ? {} : { controller }),
        clock: systemClock,
        onEvent: (e) => r.progress.event(e),
      },
      loopConfig(r),
    );
  } finally {
    controller?.dispose();
  }
}

function loopConfig(r: LoopRun): LoopConfig {
  const { config } = r;
  return {
    lambda: config.lambda,
    objective: objectiveByName(config.objective),
    inherit: true,
    memoryBudgetBytes: config.memoryBudgetBytes,
    ...(config.latencyBudgetMs === undefined
      ? {}
      : {
          latency: {
            budgetMs: config.latencyBudgetMs,
            weight: config.latencyWeight ?? DEFAULTS.latencyWeight,
          },
        }),
    space: r.space,
    width: config.width,
    stem: config.stem,
    ...(config.stemStride === undefined ? {} : { stemStride: config.stemStride }),
    seedSize: config.seedSize,
    k: config.k,
    maxCells: config.maxCells,
    patience: config.patience,
    runoff: config.runoff,
    runoffLength: config.runoffImages / config.childImages,
    controllerFreeRounds: 2,
    seed: config.seed,
    deadline: r.started + searchShare(r.timeBudgetSeconds) * r.timeBudgetSeconds * 1000,
    candidateSeconds: config.candidateImages / ASSUMED_IMAGES_PER_SECOND + CANDIDATE_OVERHEAD_SECONDS,
  };
}
