// The agent protocol: every message a profiler agent and the coordinator exchange (over HTTP,
// a browser page or a serial line), and the ProfileResult a measurement produces. This is the
// one file both sides import. Each type is derived from its zod/mini schema in protocol/ (the
// one statement of the protocol; zod/mini has no dependencies, so it ships inside the agent);
// the validators, in protocol-check.ts, are those schemas and are re-exported below.
import type * as z from 'zod/mini';
import type { deviceRuntimeSchema, deviceSchema, sessionOptionsSchema } from './protocol/device.ts';
import type {
  errorInfoSchema,
  errorMessageSchema,
  evaluateInputSchema,
  heartbeatMessageSchema,
  idleMessageSchema,
  jobMessageSchema,
  jobSpecSchema,
  modelSourceSchema,
  registeredMessageSchema,
  registerMessageSchema,
  resultMessageSchema,
} from './protocol/messages.ts';
import type {
  batchMeasurementSchema,
  evaluationSchema,
  latencySchema,
  memoryFitSchema,
  memoryMethodSchema,
  profileResultSchema,
} from './protocol/result.ts';

export { AGENT_ERROR_CODES, PROTOCOL_VERSION, type AgentErrorCode } from './protocol/version.ts';

/**
 * A schema's output with every property and list readonly, as callers have always seen the
 * messages: parsing yields fresh objects, but nothing downstream should change a peer's words.
 */
type Message<S extends z.core.$ZodType> = DeepReadonly<z.output<S>>;

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** One line a user can act on, plus a stable code. */
export type ErrorInfo = Message<typeof errorInfoSchema>;

/**
 * The session options every measurement fixes and reports. Two results are comparable only when
 * these match (and the runtime name and version do). intraOpNumThreads (threads inside one
 * operator) is fixed, not 0 = "runtime decides", so results are comparable.
 */
export type SessionOptions = Message<typeof sessionOptionsSchema>;

/** A runtime by registry name ('ort-node': Node agent; 'ort-web': browser agent) and version. */
export type RuntimeDescription = Message<typeof deviceRuntimeSchema>;

/** What an agent says about its device when it registers; copied into every result. */
export type DeviceDescription = Message<typeof deviceSchema>;

/** Warm latency over the timed runs, milliseconds; `first` is the first inference after load. */
export type LatencySummary = Message<typeof latencySchema>;

/**
 * How peak memory was measured:
 * - 'vmhwm-reset': Linux; VmHWM reset to VmRSS (/proc/self/clear_refs) after the runtime was paged
 *   in, so the baseline is exactly the resident size at that moment, and again after the load;
 * - 'vmhwm': Linux without clear_refs; baseline is VmHWM after the runtime was paged in;
 * - 'rss-sampling': no /proc (macOS, …); process.memoryUsage().rss sampled between steps and
 *   runs, so a transient peak inside one run can be missed.
 * - 'wasm-heap': browser agent; rise of the highest byte the runtime ever wrote in its
 *   WebAssembly memory (the heap's high-water mark: written pages are what costs resident memory);
 * - 'wasm-memory': browser agents before 'wasm-heap'; growth of that memory's reserved size, which
 *   moves in ~20% steps (results of old agents still carry it).
 */
export type MemoryMethod = Message<typeof memoryMethodSchema>;

/** Everything measured in one fresh process at one batch size. */
export type BatchMeasurement = Message<typeof batchMeasurementSchema>;

/** peakBytes ≈ fixedBytes + perSampleBytes · batch, fitted by least squares. */
export type MemoryFit = Message<typeof memoryFitSchema>;

/** One measurement of one model on one device, at every batch size the job asked for. */
export type ProfileResult = Message<typeof profileResultSchema>;

/**
 * The inputs of an evaluate job: one blob of `dims[0]` samples laid out as the model's single
 * input expects (sample-major; NCHW for memnas exports). uint8 samples are multiplied by `scale`
 * into float32 (images in [0, 1] travel as bytes, 4× smaller); float32 samples are used as they
 * are (little-endian). Labels never leave the host: the agent returns classes, the host scores.
 */
export type EvaluateInput = Message<typeof evaluateInputSchema>;

/** Top-1 classes of an evaluate job, in sample order. */
export type Evaluation = Message<typeof evaluationSchema>;

/** Where an agent gets a job's model: inline (serial line, small models) or by URL. */
export type ModelSource = Message<typeof modelSourceSchema>;

/** What to measure. Defaults (batches [1, 8, 32], 50 runs, 5 warm-up) are the CLI's. */
export type JobSpec = Message<typeof jobSpecSchema>;

// ---- agent → coordinator ----

export type RegisterMessage = Message<typeof registerMessageSchema>;

export type HeartbeatMessage = Message<typeof heartbeatMessageSchema>;

export type ResultMessage = Message<typeof resultMessageSchema>;

/** A failed job (jobId set) or a failure outside any job (jobId null). */
export type ErrorMessage = Message<typeof errorMessageSchema>;

export type AgentMessage = RegisterMessage | HeartbeatMessage | ResultMessage | ErrorMessage;

// ---- coordinator → agent ----

export type RegisteredMessage = Message<typeof registeredMessageSchema>;

export type JobMessage = Message<typeof jobMessageSchema>;

/** The answer to a poll when there is nothing to do. */
export type IdleMessage = Message<typeof idleMessageSchema>;

export type CoordinatorMessage = RegisteredMessage | JobMessage | IdleMessage | ErrorMessage;

export {
  ProtocolError,
  parseAgentMessage,
  parseCoordinatorMessage,
  parseDeviceDescription,
  parseProfileResult,
  parseSessionOptions,
} from './protocol-check.ts';
