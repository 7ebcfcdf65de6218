// The agent protocol: every message a profiler agent and the coordinator exchange (over HTTP,
// a browser page or a serial line), and the ProfileResult a measurement produces. This is the
// one file both sides import; it has no dependencies so it ships inside the agent unchanged.
// Validators for everything here live in protocol-check.ts and are re-exported below.

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

/** Error codes an agent reports; the coordinator maps them to HTTP statuses in one place. */
export type AgentErrorCode =
  | 'USAGE'
  | 'FILE_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'MODEL_UNSUPPORTED'
  | 'MODEL_TOO_LARGE'
  | 'RUNTIME_UNAVAILABLE'
  | 'MEASURE_FAILED'
  | 'TIMEOUT'
  | 'PROTOCOL_INVALID'
  | 'INTERNAL';

export const AGENT_ERROR_CODES: readonly AgentErrorCode[] = [
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
];

/** One line a user can act on, plus a stable code. */
export interface ErrorInfo {
  readonly code: AgentErrorCode;
  readonly message: string;
}

/**
 * The session options every measurement fixes and reports. Two results are comparable only when
 * these match (and the runtime name and version do).
 */
export interface SessionOptions {
  readonly graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  readonly enableCpuMemArena: boolean;
  readonly enableMemPattern: boolean;
  /** Threads inside one operator. Fixed (not 0 = "runtime decides") so results are comparable. */
  readonly intraOpNumThreads: number;
  readonly interOpNumThreads: number;
  readonly executionMode: 'sequential' | 'parallel';
}

export interface RuntimeDescription {
  /** Registry name: 'ort-node' (Node agent) or 'ort-web' (browser agent). */
  readonly name: string;
  readonly version: string;
}

/** What an agent says about its device when it registers; copied into every result. */
export interface DeviceDescription {
  /** User-given name, unique within a coordinator; 'local' for `memnas profile --device local`. */
  readonly name: string;
  readonly tags: readonly string[];
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  /** process.platform in Node ('linux', 'darwin', …); the user agent's platform in a browser. */
  readonly os: string;
  /** process.arch in Node ('arm64', 'x64', …); 'wasm32' for the browser agent. */
  readonly arch: string;
  readonly runtime: RuntimeDescription;
  readonly sessionOptions: SessionOptions;
  /**
   * Environment variables the agent sets for its measuring processes (the Node agent: one libuv
   * pool thread and glibc's mmap threshold, measure/run-child.ts), part of what its peaks mean: a
   * calibration made under one setting does not predict peaks measured under another. Absent
   * from browser agents and from Node agents before it was reported.
   */
  readonly measuringEnv?: Readonly<Record<string, string>>;
}

/** Warm latency over the timed runs, milliseconds; `first` is the first inference after load. */
export interface LatencySummary {
  readonly first: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
}

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
export type MemoryMethod = 'vmhwm-reset' | 'vmhwm' | 'rss-sampling' | 'wasm-heap' | 'wasm-memory';

/** Everything measured in one fresh process at one batch size. */
export interface BatchMeasurement {
  readonly batch: number;
  /** Resident bytes when the baseline was taken (runtime paged in, real model not yet loaded). */
  readonly baselineBytes: number;
  /**
   * High-water mark minus baseline over the load, the first inference and the first warm-up runs
   * (measure-batch.ts MEMORY_SETTLE_RUNS says why not later): the larger of loadPeakBytes and
   * runPeakBytes (browser: over every run, as its memory never shrinks).
   */
  readonly peakBytes: number;
  /**
   * The same read right after the model loaded, before any inference: the load's own peak
   * (parsed file, optimised graph, weight copies). Absent from agents before it existed.
   */
  readonly loadPeakBytes?: number;
  /**
   * The high-water mark from the end of the load over the first inferences, minus baseline (it
   * includes whatever the load kept). Where the mark cannot be restarted it equals peakBytes.
   */
  readonly runPeakBytes?: number;
  /**
   * Browser agent: growth of the WebAssembly memory's reserved size over the whole measurement
   * (it grows in ~20% steps and never shrinks; unwritten pages of it are not resident). Absent
   * on Node.
   */
  readonly reservedPeakBytes?: number;
  /**
   * Of the peak, the resident pages mapped from files that the process gained from the baseline
   * to the end of the first runs (Linux: RssFile of /proc/self/status): the code and read-only
   * data of the runtime's kernels this model is the first to use. Unlike the rest they are
   * shared with every process that maps the same library and the kernel can drop them under
   * memory pressure; for a small network they are most of the peak (measured: 0.59–0.92 MB of
   * onnxruntime-node's code on x86-64, for peaks of 0.7–2 MB). Absent where the system does not
   * say (macOS, browsers) and from agents before it existed.
   */
  readonly codeBytes?: number;
  readonly loadMs: number;
  readonly latencyMs: LatencySummary;
  /** Raw timed-run latencies in run order, milliseconds. */
  readonly latenciesMs: readonly number[];
}

/** peakBytes ≈ fixedBytes + perSampleBytes · batch, fitted by least squares. */
export interface MemoryFit {
  readonly fixedBytes: number;
  readonly perSampleBytes: number;
  /** Coefficient of determination; 1 when the fit passes through every sample. */
  readonly r2: number;
  /** Largest |measured − fitted| over the samples. */
  readonly maxResidualBytes: number;
}

