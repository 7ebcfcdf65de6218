// BullMQ queue end to end with real processes: Debian's redis-server on a free port and two
// `memnas worker` processes, each in a network namespace of its own where the machine allows
// (root and `ip netns`: standing for two hosts, over veth links), over the loopback otherwise;
// the suite's title says which. Covers training by blob and inherited weights by hash, a worker
// SIGKILLed mid-job, a job failing three times, a malformed job, a Redis restart with AOF and a
// search that comes back for jobs that finished while it was gone.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMemnasError } from '../../../../search/errors.ts';
import { BullmqJobQueue } from '../../../../trainer/jobs/bullmq/bullmq-queue.ts';
import { lastingRedis } from '../../../../trainer/jobs/bullmq/redis-connection.ts';
import { QUEUE_NAME } from '../../../../trainer/jobs/bullmq/wire.ts';
import type { TrainJob } from '../../../../trainer/jobs/queue.ts';
import { packageManifest } from '../../../../app/package-manifest.ts';
import { tinyArch } from '../../train/tiny.ts';
import { tinyIdx } from '../tiny-idx.ts';
import { makeHosts } from './netns-hosts.ts';
import { hasRedis, RedisServer, startWorker, type WorkerProcess } from './redis-harness.ts';

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isMemnasError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}

const version = packageManifest().version;
const root = mkdtempSync(join(tmpdir(), 'memnas-bullmq-'));
const env = { MEMNAS_QUEUE_LOCK_MS: '3000', MEMNAS_QUEUE_TEST_FAULTS: '1', MEMNAS_HOME: join(root, 'home') };
let redis: RedisServer;
let workers: WorkerProcess[] = [];
const hosts = makeHosts(2);
const where =
  hosts.mode === 'loopback' ? `over the loopback (${hosts.why})` : 'each in its own network namespace';
let job: TrainJob;

const openQueue = (runId: string): Promise<BullmqJobQueue> =>
  BullmqJobQueue.open({ url: redis.url, runId, version, pollMs: 500 });

