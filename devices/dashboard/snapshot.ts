// Builds the dashboard's state from the job service: every device, the queued and running jobs,
// and the newest finished ones with the figures of their results (the raw latencies left out, so
// a poll every 2 s stays a few KB).
import type { JobService } from '../service/job-service.ts';
import type { DeviceView, JobView } from '../views.ts';
import type { DashboardState, DeviceRow, QueueRow, ResultRow } from './state.ts';

/** Queued or running jobs shown at most (each state). */
export const QUEUE_ROWS = 100;
/** Finished jobs shown at most. */
export const RESULT_ROWS = 25;

const targetText = (j: JobView): string =>
  'device' in j.target ? `device ${j.target.device}` : `tag ${j.target.tag}`;

/** A browser agent's page that was not cross-origin isolated measured with a coarse clock: say so. */
function clockText(d: DeviceView['description']): string {
  if (d.crossOriginIsolated !== false) return '';
  const step =
    d.timerResolutionMs === undefined ? '' : `, clock step ${(d.timerResolutionMs * 1000).toFixed(0)} µs`;
  return `, not cross-origin isolated${step}`;
}

function deviceRow(d: DeviceView): DeviceRow {
  const env = d.description.measuringEnv;
  return {
    name: d.name,
    tags: d.tags,
    online: d.online,
    runtime: `${d.description.runtime.name} ${d.description.runtime.version}`,
    platform: `${d.description.os}/${d.description.arch}, ${d.description.cores} cores${clockText(d.description)}`,
    agentVersion: d.agentVersion,
    lastSeenAt: d.lastSeenAt,
    calibration:
      env === undefined
        ? 'not known here; no measuring environment reported'
        : 'not known here; measuring environment reported',
  };
}

function queueRow(j: JobView): QueueRow {
  return {
    id: j.id,
    state: j.state === 'running' ? 'running' : 'queued',
    target: targetText(j),
    deviceName: j.deviceName,
    modelSha256: j.modelSha256,
    attempt: j.attempt,
    maxAttempts: j.maxAttempts,
    createdAt: j.createdAt,
  };
}

function resultRow(j: JobView): ResultRow {
  const r = j.result;
  return {
    id: j.id,
    state: j.state === 'done' ? 'done' : 'failed',
    modelSha256: j.modelSha256,
    modelBytes: j.modelBytes,
    deviceName: j.deviceName,
    finishedAt: j.finishedAt,
    figures:
      r === null
        ? null
        : {
            peakMemoryBytes: r.peakMemoryBytes,
            latencyBatch: r.latencyBatch,
            latencyP50Ms: r.latencyMs.p50,
            latencyP90Ms: r.latencyMs.p90,
            loadMs: r.loadMs,
            batches: r.batches.map((b) => b.batch),
          },
    error: j.error === null ? null : `${j.error.code}: ${j.error.message}`,
  };
}

const newestFirst = (a: JobView, b: JobView): number =>
  (b.finishedAt ?? b.updatedAt).localeCompare(a.finishedAt ?? a.updatedAt);

export function dashboardState(jobs: JobService, now: number): DashboardState {
  const running = jobs.jobs({ state: 'running', limit: QUEUE_ROWS }).jobs;
  const queued = jobs.jobs({ state: 'queued', limit: QUEUE_ROWS }).jobs.reverse(); // next to run first
  const finished = [
    ...jobs.jobs({ state: 'done', limit: RESULT_ROWS }).jobs,
    ...jobs.jobs({ state: 'failed', limit: RESULT_ROWS }).jobs,
  ]
    .sort(newestFirst)
    .slice(0, RESULT_ROWS)
    // The page lists carry no results; a done job's is read on its own.
    .map((j) => (j.state === 'done' ? jobs.job(j.id) : j));
  return {
    now: new Date(now).toISOString(),
    devices: jobs.devices().map(deviceRow),
    queue: [...running, ...queued].map(queueRow),
    results: finished.map(resultRow),
  };
}
