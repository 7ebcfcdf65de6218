// Reading a JSON request body that must be one agent-protocol message of a given type.
import { type AgentMessage, parseAgentMessage } from '../../profiler-agent/protocol.ts';
import { MemnasError } from '../../search/errors.ts';

/** The JSON object the request carried, or REQUEST_INVALID naming what was sent instead. */
export function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw new MemnasError(
      'REQUEST_INVALID',
      'the request body must be a JSON object (Content-Type: application/json)',
    );
  }
  return body as Record<string, unknown>;
}

export function agentMessage<T extends AgentMessage['type']>(
  body: unknown,
  type: T,
): Extract<AgentMessage, { type: T }> {
  const msg = parseAgentMessage(jsonObject(body));
  if (msg.type !== type)
    throw new MemnasError('PROTOCOL_INVALID', `this endpoint takes a '${type}' message, got '${msg.type}'`);
  return msg as Extract<AgentMessage, { type: T }>;
}
