// What the dashboard shows, as the JSON GET /dashboard/api/state returns: the devices, the queue
// and the recent results, in the shape the page renders. Types only, so the page's script
// (client/page.ts) imports them without pulling in server code.

export interface DeviceRow {
  readonly name: string;
  readonly tags: readonly string[];
  readonly online: boolean;
  /** e.g. "ort-node 1.30.0". */
  readonly runtime: string;
  readonly platform: string;
  readonly agentVersion: string;
  /** ISO 8601: the last heartbeat, poll or report. */
  readonly lastSeenAt: string;
  /**
   * What the coordinator knows of the device's calibration. Calibrations are fitted and kept by
   * `memnas calibrate` on the user's machine, so the coordinator only knows whether the agent
   * reports the measuring environment a calibration is tied to.
   */
  readonly calibration: string;
}

export interface QueueRow {
  readonly id: string;
  readonly state: 'queued' | 'running';
  /** "device NAME" or "tag TAG". */
  readonly target: string;
  readonly deviceName: string | null;
  readonly modelSha256: string;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly createdAt: string;
}

export interface ResultRow {
  readonly id: string;
  readonly state: 'done' | 'failed';
  readonly modelSha256: string;
  readonly modelBytes: number;
  readonly deviceName: string | null;
  readonly finishedAt: string | null;
  /** The figures a done job's ProfileResult carries; null for a failed job. */
  readonly figures: {
    readonly peakMemoryBytes: number;
    readonly latencyBatch: number;
    readonly latencyP50Ms: number;
    readonly latencyP90Ms: number;
    readonly loadMs: number;
    readonly batches: readonly number[];
  } | null;
  /** Why a failed job failed. */
  readonly error: string | null;
}

export interface DashboardState {
  /** The coordinator's clock, ISO 8601: ages are computed against it, not the browser's. */
  readonly now: string;
  readonly devices: readonly DeviceRow[];
  readonly queue: readonly QueueRow[];
  readonly results: readonly ResultRow[];
  /** Present when the caller is a logged-in browser: its session's CSRF token. */
  readonly csrfToken?: string;
}
