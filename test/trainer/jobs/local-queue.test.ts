// LocalJobQueue with real worker processes (TypeScript through tsx): jobs train and return
// weights, the dataset spec is loaded in the worker, and a worker that dies fails only its own
// job — the next job runs on a replacement worker.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMemnasError } from '../../../search/errors.ts';
import type { DatasetSpec } from '../../../trainer/data/spec.ts';
import { LocalJobQueue } from '../../../trainer/jobs/local-queue.ts';
import type { TrainJob } from '../../../trainer/jobs/queue.ts';
import { tinyArch } from '../train/tiny.ts';
import { tinyIdx } from './tiny-idx.ts';

function tinyIdxSpec(): DatasetSpec {
  return tinyIdx(mkdtempSync(join(tmpdir(), 'memnas-jobs-')));
}

const queue = new LocalJobQueue({ workers: 2, backend: 'wasm', forwardWorkerOutput: false });
const job: TrainJob = {
  architecture: tinyArch(),
  dataset: tinyIdxSpec(),
  options: { budget: { epochs: 3 }, batchSize: 32 },
};

afterAll(async () => {
  await queue.close();
});

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isMemnasError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}

describe('LocalJobQueue', () => {
  it('trains jobs in worker processes and returns their results', async () => {
    const [a, b] = await Promise.all([
      queue.submit(job),
      queue.submit({ ...job, options: { ...job.options, seed: 1 } }),
    ]);
    for (const r of [a, b]) {
      expect(r.backend).toBe('wasm');
      expect(r.validationAccuracy).toBeGreaterThan(0.8);
      expect(r.weights.dense?.kernel?.data).toBeInstanceOf(Float32Array);
    }
    expect(queue.backends.map((x) => x.threads)).toEqual([1, 1]);
  });

  it('fails only the job whose worker crashes, and replaces the worker', async () => {
    const crashes = (['exit', 'abort', 'throw'] as const).map((faultInjection) =>
      queue.submit({ ...job, faultInjection }),
    );
    const after = queue.submit(job);
    const reasons = await Promise.all(crashes.map(failure));
    expect(reasons[0]).toMatch(/^WORKER_FAILED: training worker \d+ exited with code 70 while training tiny/);
    expect(reasons[1]).toMatch(/^WORKER_FAILED: training worker \d+ was killed by SIGABRT/);
    expect(reasons[2]).toMatch(
      /^WORKER_FAILED: .*exited with code \d+ while training tiny: Error: injected uncaught exception$/,
    );
    expect((await after).validationAccuracy).toBeGreaterThan(0.8);
  });

  it('reports a training error without losing the worker', async () => {
    const bad = {
      ...job,
      architecture: { ...job.architecture, input: { ...job.architecture.input, shape: [9, 9, 1] as const } },
    };
    expect(await failure(queue.submit(bad))).toMatch(/^ARCH_SHAPE_MISMATCH: .*takes 9×9×1 images/);
    expect((await queue.submit(job)).imagesSeen).toBeGreaterThan(0);
  });

  it('fails a job whose worker runs out of memory', async () => {
    const small = new LocalJobQueue({
      workers: 1,
      backend: 'wasm',
      maxOldSpaceMb: 64,
      forwardWorkerOutput: false,
    });
    try {
      const reason = await failure(small.submit({ ...job, faultInjection: 'oom' }));
      expect(reason).toMatch(
        /^WORKER_FAILED: training worker \d+ (was killed by SIG[A-Z]+|exited with code \d+) while training tiny: .*heap out of memory/,
      );
      expect((await small.submit(job)).imagesSeen).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});
