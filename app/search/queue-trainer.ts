// The loop's CandidateTrainer on the training engine's job queue: each candidate is one job, run
// in a worker process; a worker that crashes fails only its candidate. Seeds train from scratch
// for the seed budget, children fine-tune inherited weights for the child budget.
import type { Architecture } from '../../search/architecture/types.ts';
import type { CandidateTrainer, CandidateTrainResult, TrainStart } from '../../search/loop/trainer.ts';
import type { TrainOptions } from '../../trainer/contract.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';
import type { JobQueue } from '../../trainer/jobs/queue.ts';

export interface CandidateBudgets {
  /** Training images of a seed, from scratch. */
  readonly seedImages: number;
  /** Training images of a child, fine-tuning what it inherited. */
  readonly childImages: number;
  /** Training images of a runoff finalist's second pass, from its own weights. */
  readonly runoffImages: number;
}

/** Far above any round number, so a second pass never repeats a round's images. */
const RUNOFF_SEED_STRIDE = 100_003;

function imagesOf(how: TrainStart, budgets: CandidateBudgets): number {
  if (how.start === undefined) return budgets.seedImages;
  return (how.pass ?? 0) > 0 ? budgets.runoffImages : budgets.childImages;
}

export function queueTrainer(
  queue: JobQueue,
  parallelism: number,
  dataset: DatasetSpec,
  options: TrainOptions,
  budgets: CandidateBudgets,
): CandidateTrainer {
  const seed = options.seed ?? 0;
  return {
    parallelism,
    async train(arch: Architecture, how: TrainStart): Promise<CandidateTrainResult> {
      const job: TrainOptions = {
        ...options,
        // Each round draws other training images than the last; siblings share theirs, and a
        // runoff's second pass draws images of its own.
        seed: seed + how.round + RUNOFF_SEED_STRIDE * (how.pass ?? 0),
        budget: { images: imagesOf(how, budgets) },
        ...(how.start === undefined ? {} : { initialWeights: how.start }),
      };
      const r = await queue.submit({ architecture: arch, dataset, options: job });
      return { validationAccuracy: r.validationAccuracy, seconds: r.seconds, weights: r.weights };
    },
  };
}