describe.skipIf(!hasRedis)(`BullmqJobQueue with two worker processes ${where}`, () => {
  beforeAll(async () => {
    redis = await RedisServer.start(root, ['--appendonly', 'yes', '--appendfsync', 'always'], hosts.bind);
    workers = await Promise.all(
      ['wa', 'wb'].map((n, i) => startWorker(redis.urlFrom(hosts.hosts[i]!), n, env, hosts.hosts[i])),
    );
    job = {
      architecture: tinyArch(),
      dataset: tinyIdx(root),
      options: { budget: { epochs: 2 }, batchSize: 32 },
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.kill();
    hosts.teardown();
  });

  it('trains on the workers, with the dataset as one blob and inherited weights by hash', async () => {
    const queue = await openQueue('train');
    try {
      const [a, b] = await Promise.all([
        queue.submit(job),
        queue.submit({ ...job, options: { ...job.options, seed: 1 } }),
      ]);
      expect(a.validationAccuracy).toBeGreaterThan(0.8);
      expect(b.weights.dense?.kernel?.data).toBeInstanceOf(Float32Array);
      const child = await queue.submit({
        ...job,
        options: { ...job.options, seed: 2, initialWeights: a.weights },
      });
      expect(child.validationAccuracy).toBeGreaterThan(0.8);
    } finally {
      await queue.close();
    }
    // One blob, unpacked once per machine (both workers share MEMNAS_HOME here).
    expect(
      readdirSync(join(env.MEMNAS_HOME, 'queue-datasets')).filter((d) => !d.includes('.tmp')),
    ).toHaveLength(1);
  }, 120_000);

  it('reruns the job of a worker SIGKILLed mid-job on the other worker, and reports it once', async () => {
    const queue = await openQueue('kill');
    try {
      const long = { ...job, options: { ...job.options, budget: { seconds: 6 }, seed: 7 } };
      const pending = queue.submit(long);
      let settled = 0;
      void pending.then(() => settled++);
      const started = await Promise.race(
        workers.map((w) => w.waitFor(/started, attempt 1/, 60_000).then(() => w)),
      );
      const other = workers.find((w) => w !== started)!;
      const host = hosts.hosts[workers.indexOf(started)]!;
      started.child.kill('SIGKILL');
      const r = await pending;
      expect(r.validationAccuracy).toBeGreaterThan(0.5);
      // The job's completion reaches the queue before the worker's line is read from its pipe.
      await other.waitFor(/kill\.tiny.*\(tiny\) trained in/, 10_000);
      await new Promise((res) => setTimeout(res, 1500));
      expect(settled).toBe(1);
      // The new worker takes the killed one's place (and namespace).
      const wc = await startWorker(redis.urlFrom(host), 'wc', env, host);
      workers = started === workers[0] ? [wc, other] : [other, wc];
    } finally {
      await queue.close();
    }
  }, 150_000);

  it('fails a job after three attempts with its error, and goes on with the others', async () => {
    const queue = await openQueue('fail');
    try {
      const bad = queue.submit({ ...job, faultInjection: 'exit' });
      const good = queue.submit({ ...job, options: { ...job.options, seed: 3 } });
      expect(await failure(bad)).toMatch(
        /^JOB_FAILED: tiny failed on the queue after 3 attempt\(s\): training worker \d+ exited with code 70/,
      );
      expect((await good).validationAccuracy).toBeGreaterThan(0.8);
    } finally {
      await queue.close();
    }
  }, 120_000);

  it('refuses a job of another memnas version or a malformed one at once, and the worker lives on', async () => {
    const raw = new Queue(QUEUE_NAME, { connection: lastingRedis(redis.url) });
    try {
      const other = await raw.add('train', { memnasVersion: '0.0.1-other' }, { attempts: 3 });
      const wrong = await raw.add(
        'train',
        {
          memnasVersion: version,
          runId: 'x',
          candidate: 'c',
          architecture: {},
          dataset: { kind: 'named', name: 'fashion-mnist' },
          options: {},
        },
        { attempts: 3 },
      );
      const reason = async (id: string | undefined): Promise<string> => {
        for (let i = 0; i < 200; i++) {
          const j = await raw.getJob(id!);
          // Read again once failed: the copy fetched before may predate the failure.
          if ((await j?.getState()) === 'failed') {
            const f = (await raw.getJob(id!))!;
            return `${f.attemptsMade}: ${f.failedReason}`;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        return 'not failed';
      };
      expect(await reason(other.id)).toMatch(
        /^1: RUN_INCOMPATIBLE: job made by memnas 0\.0\.1-other, this worker is memnas /,
      );
      expect(await reason(wrong.id)).toMatch(/^1: ARCH_/);
    } finally {
      await raw.close();
    }
    const queue = await openQueue('after-bad');
    try {
      expect((await queue.submit(job)).validationAccuracy).toBeGreaterThan(0.8);
    } finally {
      await queue.close();
    }
  }, 120_000);

  it('loses no job when Redis restarts (AOF on, appendfsync always)', async () => {
    const queue = await openQueue('restart');
    try {
      const jobs = [0, 1, 2, 3].map((seed) =>
        queue.submit({ ...job, options: { ...job.options, budget: { seconds: 2 }, seed: 10 + seed } }),
      );
      await Promise.race(workers.map((w) => w.waitFor(/restart\.tiny.*started/, 60_000)));
      await redis.kill();
      await new Promise((r) => setTimeout(r, 500));
      await redis.launch();
      const results = await Promise.all(jobs);
      expect(results.every((r) => r.validationAccuracy > 0.5)).toBe(true);
    } finally {
      await queue.close();
    }
  }, 150_000);

  it('gives a search that comes back the results of jobs that finished while it was gone, without retraining', async () => {
    const first = await openQueue('resume');
    const gone = first.submit({ ...job, options: { ...job.options, seed: 20 } });
    void gone.catch(() => undefined);
    await Promise.race(workers.map((w) => w.waitFor(/resume\.tiny.*started/, 60_000)));
    await first.close(); // the search dies; its job trains on
    await Promise.race(workers.map((w) => w.waitFor(/resume\.tiny.*trained in/, 60_000)));
    const again = await openQueue('resume');
    try {
      const r = await again.submit({ ...job, options: { ...job.options, seed: 20 } });
      expect(r.validationAccuracy).toBeGreaterThan(0.5);
      const runs = workers.flatMap((w) => w.lines).filter((l) => /resume\.tiny.*started/.test(l));
      expect(runs).toHaveLength(1);
    } finally {
      await again.close();
    }
  }, 120_000);
});
