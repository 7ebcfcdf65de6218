// The job queue's SQL: jobs, their attempts (one row per dispatch) and results (one per job).
// Single statements only; the transitions that combine them are in sqlite-store.ts.
import type Database from 'better-sqlite3';
import type { JobSpec, ProfileResult } from '../../profiler-agent/protocol.ts';
import type {
  AttemptOutcome,
  AttemptRecord,
  JobError,
  JobRecord,
  JobState,
  NewJob,
  StoredResult,
} from '../store/job-store.ts';

interface JobRow {
  id: string;
  model_sha256: string;
  size: number;
  target_kind: 'device' | 'tag';
  target: string;
  spec: string;
  state: JobState;
  attempt: number;
  max_attempts: number;
  device_name: string | null;
  lease_expires_at: number | null;
  deadline_at: number | null;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

interface AttemptRow {
  job_id: string;
  attempt: number;
  device_name: string;
  started_at: number;
  ended_at: number | null;
  outcome: AttemptOutcome;
  detail: string | null;
}

interface ResultRow {
  job_id: string;
  attempt: number;
  device_name: string;
  result: string;
  received_at: number;
}

function toJob(r: JobRow): JobRecord {
  return {
    id: r.id,
    modelSha256: r.model_sha256,
    modelBytes: r.size,
    target: r.target_kind === 'device' ? { device: r.target } : { tag: r.target },
    spec: JSON.parse(r.spec) as JobSpec,
    state: r.state,
    attempt: r.attempt,
    maxAttempts: r.max_attempts,
    deviceName: r.device_name,
    leaseExpiresAt: r.lease_expires_at,
    deadlineAt: r.deadline_at,
    error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

function toAttempt(r: AttemptRow): AttemptRecord {
  return {
    jobId: r.job_id,
    attempt: r.attempt,
    deviceName: r.device_name,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    outcome: r.outcome,
    detail: r.detail,
  };
}

const SELECT_JOB = 'SELECT jobs.*, models.size FROM jobs JOIN models ON models.sha256 = jobs.model_sha256';

/** Adding a job and finding jobs. */
function jobQueries(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, string, string, string, number, number, number]>(
      `INSERT INTO jobs (id, model_sha256, target_kind, target, spec, state, max_attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
    ),
    get: db.prepare<[string], JobRow>(`${SELECT_JOB} WHERE jobs.id = ?`),
    listAll: db.prepare<[number], JobRow>(
      `${SELECT_JOB} ORDER BY jobs.created_at DESC, jobs.rowid DESC LIMIT ?`,
    ),
    listState: db.prepare<[string, number], JobRow>(
      `${SELECT_JOB} WHERE jobs.state = ? ORDER BY jobs.created_at DESC, jobs.rowid DESC LIMIT ?`,
    ),
    // A page after the job `before` (exclusive), in the same order; state NULL means any.
    listBefore: db.prepare<[string | null, string | null, string, number], JobRow>(
      `${SELECT_JOB} WHERE (? IS NULL OR jobs.state = ?)
         AND (jobs.created_at, jobs.rowid) < (SELECT created_at, rowid FROM jobs WHERE id = ?)
       ORDER BY jobs.created_at DESC, jobs.rowid DESC LIMIT ?`,
    ),
    runningOn: db.prepare<[string], JobRow>(
      `${SELECT_JOB} WHERE jobs.state = 'running' AND jobs.device_name = ?`,
    ),
    nextFor: db.prepare<[string], JobRow>(
      `${SELECT_JOB}, devices d WHERE d.name = ? AND jobs.state = 'queued' AND (
         (jobs.target_kind = 'device' AND jobs.target = d.name) OR
         (jobs.target_kind = 'tag' AND EXISTS (SELECT 1 FROM json_each(d.tags) WHERE json_each.value = jobs.target)))
       ORDER BY jobs.created_at, jobs.rowid LIMIT 1`,
    ),
  };
}

/** A job's state changes: dispatch, lease, requeue, finish, expiry. */
function jobTransitions(db: Database.Database) {
  return {
    dispatch: db.prepare<[string, number, number, number, number, string]>(
      `UPDATE jobs SET state = 'running', device_name = ?, attempt = ?, lease_expires_at = ?, deadline_at = ?, updated_at = ?
       WHERE id = ? AND state = 'queued'`,
    ),
    lease: db.prepare<[number, string, number]>(
      `UPDATE jobs SET lease_expires_at = max(lease_expires_at, ?) WHERE id = ? AND attempt = ? AND state = 'running'`,
    ),
    requeue: db.prepare<[number, string]>(
      `UPDATE jobs SET state = 'queued', lease_expires_at = NULL, deadline_at = NULL, updated_at = ? WHERE id = ?`,
    ),
    finish: db.prepare<[string, string | null, string | null, number, number, string]>(
      `UPDATE jobs SET state = ?, error_code = ?, error_message = ?, lease_expires_at = NULL, deadline_at = NULL, updated_at = ?, finished_at = ? WHERE id = ?`,
    ),
    expired: db.prepare<[number, number], JobRow>(
      `${SELECT_JOB} WHERE jobs.state = 'running' AND (jobs.lease_expires_at < ? OR jobs.deadline_at < ?)`,
    ),
    renew: db.prepare<[number, number]>(
      `UPDATE jobs SET lease_expires_at = ? WHERE state = 'running' AND lease_expires_at < ?`,
    ),
  };
}

/** Attempts and results, and pruning finished jobs with them. */
function historyQueries(db: Database.Database) {
  return {
    insertAttempt: db.prepare<[string, number, string, number]>(
      `INSERT INTO attempts (job_id, attempt, device_name, started_at, outcome) VALUES (?, ?, ?, ?, 'running')`,
    ),
    endAttempt: db.prepare<[string, string | null, number, string, number]>(
      `UPDATE attempts SET outcome = ?, detail = ?, ended_at = ? WHERE job_id = ? AND attempt = ? AND outcome = 'running'`,
    ),
    getAttempt: db.prepare<[string, number], AttemptRow>(
      'SELECT * FROM attempts WHERE job_id = ? AND attempt = ?',
    ),
    listAttempts: db.prepare<[string], AttemptRow>(
      'SELECT * FROM attempts WHERE job_id = ? ORDER BY attempt',
    ),
    insertResult: db.prepare<[string, number, string, string, number]>(
      'INSERT INTO results (job_id, attempt, device_name, result, received_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getResult: db.prepare<[string], ResultRow>('SELECT * FROM results WHERE job_id = ?'),
    pruneResults: db.prepare<[number]>(
      `DELETE FROM results WHERE job_id IN (SELECT id FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?)`,
    ),
    pruneAttempts: db.prepare<[number]>(
      `DELETE FROM attempts WHERE job_id IN (SELECT id FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?)`,
    ),
    pruneJobs: db.prepare<[number]>(`DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?`),
  };
}

export class JobsRepo {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = { ...jobQueries(db), ...jobTransitions(db), ...historyQueries(db) };
  }

  insert(job: NewJob, now: number): void {
    const [kind, target] = 'device' in job.target ? ['device', job.target.device] : ['tag', job.target.tag];
    this.s.insert.run(
      job.id,
      job.modelSha256,
      kind,
      target,
      JSON.stringify(job.spec),
      job.maxAttempts,
      now,
      now,
    );
  }

  get(id: string): JobRecord | undefined {
    const row = this.s.get.get(id);
    return row === undefined ? undefined : toJob(row);
  }

  list(state: JobState | undefined, limit: number, before?: string): JobRecord[] {
    if (before !== undefined)
      return this.s.listBefore.all(state ?? null, state ?? null, before, limit).map(toJob);
    return (state === undefined ? this.s.listAll.all(limit) : this.s.listState.all(state, limit)).map(toJob);
  }

  runningOn(deviceName: string): JobRecord[] {
    return this.s.runningOn.all(deviceName).map(toJob);
  }

  nextFor(deviceName: string): JobRecord | undefined {
    const row = this.s.nextFor.get(deviceName);
    return row === undefined ? undefined : toJob(row);
  }

  dispatch(
    id: string,
    deviceName: string,
    attempt: number,
    leaseUntil: number,
    deadline: number,
    now: number,
  ): boolean {
    return this.s.dispatch.run(deviceName, attempt, leaseUntil, deadline, now, id).changes > 0;
  }

  extendLease(id: string, attempt: number, until: number): boolean {
    return this.s.lease.run(until, id, attempt).changes > 0;
  }

  requeue(id: string, now: number): void {
    this.s.requeue.run(now, id);
  }

  finish(id: string, state: 'done' | 'failed', error: JobError | null, now: number): void {
    this.s.finish.run(state, error?.code ?? null, error?.message ?? null, now, now, id);
  }

  expired(now: number): JobRecord[] {
    return this.s.expired.all(now, now).map(toJob);
  }

  renewLeases(until: number): number {
    return this.s.renew.run(until, until).changes;
  }

  startAttempt(jobId: string, attempt: number, deviceName: string, now: number): void {
    this.s.insertAttempt.run(jobId, attempt, deviceName, now);
  }

  endAttempt(
    jobId: string,
    attempt: number,
    outcome: Exclude<AttemptOutcome, 'running'>,
    detail: string | null,
    now: number,
  ): boolean {
    return this.s.endAttempt.run(outcome, detail, now, jobId, attempt).changes > 0;
  }

  attempt(jobId: string, attempt: number): AttemptRecord | undefined {
    const row = this.s.getAttempt.get(jobId, attempt);
    return row === undefined ? undefined : toAttempt(row);
  }

  attempts(jobId: string): AttemptRecord[] {
    return this.s.listAttempts.all(jobId).map(toAttempt);
  }

  /** Finished jobs (done or failed) before `before`, with their attempts and result; how many jobs. */
  deleteFinishedBefore(before: number): number {
    this.s.pruneResults.run(before);
    this.s.pruneAttempts.run(before);
    return this.s.pruneJobs.run(before).changes;
  }

  insertResult(jobId: string, attempt: number, deviceName: string, result: ProfileResult, now: number): void {
    this.s.insertResult.run(jobId, attempt, deviceName, JSON.stringify(result), now);
  }

  result(jobId: string): StoredResult | undefined {
    const r = this.s.getResult.get(jobId);
    if (r === undefined) return undefined;
    return {
      jobId: r.job_id,
      attempt: r.attempt,
      deviceName: r.device_name,
      result: JSON.parse(r.result) as ProfileResult,
      receivedAt: r.received_at,
    };
  }
}
