// Validators for the agent protocol: untrusted JSON in, typed message out, or a ProtocolError
// naming the first bad field by its path. The checks are the schemas in protocol/; this file
// turns zod's first issue into the one-line error both sides report.
import * as z from 'zod/mini';
import { CodedError } from './coded-error.ts';
import { deviceSchema, sessionOptionsSchema } from './protocol/device.ts';
import { agentMessageSchemas, coordinatorMessageSchemas, headerSchema } from './protocol/messages.ts';
import { profileResultSchema } from './protocol/result.ts';
import type {
  AgentMessage,
  CoordinatorMessage,
  DeviceDescription,
  ProfileResult,
  SessionOptions,
} from './protocol.ts';

/** A message that does not follow the protocol; `path` names the field ('result.latencyMs.p50'). */
export class ProtocolError extends CodedError<'PROTOCOL_INVALID'> {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super('PROTOCOL_INVALID', `invalid protocol message: ${path || 'message'} ${problem}`, options);
    this.name = 'ProtocolError';
    this.path = path;
  }
}

/** 'result' + ['batches', 1, 'latencyMs'] → 'result.batches[1].latencyMs'. */
function joinPath(prefix: string, keys: readonly PropertyKey[]): string {
  let path = prefix;
  for (const k of keys) {
    if (typeof k === 'number') path += `[${k}]`;
    else path = path === '' ? String(k) : `${path}.${String(k)}`;
  }
  return path;
}

/**
 * The first issue, as the path and problem a peer is told. A union (a model source) that fits
 * no alternative is reported by its last alternative's first issue ('model.base64 must be a
 * string'), the form a peer that sent neither most likely meant.
 */
function firstProblem(issue: z.core.$ZodIssue, keys: readonly PropertyKey[]): [PropertyKey[], string] {
  const at = [...keys, ...issue.path];
  const inner = issue.code === 'invalid_union' ? issue.errors.at(-1)?.[0] : undefined;
  return inner === undefined ? [at, issue.message] : firstProblem(inner, at);
}

function parse<S extends z.core.$ZodType>(schema: S, v: unknown, prefix: string): z.output<S> {
  const r = z.safeParse(schema, v);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue === undefined) throw new ProtocolError(prefix, 'is invalid', { cause: r.error });
  const [keys, problem] = firstProblem(issue, []);
  throw new ProtocolError(joinPath(prefix, keys), problem, { cause: r.error });
}

export function parseSessionOptions(v: unknown, path = 'sessionOptions'): SessionOptions {
  return parse(sessionOptionsSchema, v, path);
}

export function parseDeviceDescription(v: unknown, path = 'device'): DeviceDescription {
  return parse(deviceSchema, v, path);
}

export function parseProfileResult(v: unknown, path = 'result'): ProfileResult {
  return parse(profileResultSchema, v, path);
}

/** The schema for a message's `type` once its version is right, or the error naming the types. */
function schemaOf<M extends Record<string, z.core.$ZodType>>(schemas: M, v: unknown): M[keyof M] {
  const { type } = parse(headerSchema, v, '');
  const known = Object.keys(schemas);
  if (typeof type !== 'string' || !known.includes(type)) {
    const names = `${known.slice(0, -1).join(', ')} or ${known.at(-1) ?? ''}`;
    throw new ProtocolError('type', `must be ${names}, got ${JSON.stringify(type)}`);
  }
  return schemas[type as keyof M];
}

/** Parses a message an agent sent (register, heartbeat, result, error). */
export function parseAgentMessage(v: unknown): AgentMessage {
  return parse(schemaOf(agentMessageSchemas, v), v, '');
}

/** Parses a message the coordinator sent (registered, job, idle, error). */
export function parseCoordinatorMessage(v: unknown): CoordinatorMessage {
  return parse(schemaOf(coordinatorMessageSchemas, v), v, '');
}
