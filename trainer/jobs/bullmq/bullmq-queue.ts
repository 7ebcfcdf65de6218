// The JobQueue contract on BullMQ over Redis: every job goes to the shared 'memnas-train' queue,
// where `memnas worker` processes on any machine train it. A job is retried up to three times
// (a worker killed mid-job is detected by BullMQ's stalled-job check and its job reruns
// elsewhere); its result is read back once, by job id, so a rerun is never recorded twice.
// With a watchdog, a search whose jobs wait while no worker is alive is told so, and after longer
// the queue lets go of its jobs (they stay queued in Redis, its promises never settle).
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { decodeWeights, encodeWeights } from '../../../search/architecture/weights-file.ts';
import { MemnasError } from '../../../search/errors.ts';
import type { TrainResult } from '../../contract.ts';
import type { JobQueue, TrainJob } from '../queue.ts';
import { BLOB_TTL_SECONDS, getBlob, putBlob } from './blobs.ts';
import { DatasetUploader } from './dataset-ref.ts';
import { jobIdOf } from './job-id.ts';
import { liveSlots } from './presence.ts';
import { checkedRedis, lastingRedis } from './redis-connection.ts';
import { parseJobResult, QUEUE_NAME, type JobData } from './wire.ts';
import { WorkerWatchdog, type WatchdogTimes } from './worker-watchdog.ts';

/** What a search is told while its jobs wait with no worker alive (worker-watchdog.ts). */
export interface QueueWatch extends WatchdogTimes {
  /** Once per spell without a worker: `waiting` unfinished jobs, for `idleMs`. */
  readonly onWarn: (waiting: number, idleMs: number) => void;
  /** A worker came after the warning. */
  readonly onBack: () => void;
  /**
   * No worker for stopAfterMs: the queue has let go (as if closed, but its jobs stay queued in
   * Redis and its submit() promises never settle, so no candidate is marked failed).
   */
  readonly onStop: (waiting: number, idleMs: number) => void;
}

export interface BullmqQueueOptions {
  /** redis://[:password@]host:port[/db] */
  readonly url: string;
  /** The search run's id: with the candidate, it names each job (a resumed run finds its jobs). */
  readonly runId: string;
  /** This memnas's version; workers of another version refuse the jobs. */
  readonly version: string;
  /** Tries per job before it counts as failed. Default 3. */
  readonly attempts?: number;
  /** How often unfinished jobs' states are read, in case an event was missed (e.g. over a Redis restart). Default 2000 ms. */
  readonly pollMs?: number;
  /** Watch for jobs waiting with no worker alive (default: not watched, they wait forever). */
  readonly watch?: QueueWatch;
}

interface Waiter {
  readonly candidate: string;
  readonly resolve: (r: TrainResult) => void;
  readonly reject: (e: Error) => void;
}

