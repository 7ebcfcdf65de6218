// The loop's trainer on the job queue: how many images each kind of training gets — a seed from
// scratch, a child fine-tuning what it inherited, a runoff finalist's longer second pass — and
// which images (each round and each pass its own).
import { describe, expect, it } from 'vitest';
import { queueTrainer } from '../../../app/search/queue-trainer.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import type { TrainOptions, TrainResult } from '../../../trainer/contract.ts';
import type { JobQueue, TrainJob } from '../../../trainer/jobs/queue.ts';

class RecordingQueue implements JobQueue {
  readonly jobs: TrainJob[] = [];
  async submit(job: TrainJob): Promise<TrainResult> {
    this.jobs.push(job);
    return {
      validationAccuracy: 0.8,
      validationLoss: 0.5,
      lossCurve: [],
      imagesSeen: job.options?.budget?.images ?? 0,
      seconds: 1,
      backend: 'cpu',
      weights: {},
    };
  }
  async close(): Promise<void> {}
}

const arch = { name: 'cand-1' } as Architecture;
const budgets = { seedImages: 4000, childImages: 3000, runoffImages: 9000 };

async function optionsOf(
  how: Parameters<ReturnType<typeof queueTrainer>['train']>[1],
): Promise<TrainOptions> {
  const queue = new RecordingQueue();
  await queueTrainer(queue, 2, { source: { kind: 'fashion-mnist' } }, { seed: 5 }, budgets).train(arch, how);
  return queue.jobs[0]!.options!;
}

describe('queueTrainer', () => {
  it('trains a seed from scratch on the seed images', async () => {
    const o = await optionsOf({ round: 0 });
    expect(o.budget).toEqual({ images: 4000 });
    expect(o.initialWeights).toBeUndefined();
  });

  it('fine-tunes a child from its start on the child images, a runoff pass on the runoff images', async () => {
    const start = { stem: {} };
    const first = await optionsOf({ start, round: 3 });
    expect(first.budget).toEqual({ images: 3000 });
    expect(first.initialWeights).toBe(start);
    const second = await optionsOf({ start, round: 3, pass: 1 });
    expect(second.budget).toEqual({ images: 9000 });
    // Other images than the round's first pass.
    expect(second.seed).not.toBe(first.seed);
    expect(first.seed).toBe(5 + 3);
  });
});
