// The coordinator's storage contract: devices, models, jobs, their attempts and results. Every
// method that changes a job is one atomic transition, so a job is never lost (it is always
// queued, running, done or failed) and never reported twice (one result per job, from the
// attempt that holds it). The SQLite implementation is db/sqlite-store.ts.
import type { DeviceDescription, ErrorInfo, JobSpec, ProfileResult } from '../../profiler-agent/protocol.ts';

export interface DeviceRecord {
  readonly name: string;
  readonly description: DeviceDescription;
  readonly agentVersion: string;
  /** Epoch milliseconds. */
  readonly registeredAt: number;
  readonly lastSeenAt: number;
}

/** A job runs on one named device, or on any device carrying a tag. */
export type JobTarget = { readonly device: string } | { readonly tag: string };

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** An error stored with a job: an agent's code (protocol.ts) or the coordinator's own. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

export interface JobRecord {
  readonly id: string;
  readonly modelSha256: string;
  readonly modelBytes: number;
  readonly target: JobTarget;
  readonly spec: JobSpec;
  readonly state: JobState;
  /** Dispatches so far; the running (or last) attempt's number. 0 before the first dispatch. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The device holding (or that last held) the job. */
  readonly deviceName: string | null;
  /** While running: when the holder's lease ends unless it sends a heartbeat naming the job. */
  readonly leaseExpiresAt: number | null;
  /** While running: when the attempt is given up however alive the holder is. */
  readonly deadlineAt: number | null;
  readonly error: JobError | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
}

export type AttemptOutcome = 'running' | 'done' | 'failed' | 'abandoned' | 'timeout';

export interface AttemptRecord {
  readonly jobId: string;
  readonly attempt: number;
  readonly deviceName: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly outcome: AttemptOutcome;
  /** Why the attempt ended other than 'done'. */
  readonly detail: string | null;
}

export interface StoredResult {
  readonly jobId: string;
  readonly attempt: number;
  readonly deviceName: string;
  /** The whole ProfileResult, raw latencies of every batch included. */
  readonly result: ProfileResult;
  readonly receivedAt: number;
}

export interface NewJob {
  readonly id: string;
  readonly modelSha256: string;
  readonly target: JobTarget;
  readonly spec: JobSpec;
  readonly maxAttempts: number;
}

/** How a job in hand is timed when it is dispatched. */
export interface ClaimTiming {
  readonly leaseMs: number;
  /** Longest a dispatched attempt may take, from its spec. */
  readonly runLimitMs: (spec: JobSpec) => number;
}

/**
 * What became of a report (result or error) for (job, attempt):
 * accepted — recorded now; duplicate — the same attempt's report was recorded before (a resend);
 * superseded — the attempt no longer holds the job (its lease ended, or another report ended it);
 * unknown — no such job.
 */
export type ReportOutcome = 'accepted' | 'duplicate' | 'superseded' | 'unknown';

/** Jobs whose attempt ended on the clock in `expire`: re-queued, or failed for good. */
export interface ExpiryOutcome {
  readonly requeued: readonly string[];
  readonly failed: readonly string[];
}

export interface JobStore {
  /** Adds or replaces a device (re-registration after an agent restart keeps its name). */
  upsertDevice(description: DeviceDescription, agentVersion: string, now: number): DeviceRecord;
  /** Records a sign of life; false when no device has this name. */
  touchDevice(name: string, now: number): boolean;
  getDevice(name: string): DeviceRecord | undefined;
  listDevices(): DeviceRecord[];
  /** Whether any registered device carries this tag. */
  tagExists(tag: string): boolean;
  /** Sets the device's credential (the sha256 of its token, never the token); false when unknown. */
  setDeviceTokenHash(name: string, sha256: string): boolean;
  /** The device whose credential has this sha256. */
  deviceByTokenHash(sha256: string): string | undefined;

  /** Stores a model by its content hash; `created` false when it was there already. */
  putModel(sha256: string, bytes: Uint8Array, now: number): { readonly created: boolean };
  getModel(sha256: string): Uint8Array | undefined;
  modelSize(sha256: string): number | undefined;

  /** Queues a job; its model must be stored. */
  createJob(job: NewJob, now: number): JobRecord;
  getJob(id: string): JobRecord | undefined;
  /** Newest first; `before` (a job id) starts after that job, for paging. Default limit 100. */
  listJobs(filter?: {
    readonly state?: JobState;
    readonly limit?: number;
    readonly before?: string;
  }): JobRecord[];
  listAttempts(jobId: string): AttemptRecord[];
  getResult(jobId: string): StoredResult | undefined;

  /**
   * One atomic step for a polling device: jobs it still holds are abandoned (an agent that polls
   * is idle, so it lost them — it restarted), then the oldest queued job it matches, by name or
   * tag, is dispatched to it with attempt + 1. Returns that job, running, or undefined.
   */
  claimJob(deviceName: string, now: number, timing: ClaimTiming): JobRecord | undefined;
  /** A heartbeat naming the job: extends the lease if this attempt still holds it. */
  extendLease(jobId: string, attempt: number, until: number): boolean;
  /** Stores the result of (job, attempt) and ends the job, if the attempt still holds it. */
  completeJob(jobId: string, attempt: number, result: ProfileResult, now: number): ReportOutcome;
  /**
   * Ends an attempt with an error: the job is re-queued when `retry` and attempts remain,
   * else it fails with this error.
   */
  failAttempt(
    jobId: string,
    attempt: number,
    error: ErrorInfo | JobError,
    retry: boolean,
    now: number,
  ): ReportOutcome;
  /**
   * A user cancels a queued or running job: it fails with JOB_CANCELLED and its running attempt
   * ends. 'finished' when it had already ended (done or failed), 'unknown' when there is no such job.
   */
  cancelJob(jobId: string, now: number): 'cancelled' | 'finished' | 'unknown';
  /** Attempts whose lease or deadline passed: re-queued while attempts remain, else failed. */
  expire(now: number): ExpiryOutcome;
  /**
   * Deletes jobs that finished before `before` (with their attempts and results), then models and
   * input blobs stored before it that no remaining job names. Returns what went.
   */
  prune(before: number): { readonly jobs: number; readonly models: number };
  /** After a restart: running jobs get at least `leaseMs` for their agents to reconnect. */
  renewRunningLeases(now: number, leaseMs: number): number;
  close(): void;
}
