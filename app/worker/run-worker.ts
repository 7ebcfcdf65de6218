// `memnas worker`'s workflow: connect to Redis (one line and a non-zero exit if it cannot),
// announce this worker, and train jobs from the shared queue — each in a local worker process,
// up to --concurrency at once — printing a line per job, until stop() (SIGINT/SIGTERM).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { processJob } from '../../trainer/jobs/bullmq/process-job.ts';
import { announce } from '../../trainer/jobs/bullmq/presence.ts';
import { checkedRedis, lastingRedis } from '../../trainer/jobs/bullmq/redis-connection.ts';
import { redisLabel } from '../../trainer/jobs/bullmq/redis-url.ts';
import { QUEUE_NAME, type JobResult } from '../../trainer/jobs/bullmq/wire.ts';
import { LocalJobQueue } from '../../trainer/jobs/local-queue.ts';
import { packageManifest } from '../package-manifest.ts';

export interface WorkerSettings {
  /** redis://[:password@]host:port[/db] */
  readonly redis: string;
  /** Jobs trained at once, each in its own process. Default 1. */
  readonly concurrency: number;
  /** Shown in the search's logs and results. Default HOST-PID. */
  readonly name: string;
  /** How long a job's lock lasts without renewal before BullMQ counts the job as stalled. Default 30 s. */
  readonly lockMs: number;
  /** Honour jobs' fault injection (tests). Default false. */
  readonly allowFaults: boolean;
}

export interface RunningWorker {
  readonly label: string;
  stop(): Promise<void>;
}

export const DEFAULT_LOCK_MS = 30_000;

export async function startWorker(s: WorkerSettings, log: (line: string) => void): Promise<RunningWorker> {
  const redis = await checkedRedis(s.redis);
  const local = new LocalJobQueue({ workers: s.concurrency });
  const deps = {
    redis,
    local,
    version: packageManifest().version,
    cacheDir: join(process.env.MEMNAS_HOME ?? join(homedir(), '.memnas'), 'queue-datasets'),
    name: s.name,
    allowFaults: s.allowFaults,
  };
  const connection = lastingRedis(s.redis);
  const worker = new Worker(QUEUE_NAME, (job: Job) => processJob(job.data, deps), {
    connection,
    concurrency: s.concurrency,
    name: s.name,
    lockDuration: s.lockMs,
    // Checked twice per lock period; a job found stalled twice (two workers lost) fails.
    stalledInterval: Math.max(500, Math.floor(s.lockMs / 2)),
    maxStalledCount: 2,
  });
  watch(worker, log);
  const unannounce = announce(redis, s.name, s.concurrency);
  await worker.waitUntilReady();
  const label = redisLabel(s.redis);
  log(`worker ${s.name}: ${s.concurrency} slot(s) on ${label}, queue ${QUEUE_NAME}, memnas ${deps.version}`);
  return {
    label,
    async stop() {
      await unannounce();
      await worker.close();
      await local.close();
      // BullMQ leaves a connection it was given open.
      connection.disconnect();
      redis.disconnect();
    },
  };
}

function watch(worker: Worker, log: (line: string) => void): void {
  worker.on('active', (job) =>
    log(`job ${job.id} (${describe(job)}) started, attempt ${job.attemptsStarted}`),
  );
  worker.on('completed', (job, r: JobResult) =>
    log(
      `job ${job.id} (${describe(job)}) trained in ${r.seconds.toFixed(1)} s on ${r.backend}: validation ${(100 * r.validationAccuracy).toFixed(2)}%`,
    ),
  );
  worker.on('failed', (job, err) =>
    log(
      `job ${job?.id ?? '?'} (${job === undefined ? '?' : describe(job)}) failed: ${err.message.split('\n')[0]}`,
    ),
  );
  let last = '';
  worker.on('error', (err) => {
    // Redis away: BullMQ reconnects by itself; say so once, not on every retry.
    if (err.message !== last) log(`worker: ${err.message.split('\n')[0]}`);
    last = err.message;
  });
}

function describe(job: Job): string {
  const data = job.data as { candidate?: unknown } | undefined;
  return typeof data?.candidate === 'string' ? data.candidate : 'malformed';
}