export interface ProfileResult {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly modelSha256: string;
  readonly modelBytes: number;
  readonly device: DeviceDescription;
  readonly runtime: RuntimeDescription;
  readonly sessionOptions: SessionOptions;
  /** Batch of the top-level loadMs and latencyMs (1 unless the job did not measure batch 1). */
  readonly latencyBatch: number;
  readonly loadMs: number;
  readonly latencyMs: LatencySummary;
  /** Peak memory at batch 1: measured when batch 1 was, else the fit's fixed + perSample. */
  readonly peakMemoryBytes: number;
  readonly memory: {
    readonly method: MemoryMethod;
    /** null when fewer than two distinct batch sizes were measured. */
    readonly fixedBytes: number | null;
    readonly perSampleBytes: number | null;
    readonly fit: MemoryFit | null;
    readonly samples: readonly { readonly batch: number; readonly peakBytes: number }[];
  };
  readonly runs: number;
  readonly warmup: number;
  /** One entry per batch size, in the order measured, with the raw latencies. */
  readonly batches: readonly BatchMeasurement[];
  /** ISO 8601 time the measurement finished. */
  readonly measuredAt: string;
  /** Caveats a reader needs (fallback memory method, extrapolated batch-1 peak, …). */
  readonly notes: readonly string[];
  /** Present for an evaluate job only: the model's top-1 class of every input sample. */
  readonly evaluation?: Evaluation;
}

/**
 * The inputs of an evaluate job: one blob of `dims[0]` samples laid out as the model's single
 * input expects (sample-major; NCHW for memnas exports). uint8 samples are multiplied by `scale`
 * into float32 (images in [0, 1] travel as bytes, 4× smaller); float32 samples are used as they
 * are (little-endian). Labels never leave the host: the agent returns classes, the host scores.
 */
export interface EvaluateInput {
  readonly dtype: 'uint8' | 'float32';
  /** [samples, ...one sample's dims]. */
  readonly dims: readonly number[];
  /** Factor applied to uint8 values (1/255 for images); 1 for float32. */
  readonly scale: number;
  readonly sha256: string;
  /** Size of the blob in bytes; an agent refuses one over its model limit before fetching. */
  readonly bytes: number;
  /** Where to get the blob: inline (serial line) or by URL (the coordinator's model store). */
  readonly source: ModelSource;
}

/** Top-1 classes of an evaluate job, in sample order. */
export interface Evaluation {
  readonly samples: number;
  readonly predictions: readonly number[];
  /** Wall-clock milliseconds of all the inference (batches of `batch`), load excluded. */
  readonly inferenceMs: number;
  readonly batch: number;
}

/** Where an agent gets a job's model: inline (serial line, small models) or by URL. */
export type ModelSource = { readonly base64: string } | { readonly url: string };

/** What to measure. Defaults (batches [1, 8, 32], 50 runs, 5 warm-up) are the CLI's. */
export interface JobSpec {
  readonly batches: readonly number[];
  readonly runs: number;
  readonly warmup: number;
  /** Per-batch-size wall-clock limit for the measuring child process. */
  readonly timeoutMs: number;
}

// ---- agent → coordinator ----

export interface RegisterMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'register';
  readonly device: DeviceDescription;
  readonly agentVersion: string;
}

export interface HeartbeatMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'heartbeat';
  readonly deviceName: string;
  /** The job being measured, so the coordinator can tell a busy agent from a hung one. */
  readonly jobId: string | null;
}

export interface ResultMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'result';
  readonly jobId: string;
  readonly attempt: number;
  readonly result: ProfileResult;
}

/** A failed job (jobId set) or a failure outside any job (jobId null). */
export interface ErrorMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'error';
  readonly jobId: string | null;
  readonly attempt: number | null;
  readonly error: ErrorInfo;
}

export type AgentMessage = RegisterMessage | HeartbeatMessage | ResultMessage | ErrorMessage;

// ---- coordinator → agent ----

export interface RegisteredMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'registered';
  readonly deviceName: string;
  /** How often the agent must send a heartbeat; missing three marks it gone. */
  readonly heartbeatMs: number;
  /**
   * This device's own credential, issued when it registered with the fleet token: every later
   * message (heartbeat, poll, reports, downloads) carries it instead. Absent when the agent
   * registered with its device token (it keeps that one) and from coordinators before it existed.
   */
  readonly deviceToken?: string;
}

export interface JobMessage extends JobSpec {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'job';
  readonly id: string;
  /** Starts at 1; a re-dispatch after an agent vanished increments it. */
  readonly attempt: number;
  readonly modelSha256: string;
  /** Size of the model file; an agent refuses models over its own limit before fetching. */
  readonly modelBytes: number;
  readonly model: ModelSource;
  /**
   * Present for an evaluate job: besides the profile, classify these inputs with the model and
   * return the classes in ProfileResult.evaluation. Absent: a profile job.
   */
  readonly evaluate?: EvaluateInput;
}

/** The answer to a poll when there is nothing to do. */
export interface IdleMessage {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly type: 'idle';
  /** Poll again after this long. */
  readonly retryMs: number;
}

export type CoordinatorMessage = RegisteredMessage | JobMessage | IdleMessage | ErrorMessage;

export {
  ProtocolError,
  parseAgentMessage,
  parseCoordinatorMessage,
  parseDeviceDescription,
  parseProfileResult,
  parseSessionOptions,
} from './protocol-check.ts';
