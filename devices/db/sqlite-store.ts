// The JobStore on SQLite (better-sqlite3). Each transition runs in one transaction, and
// better-sqlite3 is synchronous, so no request can observe or interleave a half-made change.
import type Database from 'better-sqlite3';
import type { DeviceDescription, ErrorInfo, ProfileResult } from '../../profiler-agent/protocol.ts';
import type {
  AttemptRecord,
  ClaimTiming,
  DeviceRecord,
  ExpiryOutcome,
  JobError,
  JobRecord,
  JobState,
  JobStore,
  NewJob,
  ReportOutcome,
  StoredResult,
} from '../store/job-store.ts';
import { DevicesRepo } from './devices-repo.ts';
import { JobsRepo } from './jobs-repo.ts';
import { ModelsRepo } from './models-repo.ts';
import { openDatabase } from './open-database.ts';

export class SqliteJobStore implements JobStore {
  private readonly devices: DevicesRepo;
  private readonly models: ModelsRepo;
  private readonly jobs: JobsRepo;

  /** Opens (creating if needed) the database at `path`; ':memory:' for a throw-away store. */
  static open(path: string): SqliteJobStore {
    return new SqliteJobStore(openDatabase(path));
  }

  constructor(private readonly db: Database.Database) {
    this.devices = new DevicesRepo(db);
    this.models = new ModelsRepo(db);
    this.jobs = new JobsRepo(db);
  }

  upsertDevice(description: DeviceDescription, agentVersion: string, now: number): DeviceRecord {
    return this.devices.upsertDevice(description, agentVersion, now);
  }

  touchDevice(name: string, now: number): boolean {
    return this.devices.touchDevice(name, now);
  }

  getDevice(name: string): DeviceRecord | undefined {
    return this.devices.get(name);
  }

  listDevices(): DeviceRecord[] {
    return this.devices.list();
  }

  tagExists(tag: string): boolean {
    return this.devices.tagExists(tag);
  }

  setDeviceTokenHash(name: string, sha256: string): boolean {
    return this.devices.setTokenHash(name, sha256);
  }

  deviceByTokenHash(sha256: string): string | undefined {
    return this.devices.nameByTokenHash(sha256);
  }

  putModel(sha256: string, bytes: Uint8Array, now: number): { readonly created: boolean } {
    return this.models.put(sha256, bytes, now);
  }

  getModel(sha256: string): Uint8Array | undefined {
    return this.models.get(sha256);
  }

  modelSize(sha256: string): number | undefined {
    return this.models.sizeOf(sha256);
  }

  createJob(job: NewJob, now: number): JobRecord {
    this.jobs.insert(job, now);
    return this.jobs.get(job.id)!;
  }

