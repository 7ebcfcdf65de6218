// The loop's CandidateTrainer on the training engine's job queue: each candidate is one job, run
// in a worker process; a worker that crashes fails only its candidate.
import type { Architecture } from '../../search/architecture/types.ts';
import type { CandidateTrainer, CandidateTrainResult } from '../../search/loop/trainer.ts';
import type { TrainOptions } from '../../trainer/contract.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';
import type { JobQueue } from '../../trainer/jobs/queue.ts';

export function queueTrainer(
  queue: JobQueue,
  parallelism: number,
  dataset: DatasetSpec,
  options: TrainOptions,
): CandidateTrainer {
  return {
    parallelism,
    async train(arch: Architecture): Promise<CandidateTrainResult> {
      const r = await queue.submit({ architecture: arch, dataset, options });
      return { validationAccuracy: r.validationAccuracy, seconds: r.seconds, weights: r.weights };
    },
  };
}