export class BullmqJobQueue implements JobQueue {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly settling = new Set<string>();
  private readonly datasets: DatasetUploader;
  private readonly sweep: NodeJS.Timeout;
  private readonly watchdog: WorkerWatchdog | undefined;
  private watching = false;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly redis: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly eventsRedis: Redis,
    private readonly options: BullmqQueueOptions,
  ) {
    this.datasets = new DatasetUploader(redis);
    const check = ({ jobId }: { jobId: string }): void => void this.settle(jobId);
    events.on('completed', check);
    events.on('failed', check);
    events.on('error', () => {}); // reconnects by itself; the sweep covers what it misses
    queue.on('error', () => {});
    this.watchdog = options.watch === undefined ? undefined : new WorkerWatchdog(options.watch);
    this.sweep = setInterval(() => {
      for (const id of this.waiting.keys()) void this.settle(id);
      void this.look();
    }, options.pollMs ?? 2000);
  }

  /** Connects (failing in one line if Redis is unreachable or refuses the password) and opens the queue. */
  static async open(options: BullmqQueueOptions): Promise<BullmqJobQueue> {
    const redis = await checkedRedis(options.url);
    const queue = new Queue(QUEUE_NAME, { connection: redis });
    // Connections handed to BullMQ stay open when it closes: shutdown() ends them itself.
    const eventsRedis = lastingRedis(options.url);
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsRedis });
    await events.waitUntilReady();
    return new BullmqJobQueue(redis, queue, events, eventsRedis, options);
  }

  async submit(job: TrainJob): Promise<TrainResult> {
    if (this.closed !== undefined) throw new MemnasError('USAGE', 'the job queue is closed');
    const data = await this.jobData(job);
    const jobId = jobIdOf(data);
    const result = new Promise<TrainResult>((resolve, reject) => {
      const list = this.waiting.get(jobId) ?? [];
      list.push({ candidate: data.candidate, resolve, reject });
      this.waiting.set(jobId, list);
    });
    await this.queue.add('train', data, {
      jobId,
      attempts: this.options.attempts ?? 3,
      backoff: { type: 'fixed', delay: 1000 },
      removeOnComplete: { age: BLOB_TTL_SECONDS },
      removeOnFail: { age: BLOB_TTL_SECONDS },
    });
    void this.settle(jobId); // it may have finished already (a resumed run)
    return result;
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    for (const [, list] of this.waiting)
      for (const w of list)
        w.reject(new MemnasError('WORKER_FAILED', 'the job queue was closed before this job finished'));
    this.waiting.clear();
    await this.release();
  }

  /** Stops watching and disconnects; unfinished jobs stay queued in Redis for a later search. */
  private async release(): Promise<void> {
    clearInterval(this.sweep);
    await this.events.close();
    await this.queue.close();
    this.eventsRedis.disconnect();
    this.redis.disconnect();
  }

  /** The watchdog's look: this search's unfinished jobs against the live workers' slots. */
  private async look(): Promise<void> {
    const watch = this.options.watch;
    if (watch === undefined || this.watchdog === undefined || this.watching || this.closed !== undefined)
      return;
    this.watching = true;
    try {
      const waiting = this.waiting.size;
      // Redis away: no verdict (a restart pauses the search; it is not a missing worker).
      const slots = waiting === 0 ? 0 : await liveSlots(this.redis).catch(() => undefined);
      if (slots === undefined || this.closed !== undefined) return;
      const v = this.watchdog.observe(Date.now(), waiting, slots);
      if (v.kind === 'warn') watch.onWarn(v.waiting, v.idleMs);
      else if (v.kind === 'back') watch.onBack();
      else if (v.kind === 'stop') {
        // close() then waits for this; the waiters are dropped, never settled, so the search
        // stops without marking a candidate failed.
        this.closed = this.release();
        this.waiting.clear();
        watch.onStop(v.waiting, v.idleMs);
      }
    } finally {
      this.watching = false;
    }
  }

  private async jobData(job: TrainJob): Promise<JobData> {
    const { initialWeights, ...options } = job.options ?? {};
    const weights =
      initialWeights === undefined ? undefined : await putBlob(this.redis, encodeWeights(initialWeights));
    return {
      memnasVersion: this.options.version,
      runId: this.options.runId,
      candidate: job.architecture.name,
      architecture: job.architecture,
      dataset: await this.datasets.ref(job.dataset),
      options,
      ...(weights === undefined ? {} : { initialWeights: weights }),
      ...(job.faultInjection === undefined ? {} : { faultInjection: job.faultInjection }),
    };
  }

  /** Reads a job's state; a finished job's waiters get its result (or its failure) exactly once. */
  private async settle(jobId: string): Promise<void> {
    if (!this.waiting.has(jobId) || this.settling.has(jobId)) return;
    this.settling.add(jobId);
    try {
      // The state first: a job read before its state would miss a return value written in between.
      const state = await this.queue.getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') return;
      const job = await this.queue.getJob(jobId);
      if (job === undefined) return;
      if (state === 'completed') this.finish(jobId, await this.result(jobId, job.returnvalue));
      else
        this.finish(
          jobId,
          new MemnasError(
            'JOB_FAILED',
            `${job.data.candidate} failed on the queue after ${job.attemptsMade} attempt(s): ${job.failedReason}`,
          ),
        );
    } catch (e) {
      // Redis unreachable for now: the next sweep tries again. A bad result fails the job.
      if (e instanceof MemnasError) this.finish(jobId, e);
    } finally {
      this.settling.delete(jobId);
    }
  }

  private async result(jobId: string, raw: unknown): Promise<TrainResult> {
    const r = parseJobResult(raw, jobId);
    const weights = decodeWeights(
      await getBlob(this.redis, r.weights, 'trained weights'),
      `weights of job ${jobId}`,
    );
    return {
      validationAccuracy: r.validationAccuracy,
      validationLoss: r.validationLoss,
      lossCurve: r.lossCurve,
      imagesSeen: r.imagesSeen,
      seconds: r.seconds,
      backend: r.backend,
      weights,
    };
  }

  private finish(jobId: string, outcome: TrainResult | Error): void {
    const list = this.waiting.get(jobId) ?? [];
    this.waiting.delete(jobId);
    for (const w of list) {
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    }
  }
}