  getJob(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  listJobs(
    filter: { readonly state?: JobState; readonly limit?: number; readonly before?: string } = {},
  ): JobRecord[] {
    return this.jobs.list(filter.state, filter.limit ?? 100, filter.before);
  }

  listAttempts(jobId: string): AttemptRecord[] {
    return this.jobs.attempts(jobId);
  }

  getResult(jobId: string): StoredResult | undefined {
    return this.jobs.result(jobId);
  }

  claimJob(deviceName: string, now: number, timing: ClaimTiming): JobRecord | undefined {
    return this.db.transaction(() => {
      for (const lost of this.jobs.runningOn(deviceName)) {
        this.endAttemptAndRetry(
          lost,
          'abandoned',
          `device '${deviceName}' asked for new work while holding this attempt (its agent restarted)`,
          now,
        );
      }
      const job = this.jobs.nextFor(deviceName);
      if (job === undefined) return undefined;
      const attempt = job.attempt + 1;
      this.jobs.dispatch(
        job.id,
        deviceName,
        attempt,
        now + timing.leaseMs,
        now + timing.runLimitMs(job.spec),
        now,
      );
      this.jobs.startAttempt(job.id, attempt, deviceName, now);
      return this.jobs.get(job.id);
    })();
  }

  extendLease(jobId: string, attempt: number, until: number): boolean {
    return this.jobs.extendLease(jobId, attempt, until);
  }

  completeJob(jobId: string, attempt: number, result: ProfileResult, now: number): ReportOutcome {
    return this.db.transaction((): ReportOutcome => {
      const job = this.jobs.get(jobId);
      if (job === undefined) return 'unknown';
      if (job.state === 'done' && this.jobs.result(jobId)?.attempt === attempt) return 'duplicate';
      if (job.state !== 'running' || job.attempt !== attempt) return 'superseded';
      this.jobs.insertResult(jobId, attempt, job.deviceName!, result, now);
      this.jobs.endAttempt(jobId, attempt, 'done', null, now);
      this.jobs.finish(jobId, 'done', null, now);
      return 'accepted';
    })();
  }

  failAttempt(
    jobId: string,
    attempt: number,
    error: ErrorInfo | JobError,
    retry: boolean,
    now: number,
  ): ReportOutcome {
    return this.db.transaction((): ReportOutcome => {
      const job = this.jobs.get(jobId);
      if (job === undefined) return 'unknown';
      const previous = this.jobs.attempt(jobId, attempt);
      if (previous?.outcome === 'failed' && previous.detail === describe(error)) return 'duplicate';
      if (job.state !== 'running' || job.attempt !== attempt) return 'superseded';
      this.jobs.endAttempt(jobId, attempt, 'failed', describe(error), now);
      if (retry && job.attempt < job.maxAttempts) this.jobs.requeue(jobId, now);
      else this.jobs.finish(jobId, 'failed', { code: error.code, message: error.message }, now);
      return 'accepted';
    })();
  }

  cancelJob(jobId: string, now: number): 'cancelled' | 'finished' | 'unknown' {
    return this.db.transaction(() => {
      const job = this.jobs.get(jobId);
      if (job === undefined) return 'unknown';
      if (job.state === 'done' || job.state === 'failed') return 'finished';
      if (job.state === 'running')
        this.jobs.endAttempt(jobId, job.attempt, 'failed', 'cancelled by a user', now);
      this.jobs.finish(jobId, 'failed', { code: 'JOB_CANCELLED', message: 'cancelled by a user' }, now);
      return 'cancelled';
    })();
  }

  expire(now: number): ExpiryOutcome {
    return this.db.transaction((): ExpiryOutcome => {
      const requeued: string[] = [];
      const failed: string[] = [];
      for (const job of this.jobs.expired(now)) {
        const timedOut = job.deadlineAt !== null && job.deadlineAt < now;
        const detail = timedOut
          ? `attempt ${job.attempt} on '${job.deviceName}' ran past its time limit`
          : `device '${job.deviceName}' stopped sending heartbeats during attempt ${job.attempt}`;
        const again = this.endAttemptAndRetry(job, timedOut ? 'timeout' : 'abandoned', detail, now);
        (again ? requeued : failed).push(job.id);
      }
      return { requeued, failed };
    })();
  }

  prune(before: number): { readonly jobs: number; readonly models: number } {
    return this.db.transaction(() => {
      const jobs = this.jobs.deleteFinishedBefore(before);
      const models = this.models.deleteUnreferencedBefore(before);
      return { jobs, models };
    })();
  }

  renewRunningLeases(now: number, leaseMs: number): number {
    return this.jobs.renewLeases(now + leaseMs);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Ends a running attempt the agent did not finish; re-queues the job if attempts remain. */
  private endAttemptAndRetry(
    job: JobRecord,
    outcome: 'abandoned' | 'timeout',
    detail: string,
    now: number,
  ): boolean {
    this.jobs.endAttempt(job.id, job.attempt, outcome, detail, now);
    if (job.attempt < job.maxAttempts) {
      this.jobs.requeue(job.id, now);
      return true;
    }
    const code = outcome === 'timeout' ? 'JOB_TIMEOUT' : 'JOB_FAILED';
    this.jobs.finish(
      job.id,
      'failed',
      { code, message: `gave up after ${job.attempt} attempt(s): ${detail}` },
      now,
    );
    return false;
  }
}

/** How an error is kept on its attempt: code and message, so a resend can be recognised. */
function describe(error: ErrorInfo | JobError): string {
  return `${error.code}: ${error.message}`;
}
