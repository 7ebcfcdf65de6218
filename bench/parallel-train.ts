// Benchmark: two candidates trained by two worker processes at once versus one worker training
// them one after the other. Prints the speed-up (target ≥ 1.7× on 2 cores) and, as its last
// line, a JSON object. Each worker runs wasm with one thread, so two workers fill two cores.
//
//   npx tsx bench/parallel-train.ts [--images N] [--workers N] [--rounds N]
//
// The two set-ups alternate for several rounds and the best time of each is reported, which
// damps the noise of other work on the machine; the run also measures how much parallelism a
// plain CPU loop gets right now, the ceiling for this benchmark.
// Uses Fashion-MNIST when Debian's copy is installed, else random images of the same shape
// (speed does not depend on the pixels).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseArchitecture } from '../search/architecture/parse.ts';
import type { Architecture } from '../search/architecture/types.ts';
import type { BackendInfo } from '../trainer/backend/index.ts';
import { filesIn, SYSTEM_FASHION_MNIST } from '../trainer/data/fashion-mnist.ts';
import type { DatasetSpec } from '../trainer/data/spec.ts';
import { LocalJobQueue } from '../trainer/jobs/local-queue.ts';
import type { TrainJob } from '../trainer/jobs/queue.ts';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '12800' },
    workers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
  },
});
const images = Number(values.images);
const workers = Number(values.workers);
const rounds = Number(values.rounds);

/**
 * Two candidates of equal cost (the fixture network, and the same with relu6), so the parallel
 * time measures the workers rather than waiting on the longer of two unequal jobs.
 */
function candidates(): Architecture[] {
  const fixture = new URL('../test/fixtures/architectures/fashion-small.json', import.meta.url);
  const first = parseArchitecture(JSON.parse(readFileSync(fixture, 'utf8')));
  const nodes = first.nodes.map((n) => (n.op === 'activation' ? { ...n, fn: 'relu6' as const } : n));
  return [first, { ...first, name: 'fashion-small-relu6', nodes }];
}

function dataset(): DatasetSpec {
  if (filesIn(SYSTEM_FASHION_MNIST) !== undefined)
    return { source: { kind: 'fashion-mnist', path: SYSTEM_FASHION_MNIST } };
  console.error(`${SYSTEM_FASHION_MNIST} not found: benchmarking on random 28×28 images`);
  const dir = mkdtempSync(join(tmpdir(), 'memnas-bench-'));
  const n = 6000;
  const header = (dims: number[]): Buffer => {
    const h = Buffer.alloc(4 + 4 * dims.length);
    h.writeUInt8(8, 2);
    h.writeUInt8(dims.length, 3);
    dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
    return h;
  };
  const pixels = Buffer.from(Array.from({ length: n * 784 }, () => Math.floor(Math.random() * 256)));
  writeFileSync(join(dir, 'images'), Buffer.concat([header([n, 28, 28]), pixels]));
  writeFileSync(
    join(dir, 'labels'),
    Buffer.concat([header([n]), Buffer.from(Array.from({ length: n }, (_, i) => i % 10))]),
  );
  return { source: { kind: 'idx', trainImages: join(dir, 'images'), trainLabels: join(dir, 'labels') } };
}

/** Starts `count` workers and loads the dataset in each (a tiny job per worker), untimed. */
async function warm(queue: LocalJobQueue, job: TrainJob, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, () =>
      queue.submit({ ...job, options: { ...job.options, budget: { images: 256 } } }),
    ),
  );
}

/** Trains every job through `queue` and returns the wall-clock seconds. */
async function timeJobs(queue: LocalJobQueue, jobs: TrainJob[], label: string): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(jobs.map((j) => queue.submit(j)));
  const seconds = (performance.now() - started) / 1000;
  const each = results.map(
    (r, i) =>
      `${jobs[i]?.architecture.name} ${r.seconds.toFixed(1)} s (${(r.validationAccuracy * 100).toFixed(1)}%)`,
  );
  console.error(`  ${label}: ${seconds.toFixed(1)} s — ${each.join(', ')}`);
  return seconds;
}

/**
 * What this machine allows right now: the same pure-JS loop in 1 process, then in `count` at
 * once. Other load on the machine (or cores that are hyperthreads of one) shows up here.
 */
async function cpuCeiling(count: number): Promise<number> {
  const loop = 'let x=0;for(let i=0;i<2e8;i++)x+=Math.sqrt(i);if(x<0)console.log(x)';
  const run = async (n: number): Promise<number> => {
    const started = performance.now();
    await Promise.all(Array.from({ length: n }, () => promisify(execFile)(process.execPath, ['-e', loop])));
    return (performance.now() - started) / 1000;
  };
  const one = await run(1);
  return (count * one) / (await run(count));
}

const loadBefore = loadavg()[0] ?? 0;
const ceiling = await cpuCeiling(workers);
console.error(
  `load average ${loadBefore.toFixed(2)}; a plain CPU loop in ${workers} processes runs ${ceiling.toFixed(2)}× as fast as in one`,
);
const spec = dataset();
const jobs: TrainJob[] = candidates().map((architecture) => ({
  architecture,
  dataset: { ...spec, limit: { validation: 2000 } },
  options: { budget: { images }, batchSize: 128, seed: 1 },
}));
const single = new LocalJobQueue({ workers: 1, backend: 'wasm', threadsPerWorker: 1 });
const pool = new LocalJobQueue({ workers, backend: 'wasm', threadsPerWorker: 1 });
const times = { sequential: Infinity, parallel: Infinity };
let backend: BackendInfo | undefined;
try {
  // Start the workers and load the dataset in each, untimed.
  await warm(single, jobs[0] as TrainJob, 1);
  await warm(pool, jobs[0] as TrainJob, workers);
  console.error(
    `${jobs.length} candidates × ${images} images; 1 worker one after the other vs ${workers} workers at once`,
  );
  for (let round = 1; round <= rounds; round++) {
    times.sequential = Math.min(times.sequential, await timeJobs(single, jobs, `round ${round}, 1 worker`));
    times.parallel = Math.min(
      times.parallel,
      await timeJobs(pool, jobs, `round ${round}, ${workers} workers`),
    );
  }
  backend = pool.backends[0];
} finally {
  await Promise.all([single.close(), pool.close()]);
}
const sequential = { seconds: times.sequential };
const parallel = {
  seconds: times.parallel,
  backend: backend?.name ?? 'wasm',
  threads: backend?.threads ?? 1,
};
const speedup = sequential.seconds / parallel.seconds;
console.log(
  `sequential ${sequential.seconds.toFixed(1)} s, parallel ${parallel.seconds.toFixed(1)} s: speed-up ${speedup.toFixed(2)}× ` +
    `(target ≥ 1.7×; this machine's ceiling right now ${ceiling.toFixed(2)}×, load average ${loadBefore.toFixed(2)})`,
);
console.log(
  JSON.stringify({
    candidates: jobs.length,
    imagesPerCandidate: images,
    workers,
    backend: parallel.backend,
    threadsPerWorker: parallel.threads,
    sequentialSeconds: Number(sequential.seconds.toFixed(2)),
    parallelSeconds: Number(parallel.seconds.toFixed(2)),
    speedup: Number(speedup.toFixed(3)),
    cpuCeiling: Number(ceiling.toFixed(3)),
    loadAverage: Number(loadBefore.toFixed(2)),
  }),
);
