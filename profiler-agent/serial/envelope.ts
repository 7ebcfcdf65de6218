// The request/reply envelope around protocol messages on a serial line. HTTP gives the agent
// protocol a path, a token header, a status and request/reply pairing; a serial line gives
// nothing, so each message travels inside a small JSON envelope carrying the same things: an id
// (the heartbeat runs while a poll or a report is outstanding, so replies are matched by id),
// the token, and on failure the HTTP status and `{ code, message }` the same failure gets over
// HTTP — so both transports sort failures identically. Shared by the agent and the bridge.
import type { AgentMessage } from '../protocol.ts';
import { ProtocolError } from '../protocol.ts';
import type { PollRequest } from '../protocol-http.ts';

/** What an agent may ask over the line: the agent messages, and the poll that HTTP sends as a POST. */
export type SerialRequestMessage = AgentMessage | PollRequest;

export interface SerialRequest {
  readonly kind: 'request';
  readonly id: number;
  readonly token: string;
  /** Validated by the receiver with the protocol's own validators. */
  readonly message: SerialRequestMessage;
}

export type SerialReply =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly message: unknown }
  | {
      readonly kind: 'reply';
      /** null when the request was too damaged to read its id. */
      readonly id: number | null;
      readonly ok: false;
      /** The HTTP status the same failure gets from the coordinator's HTTP API. */
      readonly status: number;
      readonly error: { readonly code: string; readonly message: string };
    };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeEnvelope(e: SerialRequest | SerialReply): Uint8Array {
  return encoder.encode(JSON.stringify(e));
}

function objectOf(bytes: Uint8Array): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(decoder.decode(bytes));
  } catch (e) {
    throw new ProtocolError('', `is not UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ProtocolError('', 'must be a JSON object');
  return v as Record<string, unknown>;
}

function isId(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

/** The id of a request that failed to parse, when it can still be read, so the reply can name it. */
export function requestIdOf(bytes: Uint8Array): number | null {
  try {
    const id = objectOf(bytes).id;
    return isId(id) ? id : null;
  } catch {
    return null;
  }
}

/** The envelope's shape; its `message` is left for the protocol validators. */
export function parseRequest(bytes: Uint8Array): SerialRequest {
  const o = objectOf(bytes);
  if (o.kind !== 'request')
    throw new ProtocolError('kind', `must be 'request', got ${JSON.stringify(o.kind)}`);
  if (!isId(o.id)) throw new ProtocolError('id', 'must be a whole number ≥ 0');
  if (typeof o.token !== 'string') throw new ProtocolError('token', 'must be a string');
  if (typeof o.message !== 'object' || o.message === null || Array.isArray(o.message))
    throw new ProtocolError('message', 'must be an object');
  return { kind: 'request', id: o.id, token: o.token, message: o.message as SerialRequestMessage };
}

export function parseReply(bytes: Uint8Array): SerialReply {
  const o = objectOf(bytes);
  if (o.kind !== 'reply') throw new ProtocolError('kind', `must be 'reply', got ${JSON.stringify(o.kind)}`);
  if (o.ok === true) {
    if (!isId(o.id)) throw new ProtocolError('id', 'must be a whole number ≥ 0');
    return { kind: 'reply', id: o.id, ok: true, message: o.message };
  }
  if (o.ok !== false) throw new ProtocolError('ok', 'must be true or false');
  if (o.id !== null && !isId(o.id)) throw new ProtocolError('id', 'must be a whole number ≥ 0 or null');
  if (!Number.isInteger(o.status)) throw new ProtocolError('status', 'must be a whole number');
  const err = o.error as Record<string, unknown> | null;
  if (
    typeof err !== 'object' ||
    err === null ||
    typeof err.code !== 'string' ||
    typeof err.message !== 'string'
  ) {
    throw new ProtocolError('error', 'must be { code, message }');
  }
  return {
    kind: 'reply',
    id: o.id,
    ok: false,
    status: o.status as number,
    error: { code: err.code, message: err.message },
  };
}
