// The protocol's version and the agent's error codes: constants both the schemas and the types
// read, kept apart from protocol.ts so the schema modules can load without importing it.

/**
 * Version of the messages and of ProfileResult. Bump on any change a peer built against the
 * previous version could misread; peers refuse messages of another version (PROTOCOL_INVALID).
 *
 * Still 1 after the evaluate job (JobMessage.evaluate, ProfileResult.evaluation) was added: both
 * fields are optional and additive, so every version-1 message without them reads exactly as
 * before. A peer that predates them cannot misread an evaluate job as something else: an old
 * coordinator refuses the job request (its schema is strict), and an old agent that measured an
 * evaluate job anyway returns a result without `evaluation`, which the client reports as "the
 * agent cannot evaluate" instead of inventing an accuracy.
 */
export const PROTOCOL_VERSION = 1;

/** Error codes an agent reports, as a tuple so the schema's enum and the type share it. */
export const ERROR_CODE_TUPLE = [
  'USAGE',
  'FILE_NOT_FOUND',
  'MODEL_INVALID',
  'MODEL_UNSUPPORTED',
  'MODEL_TOO_LARGE',
  'RUNTIME_UNAVAILABLE',
  'MEASURE_FAILED',
  'TIMEOUT',
  'PROTOCOL_INVALID',
  'INTERNAL',
] as const;

/** Error codes an agent reports; the coordinator maps them to HTTP statuses in one place. */
export type AgentErrorCode = (typeof ERROR_CODE_TUPLE)[number];

export const AGENT_ERROR_CODES: readonly AgentErrorCode[] = ERROR_CODE_TUPLE;
