// Benchmark: candidates trained by two `memnas worker` processes through BullMQ on a local
// redis-server, against the local worker-process pool (two processes) on the same machine.
// Prints candidates per minute of each (target: the queue ≥ 0.9× the pool), the per-job overhead
// (a job's wall time at the search minus the training time its worker reports) and Redis's own
// counters per candidate — commands and bytes in and out (INFO stats) — with the idle workers'
// command rate, and what those mean for 10 and 100 workers; the queue's overhead split into its
// phases (distributed/phases.ts). The last line is a JSON object.
//
//   npm run bench:distributed -- [--candidates N] [--images N]
//
// Uses Fashion-MNIST, resolved by name on the workers (Debian's dataset-fashion-mnist).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseArchitecture } from '../search/architecture/parse.ts';
import { packageManifest } from '../app/package-manifest.ts';
import { BullmqJobQueue } from '../trainer/jobs/bullmq/bullmq-queue.ts';
import { checkedRedis } from '../trainer/jobs/bullmq/redis-connection.ts';
import { LocalJobQueue } from '../trainer/jobs/local-queue.ts';
import type { JobQueue, TrainJob } from '../trainer/jobs/queue.ts';
import { jobPhases, type Phases, type TimedJob } from './distributed/phases.ts';
import { redisCounters, startRedis, startWorker, stop } from './distributed/processes.ts';

const { values } = parseArgs({
  options: { candidates: { type: 'string', default: '8' }, images: { type: 'string', default: '6000' } },
});
const count = Number(values.candidates);
const images = Number(values.images);

function jobs(tag: string): TrainJob[] {
  const fixture = new URL('../test/fixtures/architectures/fashion-small.json', import.meta.url);
  const arch = parseArchitecture(JSON.parse(readFileSync(fixture, 'utf8')));
  return Array.from({ length: count }, (_, i) => ({
    architecture: { ...arch, name: `${tag}-${i}` },
    dataset: { source: { kind: 'fashion-mnist' }, limit: { validation: 2000 } },
    options: { budget: { images }, batchSize: 64, seed: i },
  }));
}

interface Timing {
  readonly perMinute: number;
  /** Mean of (wall ms at the caller − training ms the worker reports), jobs one at a time. */
  readonly overheadMs: number;
  /** The jobs run one at a time, for their phases (phases.ts). */
  readonly sequential: readonly TimedJob[];
}

/** Warms the workers (untimed), trains `count` jobs at once, then three one at a time for the overhead. */
async function measure(queue: JobQueue, tag: string): Promise<Timing> {
  await Promise.all(
    jobs(`${tag}-warm`)
      .slice(0, 2)
      .map((j) => queue.submit({ ...j, options: { ...j.options, budget: { images: 256 } } })),
  );
  const started = performance.now();
  await Promise.all(jobs(tag).map((j) => queue.submit(j)));
  const minutes = (performance.now() - started) / 60_000;
  const overheads: number[] = [];
  const sequential: TimedJob[] = [];
  for (const j of jobs(`${tag}-seq`).slice(0, 3)) {
    const [t, submittedAt] = [performance.now(), Date.now()];
    const r = await queue.submit({ ...j, options: { ...j.options, budget: { images: 512 } } });
    overheads.push(performance.now() - t - r.seconds * 1000);
    const timed = { candidate: j.architecture.name, submittedAt, trainMs: r.seconds * 1000 };
    sequential.push({ ...timed, resolvedAt: Date.now() });
  }
  const timing = {
    perMinute: count / minutes,
    overheadMs: overheads.reduce((a, b) => a + b, 0) / overheads.length,
    sequential,
  };
  console.error(
    `  ${tag}: ${timing.perMinute.toFixed(2)} candidates/min, overhead ${timing.overheadMs.toFixed(0)} ms/job`,
  );
  return timing;
}

