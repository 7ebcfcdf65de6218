// Every failure a request can meet, as an HTTP status and the `{ code, message }` body: typed
// errors (MemnasError, the agent's AgentError and ProtocolError, and every other CodedError),
// body-parser's errors (malformed JSON, too large) and anything unexpected (500, without
// internals). Pure, so it is tested without a server; errors-middleware.ts is its one caller.
import type { TransportErrorCode } from '../profiler-agent/agent/transport.ts';
import { isCodedError } from '../profiler-agent/coded-error.ts';
import { isAgentError } from '../profiler-agent/errors.ts';
import type { HttpErrorBody } from '../profiler-agent/protocol-http.ts';
import { ProtocolError } from '../profiler-agent/protocol.ts';
import type { LinkErrorCode } from '../profiler-agent/serial/link.ts';
import { type ErrorCode, isMemnasError } from '../search/errors.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  REQUEST_INVALID: 400,
  PROTOCOL_INVALID: 400,
  ONNX_INVALID: 400,
  ONNX_UNSUPPORTED_OP: 400,
  ONNX_SHAPE: 400,
  ONNX_EXTERNAL_DATA: 400,
  AUTH_FAILED: 401,
  FORBIDDEN: 403,
  DEVICE_NAME_TAKEN: 409,
  UNAVAILABLE: 503,
  NOT_FOUND: 404,
  DEVICE_UNKNOWN: 404,
  JOB_UNKNOWN: 404,
  MODEL_UNKNOWN: 404,
  ATTEMPT_SUPERSEDED: 409,
  JOB_FINISHED: 409,
  MODEL_TOO_LARGE: 413,
  REQUEST_TOO_LARGE: 413,
};

/**
 * The agent's other coded errors, should one reach a request: a malformed model (WireFormatError)
 * is the request's fault; a serial line to a device that failed is the gateway's (502, or 504 when
 * it timed out); any other (TransportError: the agent's side of a line) is the coordinator's.
 */
const LINE_STATUS: Partial<Record<string, number>> = {
  MODEL_INVALID: 400,
  LINK_TOO_LARGE: 413,
  LINK_CLOSED: 502,
  LINK_TIMEOUT: 504,
} satisfies Partial<Record<LinkErrorCode | TransportErrorCode | 'MODEL_INVALID', number>>;

export interface HttpError {
  readonly status: number;
  readonly body: HttpErrorBody;
}

/** body-parser's errors carry `type` and `status`; `expose` says the message is safe to show. */
interface ParserError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  message: string;
  limit?: unknown;
}

/** Longest error message sent: messages echo what the client sent (ids, names), so they are cut. */
export const MAX_ERROR_MESSAGE = 500;

function capped(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}

function parserError(e: ParserError): HttpError | null {
  // The router's decodeURIComponent of a path parameter ('/api/v1/jobs/%ff').
  if (e instanceof URIError) {
    return {
      status: 400,
      body: { code: 'REQUEST_INVALID', message: 'the URL path has a malformed percent-encoding (%XX)' },
    };
  }
  if (e.type === 'entity.parse.failed') {
    return {
      status: 400,
      body: { code: 'REQUEST_INVALID', message: `the request body is not valid JSON: ${e.message}` },
    };
  }
  if (e.type === 'entity.too.large') {
    return {
      status: 413,
      body: {
        code: 'REQUEST_TOO_LARGE',
        message: `the request body is over the limit of ${String(e.limit)} bytes`,
      },
    };
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    return { status: e.status, body: { code: 'REQUEST_INVALID', message: e.message } };
  }
  return null;
}

export function toHttpError(e: unknown): HttpError {
  const { status, body } = classify(e);
  return { status, body: { code: body.code, message: capped(body.message) } };
}

/** SQLite failures that mean the storage itself is gone or full, not a bug: 503, try again later. */
const STORAGE_CODES = /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED)/;

function storageError(e: Error): HttpError | null {
  const code = (e as { code?: unknown }).code;
  if (e.name !== 'SqliteError' || typeof code !== 'string' || !STORAGE_CODES.test(code)) return null;
  return {
    status: 503,
    body: {
      code: 'UNAVAILABLE',
      message: `the coordinator cannot write its database (${code}); see its log`,
    },
  };
}

function classify(e: unknown): HttpError {
  if (isMemnasError(e)) return { status: STATUS[e.code] ?? 500, body: { code: e.code, message: e.message } };
  if (e instanceof ProtocolError) return { status: 400, body: { code: e.code, message: e.message } };
  if (isAgentError(e))
    return { status: e.code === 'INTERNAL' ? 500 : 400, body: { code: e.code, message: e.message } };
  if (isCodedError(e)) {
    return { status: LINE_STATUS[e.code] ?? 500, body: { code: e.code, message: e.message } };
  }
  if (e instanceof Error) {
    const parsed = parserError(e as ParserError) ?? storageError(e);
    if (parsed !== null) return parsed;
  }
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'the coordinator failed to handle this request; see its log' },
  };
}
