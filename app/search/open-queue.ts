// Where a search's candidates train: the local worker-process pool (the default), or with --queue
// BullMQ workers over Redis. A queued run is named by a random run id saved with its settings, so
// its jobs' ids are the same after a --resume and the jobs that finished meanwhile are found.
import { randomBytes } from 'node:crypto';
import { MemnasError } from '../../search/errors.ts';
import { redisLabel } from '../../trainer/jobs/bullmq/redis-url.ts';
import { LocalJobQueue } from '../../trainer/jobs/local-queue.ts';
import type { JobQueue } from '../../trainer/jobs/queue.ts';
import { packageManifest } from '../package-manifest.ts';
import type { SearchOptions } from './config.ts';
import type { RunConfig } from './run-config.ts';

export interface QueuePlan {
  /** What the run saves (absent: local workers). */
  readonly queue: RunConfig['queue'];
  /** Training slots of the workers listening now (undefined without --queue). */
  readonly slots: number | undefined;
  readonly warning: string | null;
}

/**
 * Checks --queue before anything is created: a run keeps the kind of queue it started with, and
 * Redis must answer (one line otherwise: unreachable, or the password refused).
 */
export async function planQueue(
  o: SearchOptions,
  saved: RunConfig | undefined,
  dir: string,
): Promise<QueuePlan> {
  if (saved !== undefined && o.queue !== undefined && saved.queue === undefined)
    throw new MemnasError(
      'USAGE',
      `${dir} was searched with local workers: --queue cannot resume it (drop --queue)`,
    );
  if (saved !== undefined && o.queue === undefined && saved.queue !== undefined)
    throw new MemnasError(
      'USAGE',
      `${dir} was searched with --queue: pass --queue with the same Redis to resume it (its finished jobs are kept there)`,
    );
  if (o.queue === undefined) return { queue: undefined, slots: undefined, warning: null };
  // BullMQ and ioredis load only for a queued run: a local search starts as fast as before.
  const { checkedRedis } = await import('../../trainer/jobs/bullmq/redis-connection.ts');
  const { liveSlots } = await import('../../trainer/jobs/bullmq/presence.ts');
  const redis = await checkedRedis(o.queue);
  let slots: number;
  try {
    slots = await liveSlots(redis);
  } finally {
    redis.disconnect();
  }
  const warning =
    slots > 0 || o.workers !== undefined
      ? null
      : `no memnas worker is listening on ${redisLabel(o.queue)} yet: jobs wait until one starts (planned for 2 at once; set --workers)`;
  return {
    queue: saved?.queue ?? { runId: randomBytes(6).toString('hex') },
    slots: slots > 0 ? slots : 2,
    warning,
  };
}

/** The run's JobQueue: BullMQ when it was planned with --queue, else local worker processes. */
export async function openQueue(o: SearchOptions, config: RunConfig, workers: number): Promise<JobQueue> {
  if (o.queue === undefined || config.queue === undefined) return new LocalJobQueue({ workers });
  const { BullmqJobQueue } = await import('../../trainer/jobs/bullmq/bullmq-queue.ts');
  return BullmqJobQueue.open({ url: o.queue, runId: config.queue.runId, version: packageManifest().version });
}