async function queued(): Promise<{
  timing: Timing;
  phases: Phases;
  perCandidate: Record<string, number>;
  idleOpsPerWorkerSecond: number;
}> {
  const redis = await startRedis();
  const workers = await Promise.all(['bench-a', 'bench-b'].map((n) => startWorker(redis.url, n)));
  const probe = await checkedRedis(redis.url);
  const runId = `bench${Date.now()}`;
  const queue = await BullmqJobQueue.open({ url: redis.url, runId, version: packageManifest().version });
  try {
    const idle0 = await redisCounters(probe);
    await new Promise((r) => setTimeout(r, 10_000));
    const idle1 = await redisCounters(probe);
    const before = await redisCounters(probe);
    const timing = await measure(queue, 'queued');
    const after = await redisCounters(probe);
    // count + 2 warm-up + 3 sequential candidates went through the queue in that window.
    const n = count + 5;
    const phases = await jobPhases(probe, runId, timing.sequential);
    console.error(
      `  queued phases (ms per job, one at a time): enqueue ${phases.enqueueMs.toFixed(0)}, pick-up ${phases.pickupMs.toFixed(0)}, worker around training ${phases.workerMs.toFixed(0)}, back to the search ${phases.returnMs.toFixed(0)}`,
    );
    return {
      timing,
      phases,
      perCandidate: {
        ops: (after.ops - before.ops) / n,
        bytesIn: (after.bytesIn - before.bytesIn) / n,
        bytesOut: (after.bytesOut - before.bytesOut) / n,
      },
      idleOpsPerWorkerSecond: (idle1.ops - idle0.ops - 2) / 10 / workers.length,
    };
  } finally {
    await queue.close();
    probe.disconnect();
    await Promise.all(workers.map(stop));
    await stop(redis.child);
  }
}

console.error(
  `load average ${(loadavg()[0] ?? 0).toFixed(2)}; ${count} candidates × ${images} images of fashion-small, 2 workers each way`,
);
const local = new LocalJobQueue({ workers: 2, backend: 'wasm' });
let pool: Timing;
try {
  pool = await measure(local, 'local');
} finally {
  await local.close();
}
const q = await queued();
const perMinuteAt = (workers: number): number => (q.timing.perMinute / 2) * workers;
const opsPerSecondAt = (workers: number): number =>
  (perMinuteAt(workers) * q.perCandidate.ops!) / 60 + workers * q.idleOpsPerWorkerSecond;
console.error(`queue/pool throughput ${(q.timing.perMinute / pool.perMinute).toFixed(2)}× (target ≥ 0.9)`);
console.error(
  `Redis per candidate: ${q.perCandidate.ops!.toFixed(0)} commands, ${(q.perCandidate.bytesIn! / 1000).toFixed(1)} KB in, ${(q.perCandidate.bytesOut! / 1000).toFixed(1)} KB out; idle worker ${q.idleOpsPerWorkerSecond.toFixed(1)} commands/s`,
);
for (const w of [10, 100])
  console.error(
    `  ${w} workers at this per-worker speed: ~${opsPerSecondAt(w).toFixed(0)} Redis commands/s, ~${((perMinuteAt(w) * (q.perCandidate.bytesIn! + q.perCandidate.bytesOut!)) / 60 / 1000).toFixed(0)} KB/s`,
  );
console.log(
  JSON.stringify({
    machine: 'see docs/benchmarks.md',
    loadAverage: loadavg()[0],
    candidates: count,
    images,
    local: { perMinute: pool.perMinute, overheadMs: pool.overheadMs },
    queued: { perMinute: q.timing.perMinute, overheadMs: q.timing.overheadMs },
    queuedPhasesMs: q.phases,
    ratio: q.timing.perMinute / pool.perMinute,
    redisPerCandidate: q.perCandidate,
    idleOpsPerWorkerSecond: q.idleOpsPerWorkerSecond,
    projected: Object.fromEntries(
      [10, 100].map((w) => [w, { opsPerSecond: opsPerSecondAt(w), candidatesPerMinute: perMinuteAt(w) }]),
    ),
  }),
);
