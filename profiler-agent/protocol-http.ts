// The agent protocol over HTTP: the paths the coordinator serves and the two small envelopes
// protocol.ts does not need on other transports (the poll request and the acknowledgement).
// Imported by the coordinator (devices/), the Node agent's HTTP transport and the user client,
// so a path is spelled in exactly one place. No dependencies beyond protocol.ts.
import { nameProblem } from './names.ts';
import { PROTOCOL_VERSION, ProtocolError } from './protocol.ts';

/** Every path the coordinator serves. All but `agentPage` need `Authorization: Bearer <token>`. */
export const HTTP_PATHS = Object.freeze({
  /** POST RegisterMessage → RegisteredMessage. */
  register: '/api/v1/agents/register',
  /** POST HeartbeatMessage → AckMessage. */
  heartbeat: '/api/v1/agents/heartbeat',
  /** POST PollRequest → JobMessage | IdleMessage. */
  poll: '/api/v1/agents/poll',
  /** POST ResultMessage → AckMessage (409 ATTEMPT_SUPERSEDED for a late attempt). */
  result: '/api/v1/agents/result',
  /** POST ErrorMessage → AckMessage. */
  error: '/api/v1/agents/error',
  /** POST raw model bytes (application/octet-stream) → { sha256, bytes, created }. */
  models: '/api/v1/models',
  /** POST a job request → the job; GET → the jobs (newest first, paged); DELETE …/:id cancels one. */
  jobs: '/api/v1/jobs',
  /** GET → { status, database }: 200 when the coordinator can serve writes, 503 with why not. */
  health: '/api/v1/health',
  /** GET → the registered devices with their liveness. */
  devices: '/api/v1/devices',
  /** The public page of the browser agent (no token needed to load it). */
  agentPage: '/agent',
});

/** GET → the model's bytes; the `url` of a JobMessage's ModelSource (relative to the coordinator). */
export function modelPath(sha256: string): string {
  return `${HTTP_PATHS.models}/${sha256}`;
}

/** GET → one job, with its result once done. */
export function jobPath(id: string): string {
  return `${HTTP_PATHS.jobs}/${encodeURIComponent(id)}`;
}

/** An idle agent asks for work. (Over a serial line the same request is one frame.) */
export interface PollRequest {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'poll';
  readonly deviceName: string;
}

/** The coordinator's answer to a heartbeat, result or error. */
export interface AckMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'ack';
  /** True when the same result or error had already been recorded (a resend); nothing changed. */
  readonly duplicate: boolean;
  /**
   * On a heartbeat naming a job: true when that job is no longer this device's to run (a user
   * cancelled it, or it went to another device); the agent stops the job's child. Absent otherwise.
   */
  readonly stop?: boolean;
}

/** The body of every HTTP error response. */
export interface HttpErrorBody {
  readonly code: string;
  readonly message: string;
}

function record(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ProtocolError('', 'must be an object');
  const o = v as Record<string, unknown>;
  if (o.protocol !== PROTOCOL_VERSION)
    throw new ProtocolError(
      'protocol',
      `must be ${PROTOCOL_VERSION}, got ${String(JSON.stringify(o.protocol)).slice(0, 40)}`,
    );
  return o;
}

export function parsePollRequest(v: unknown): PollRequest {
  const o = record(v);
  if (o.type !== 'poll') throw new ProtocolError('type', `must be poll, got ${JSON.stringify(o.type)}`);
  if (typeof o.deviceName !== 'string') throw new ProtocolError('deviceName', 'must be a string');
  const problem = nameProblem(o.deviceName);
  if (problem !== null) throw new ProtocolError('deviceName', problem);
  return { protocol: PROTOCOL_VERSION, type: 'poll', deviceName: o.deviceName };
}

export function parseAck(v: unknown): AckMessage {
  const o = record(v);
  if (o.type !== 'ack') throw new ProtocolError('type', `must be ack, got ${JSON.stringify(o.type)}`);
  if (typeof o.duplicate !== 'boolean') throw new ProtocolError('duplicate', 'must be true or false');
  if (o.stop !== undefined && typeof o.stop !== 'boolean')
    throw new ProtocolError('stop', 'must be true or false');
  return {
    protocol: PROTOCOL_VERSION,
    type: 'ack',
    duplicate: o.duplicate,
    ...(o.stop === true ? { stop: true } : {}),
  };
}

/** The `{ code, message }` of an error response, or null when the body is something else. */
export function readHttpErrorBody(v: unknown): HttpErrorBody | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string'
    ? { code: o.code, message: o.message }
    : null;
}
