// The job-queue contract for training many candidates: submit a job, get a promise of its
// result. LocalJobQueue (local-queue.ts) runs jobs in worker processes on this machine; a
// distributed queue can implement the same interface later. Jobs are plain JSON-like data, so
// they can cross a process or network boundary unchanged.

import type { Architecture } from '../../search/architecture/types.ts';
import type { TrainOptions, TrainResult } from '../contract.ts';
import type { DatasetSpec } from '../data/spec.ts';

export interface TrainJob {
  readonly architecture: Architecture;
  /** Loaded once per worker and reused by every job naming the same spec. */
  readonly dataset: DatasetSpec;
  readonly options?: TrainOptions;
  /**
   * Test hook for crash isolation: makes the worker running this job die ('exit': process.exit,
   * 'abort': a native abort, 'throw': an uncaught exception, 'oom': exhaust the JS heap) instead
   * of training. Never set outside tests.
   */
  readonly faultInjection?: 'exit' | 'abort' | 'throw' | 'oom';
}

export interface JobQueue {
  /**
   * Queues a job. Resolves with its TrainResult; rejects with MemnasError 'WORKER_FAILED' when
   * the worker running it dies (other jobs are unaffected), or with the training error itself.
   */
  submit(job: TrainJob): Promise<TrainResult>;
  /** Rejects queued jobs, stops the workers and waits for them to exit. */
  close(): Promise<void>;
}
