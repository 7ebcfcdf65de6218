// Reading the coordinator's replies the same way over every transport (HTTP, serial): the
// status → failure-kind mapping, and parsing a reply or an acknowledgement into typed errors.
import { AgentError } from '../errors.ts';
import { ProtocolError, parseCoordinatorMessage, type CoordinatorMessage } from '../protocol.ts';
import { type AckMessage, parseAck } from '../protocol-http.ts';
import { TransportError, type TransportFailure } from './transport.ts';

/** How the agent loop should treat a refused request, from its HTTP status and error code. */
export function failureOf(status: number, code: string | undefined): TransportFailure {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 409 && code === 'DEVICE_NAME_TAKEN') return 'name-taken';
  if (status === 404 && code === 'DEVICE_UNKNOWN') return 'unknown-device';
  if (status === 409 || (status === 404 && code === 'JOB_UNKNOWN')) return 'refused';
  if (status >= 500 || status === 408 || status === 429) return 'unreachable';
  return 'rejected';
}

/** A coordinator message, or PROTOCOL_INVALID (another version) / an 'unreachable' failure. */
export function readCoordinatorMessage(v: unknown, where: string): CoordinatorMessage {
  try {
    return parseCoordinatorMessage(v);
  } catch (cause) {
    if (cause instanceof ProtocolError && cause.path === 'protocol') {
      throw new AgentError(
        'PROTOCOL_INVALID',
        `the coordinator ${where} speaks another protocol version: ${cause.message}; use matching memnas versions`,
      );
    }
    throw new TransportError(
      'unreachable',
      `the coordinator sent an invalid reply: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export function readAck(v: unknown): AckMessage {
  try {
    return parseAck(v);
  } catch (cause) {
    throw new TransportError(
      'unreachable',
      `the coordinator sent an invalid acknowledgement: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
