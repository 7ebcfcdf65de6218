// Where a queued job's overhead goes, from BullMQ's own timestamps on each job (added, moved to
// active, finished; all written by processes on this one machine, so one clock) and the caller's
// submit and resolve times: search-side preparation (blobs, queue.add), pick-up by a worker,
// the worker's own work around training (checks, dataset and weights by hash, the training
// process's IPC, the result's blob, moving the job to completed), and the way back (the
// 'completed' event, reading the state, the job and the weights' blob).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAME } from '../../trainer/jobs/bullmq/wire.ts';

/** One job the caller timed: Date.now() at submit and at resolve, and the training time it reported. */
export interface TimedJob {
  readonly candidate: string;
  readonly submittedAt: number;
  readonly resolvedAt: number;
  readonly trainMs: number;
}

export interface Phases {
  /** submit() → the job is in Redis (weights blob, dataset ref, queue.add). */
  readonly enqueueMs: number;
  /** In Redis → a worker has it active. */
  readonly pickupMs: number;
  /** Active → completed, minus the training time the trainer reports. */
  readonly workerMs: number;
  /** Completed → the caller's promise resolves. */
  readonly returnMs: number;
}

/** Mean phases of `timed`, read from the run's completed jobs. */
export async function jobPhases(redis: Redis, runId: string, timed: readonly TimedJob[]): Promise<Phases> {
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  try {
    const jobs = await queue.getJobs(['completed'], 0, 10_000);
    const rows = timed.map((t) => {
      const job = jobs.find((j) => j.id?.startsWith(`${runId}.${t.candidate}.`));
      if (job?.processedOn === undefined || job.finishedOn === undefined)
        throw new Error(`job of ${t.candidate} not found completed`);
      return {
        enqueueMs: job.timestamp - t.submittedAt,
        pickupMs: job.processedOn - job.timestamp,
        workerMs: job.finishedOn - job.processedOn - t.trainMs,
        returnMs: t.resolvedAt - job.finishedOn,
      };
    });
    const mean = (k: keyof Phases): number => rows.reduce((a, r) => a + r[k], 0) / rows.length;
    return {
      enqueueMs: mean('enqueueMs'),
      pickupMs: mean('pickupMs'),
      workerMs: mean('workerMs'),
      returnMs: mean('returnMs'),
    };
  } finally {
    await queue.close();
  }
}
