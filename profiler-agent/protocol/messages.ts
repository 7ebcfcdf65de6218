// Schemas of every message an agent and the coordinator exchange. Each message has its own
// schema, looked up by `type` once the version is known (protocol-check.ts), so a peer is told
// the version or the type is wrong before anything else.
import * as z from 'zod/mini';
import { deviceSchema } from './device.ts';
import { finite, line, list, name, numberWhere, object, oneOf, sha256, str, whole } from './fields.ts';
import { profileResultSchema } from './result.ts';
import { ERROR_CODE_TUPLE, PROTOCOL_VERSION } from './version.ts';

const protocol = () => z.literal(PROTOCOL_VERSION, { error: `must be ${PROTOCOL_VERSION}` });

/** What every message starts with; checked first so a peer of another version hears just that. */
export const headerSchema = object({
  protocol: z.literal(PROTOCOL_VERSION, {
    error: (iss) =>
      `must be ${PROTOCOL_VERSION} (this side speaks version ${PROTOCOL_VERSION}), got ${JSON.stringify(iss.input)}`,
  }),
  type: z.optional(z.unknown()),
});

export const errorInfoSchema = object({ code: oneOf(ERROR_CODE_TUPLE), message: str() });

/** Inline first, by URL otherwise; a source with both is read as a URL (the first that fits). */
export const modelSourceSchema = z.union([object({ url: str() }), object({ base64: str() })]);

const positiveWholeList = () =>
  list(numberWhere((x) => Number.isInteger(x) && x >= 1, 'must be a positive whole number')).check(
    z.minLength(1, { error: 'must not be empty' }),
  );

export const evaluateInputSchema = object({
  dtype: oneOf(['uint8', 'float32']),
  /** [samples, ...one sample's dims]. */
  dims: positiveWholeList(),
  /** Factor applied to uint8 values (1/255 for images); 1 for float32. */
  scale: finite(),
  sha256: sha256(),
  /** Size of the blob in bytes; an agent refuses one over its model limit before fetching. */
  bytes: whole(1),
  /** Where to get the blob: inline (serial line) or by URL (the coordinator's model store). */
  source: modelSourceSchema,
}).check(
  z.superRefine((e, ctx) => {
    const expected = e.dims.reduce((a, b) => a * b, 1) * (e.dtype === 'uint8' ? 1 : 4);
    if (e.bytes !== expected)
      ctx.addIssue({
        code: 'custom',
        path: ['bytes'],
        message: `must be ${expected} for ${e.dtype} of dims ${e.dims.join('×')}`,
        input: e.bytes,
      });
  }),
);

export const jobSpecShape = {
  batches: positiveWholeList(),
  runs: whole(1),
  warmup: whole(0),
  /** Per-batch-size wall-clock limit for the measuring child process. */
  timeoutMs: whole(1),
  /**
   * The process the Node agent measures in: 'protocol' (the default: its pinned allocator, thread
   * pool and JIT settings) or 'plain' (a process as `node script.mjs` starts it). The result says
   * which in measuringEnvironment. The browser agent has one environment and ignores it; agents
   * before it existed ignore it too (and report no measuringEnvironment).
   */
  environment: z.exactOptional(oneOf(['protocol', 'plain'])),
};

export const jobSpecSchema = object(jobSpecShape);

export const registerMessageSchema = object({
  protocol: protocol(),
  type: z.literal('register'),
  device: deviceSchema,
  agentVersion: line(),
});

export const heartbeatMessageSchema = object({
  protocol: protocol(),
  type: z.literal('heartbeat'),
  deviceName: name(),
  /** The job being measured, so the coordinator can tell a busy agent from a hung one. */
  jobId: z.nullable(str()),
});

export const resultMessageSchema = object({
  protocol: protocol(),
  type: z.literal('result'),
  jobId: str(),
  attempt: whole(1),
  result: profileResultSchema,
});

export const errorMessageSchema = object({
  protocol: protocol(),
  type: z.literal('error'),
  jobId: z.nullable(str()),
  attempt: z.nullable(whole(1)),
  error: errorInfoSchema,
});

export const registeredMessageSchema = object({
  protocol: protocol(),
  type: z.literal('registered'),
  deviceName: str(),
  /** How often the agent must send a heartbeat; missing three marks it gone. */
  heartbeatMs: whole(1),
  /**
   * This device's own credential, issued when it registered with the fleet token: every later
   * message (heartbeat, poll, reports, downloads) carries it instead. Absent when the agent
   * registered with its device token (it keeps that one) and from coordinators before it existed.
   */
  deviceToken: z.exactOptional(str()),
});

export const jobMessageSchema = object({
  protocol: protocol(),
  type: z.literal('job'),
  id: str(),
  /** Starts at 1; a re-dispatch after an agent vanished increments it. */
  attempt: whole(1),
  modelSha256: sha256(),
  /** Size of the model file; an agent refuses models over its own limit before fetching. */
  modelBytes: whole(1),
  model: modelSourceSchema,
  ...jobSpecShape,
  /**
   * Present for an evaluate job: besides the profile, classify these inputs with the model and
   * return the classes in ProfileResult.evaluation. Absent: a profile job.
   */
  evaluate: z.exactOptional(evaluateInputSchema),
});

export const idleMessageSchema = object({
  protocol: protocol(),
  type: z.literal('idle'),
  /** Poll again after this long. */
  retryMs: whole(0),
});

/** The message schemas by `type`, per direction. */
export const agentMessageSchemas = {
  register: registerMessageSchema,
  heartbeat: heartbeatMessageSchema,
  result: resultMessageSchema,
  error: errorMessageSchema,
} as const;

export const coordinatorMessageSchemas = {
  registered: registeredMessageSchema,
  job: jobMessageSchema,
  idle: idleMessageSchema,
  error: errorMessageSchema,
} as const;
