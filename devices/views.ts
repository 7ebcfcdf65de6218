// What the coordinator's API returns for devices and jobs: JSON-ready views of the stored
// records (times as ISO 8601). Shared by the routes and the user client (devices/client.ts).
import type { DeviceDescription, JobSpec, ProfileResult } from '../profiler-agent/protocol.ts';
import type {
  AttemptOutcome,
  AttemptRecord,
  DeviceRecord,
  JobError,
  JobRecord,
  JobState,
  JobTarget,
  StoredResult,
} from './store/job-store.ts';

export interface DeviceView {
  readonly name: string;
  readonly tags: readonly string[];
  /** A heartbeat, poll or report within the last three heartbeat intervals. */
  readonly online: boolean;
  readonly lastSeenAt: string;
  readonly registeredAt: string;
  readonly agentVersion: string;
  readonly description: DeviceDescription;
}

export interface AttemptView {
  readonly attempt: number;
  readonly deviceName: string;
  readonly outcome: AttemptOutcome;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly detail: string | null;
}

export interface JobView {
  readonly id: string;
  readonly state: JobState;
  readonly target: JobTarget;
  readonly modelSha256: string;
  readonly modelBytes: number;
  readonly spec: JobSpec;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly deviceName: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly error: JobError | null;
  readonly attempts: readonly AttemptView[];
  /** Set once the job is done: the result of the attempt that finished it. */
  readonly result: ProfileResult | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toDeviceView(d: DeviceRecord, now: number, leaseMs: number): DeviceView {
  return {
    name: d.name,
    tags: d.description.tags,
    online: now - d.lastSeenAt <= leaseMs,
    lastSeenAt: iso(d.lastSeenAt),
    registeredAt: iso(d.registeredAt),
    agentVersion: d.agentVersion,
    description: d.description,
  };
}

function toAttemptView(a: AttemptRecord): AttemptView {
  return {
    attempt: a.attempt,
    deviceName: a.deviceName,
    outcome: a.outcome,
    startedAt: iso(a.startedAt),
    endedAt: a.endedAt === null ? null : iso(a.endedAt),
    detail: a.detail,
  };
}

export function toJobView(
  job: JobRecord,
  attempts: readonly AttemptRecord[],
  result: StoredResult | undefined,
): JobView {
  return {
    id: job.id,
    state: job.state,
    target: job.target,
    modelSha256: job.modelSha256,
    modelBytes: job.modelBytes,
    spec: job.spec,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    deviceName: job.deviceName,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    finishedAt: job.finishedAt === null ? null : iso(job.finishedAt),
    error: job.error,
    attempts: attempts.map(toAttemptView),
    result: result?.result ?? null,
  };
}
