// Where a search's candidates train: the local worker-process pool (the default), or with --queue
// BullMQ workers over Redis. A queued run is named by a random run id saved with its settings, so
// its jobs' ids are the same after a --resume and the jobs that finished meanwhile are found.
// A queued search whose jobs wait while no worker is alive says so, and stops after
// --worker-wait with one line, failing no candidate, so that --resume continues it.
import { randomBytes } from 'node:crypto';
import { MemnasError } from '../../search/errors.ts';
import type { QueueWatch } from '../../trainer/jobs/bullmq/bullmq-queue.ts';
import { redactedRedisUrl, redisLabel } from '../../trainer/jobs/bullmq/redis-url.ts';
import { DEFAULT_WATCHDOG, watchdogTimes } from '../../trainer/jobs/bullmq/worker-watchdog.ts';
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

export interface OpenedQueue {
  readonly queue: JobQueue;
  /** Rejects (one line) when a queued search must stop because no worker came; never settles otherwise. */
  readonly halted: Promise<never>;
}

/** The run's JobQueue: BullMQ when it was planned with --queue, else local worker processes. */
export async function openQueue(
  o: SearchOptions,
  config: RunConfig,
  workers: number,
  dir: string,
  note: (line: string) => void,
): Promise<OpenedQueue> {
  const never = new Promise<never>(() => {});
  if (o.queue === undefined || config.queue === undefined)
    return { queue: new LocalJobQueue({ workers }), halted: never };
  const { BullmqJobQueue } = await import('../../trainer/jobs/bullmq/bullmq-queue.ts');
  let halt: (e: MemnasError) => void = () => {};
  const halted = new Promise<never>((_, reject) => (halt = reject));
  const queue = await BullmqJobQueue.open({
    url: o.queue,
    runId: config.queue.runId,
    version: packageManifest().version,
    watch: queueWatch(o.queue, o.workerWaitSeconds, dir, note, halt),
  });
  return { queue, halted };
}

function queueWatch(
  url: string,
  waitSeconds: number | undefined,
  dir: string,
  note: (line: string) => void,
  halt: (e: MemnasError) => void,
): QueueWatch {
  const times = waitSeconds === undefined ? DEFAULT_WATCHDOG : watchdogTimes(Math.round(waitSeconds * 1000));
  const label = redisLabel(url);
  const start = `memnas worker --redis ${redactedRedisUrl(url)}`;
  return {
    ...times,
    onWarn: (waiting, idleMs) =>
      note(
        `${waiting} job(s) wait and no memnas worker is connected to ${label} (none for ${seconds(idleMs)}): start one with \`${start}\`; the search stops after ${seconds(times.stopAfterMs)} without one, keeping what finished`,
      ),
    onBack: () => note(`a memnas worker is connected to ${label}: the search goes on`),
    onStop: (waiting) =>
      halt(
        new MemnasError(
          'UNAVAILABLE',
          `no memnas worker connected to ${label} for ${seconds(times.stopAfterMs)}: stopped with ${waiting} job(s) still queued and no candidate failed; start \`${start}\`, then continue with \`memnas search --resume --out ${dir} --queue ${redactedRedisUrl(url)}\``,
        ),
      ),
  };
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 120 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}
