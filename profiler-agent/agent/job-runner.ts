// One job, start to report: get the model (inline, or by URL through the transport, riding out
// a coordinator restart), check it is the model the job names (size and sha256), measure it with
// the same code as `profile --device local` (a fresh process per batch size), and turn the
// outcome into the ResultMessage or ErrorMessage to send back.
import { DEFAULT_MAX_MODEL_BYTES } from '../defaults.ts';
import { AgentError, toErrorInfo } from '../errors.ts';
import { profileModel, sha256 } from '../measure/profile.ts';
import { refuseExternalData } from '../model-check/check-model.ts';
import type {
  DeviceDescription,
  ErrorInfo,
  ErrorMessage,
  EvaluateInput,
  Evaluation,
  JobMessage,
  ProfileResult,
  ResultMessage,
} from '../protocol.ts';
import { PROTOCOL_VERSION } from '../protocol.ts';
import { Backoff, type BackoffOptions, sleep, Stopped, unlessStopped } from './backoff.ts';
import { type AgentTransport, isTransportError, TransportError } from './transport.ts';

/** Measures one model for one job; the default is the profiler's own `profileModel`. */
export type Measure = (
  model: Uint8Array,
  job: JobMessage,
  device: DeviceDescription,
  signal?: AbortSignal,
) => Promise<ProfileResult>;

export function profilerMeasure(maxModelBytes: number): Measure {
  return (model, job, device, signal) =>
    profileModel(model, device, {
      batches: job.batches,
      runs: job.runs,
      warmup: job.warmup,
      timeoutMs: job.timeoutMs,
      ...(job.environment === undefined ? {} : { environment: job.environment }),
      runtime: device.runtime.name,
      maxModelBytes,
      ...(signal === undefined ? {} : { signal }),
    });
}

/**
 * Classifies an evaluate job's inputs (protocol.ts EvaluateInput) with the model. The Node agent
 * passes evaluate/run-evaluate.ts's `nodeEvaluate` (a child process), the browser agent
 * browser/evaluate.ts's `browserEvaluate` (onnxruntime-web in the page, stopping between batches
 * when `signal` aborts); an agent without one fails evaluate jobs with a clear error instead of
 * returning a profile alone.
 */
export type Evaluate = (
  model: Uint8Array,
  blob: Uint8Array,
  input: EvaluateInput,
  device: DeviceDescription,
  signal?: AbortSignal,
) => Promise<Evaluation>;

export interface JobContext {
  readonly transport: AgentTransport;
  readonly device: DeviceDescription;
  readonly measure: Measure;
  readonly evaluate?: Evaluate;
  readonly maxModelBytes?: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  readonly backoff?: BackoffOptions;
}

export function errorReport(job: JobMessage, error: ErrorInfo): ErrorMessage {
  return { protocol: PROTOCOL_VERSION, type: 'error', jobId: job.id, attempt: job.attempt, error };
}

/**
 * Downloads retry while the coordinator is unreachable (it may be restarting), with backoff, until
 * stopped or for giveUpMs at most; then the job is reported failed.
 */
async function download(url: string, ctx: JobContext): Promise<Uint8Array> {
  const backoff = new Backoff(ctx.backoff);
  for (;;) {
    try {
      return await ctx.transport.fetchModel(url);
    } catch (e) {
      if (!isTransportError(e, 'unreachable')) throw e;
      if (backoff.exhausted()) throw new TransportError('unreachable', `gave up retrying: ${e.message}`);
      ctx.log(`model download failed (${e.message}); retrying`);
      await sleep(backoff.next(), ctx.signal);
    }
  }
}

async function modelOf(job: JobMessage, ctx: JobContext): Promise<Uint8Array> {
  const limit = ctx.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (job.modelBytes > limit)
    throw new AgentError(
      'MODEL_TOO_LARGE',
      `the model is ${job.modelBytes} bytes, over this agent's limit of ${limit} bytes`,
    );
  const bytes =
    'base64' in job.model
      ? new Uint8Array(Buffer.from(job.model.base64, 'base64'))
      : await download(job.model.url, ctx);
  const digest = sha256(bytes);
  if (bytes.byteLength !== job.modelBytes || digest !== job.modelSha256) {
    // PROTOCOL_INVALID rather than MODEL_INVALID: the transfer went wrong, not the model, so the
    // coordinator may try again.
    throw new AgentError(
      'PROTOCOL_INVALID',
      `the model received for job ${job.id} (${bytes.byteLength} bytes, sha256 ${digest.slice(0, 12)}…) is not the one announced (${job.modelBytes} bytes, ${job.modelSha256.slice(0, 12)}…)`,
    );
  }
  // Before any runtime (the evaluating child, the measuring children, a browser page) sees it.
  refuseExternalData(bytes);
  return bytes;
}

/** An evaluate job's input blob, checked like the model (size and sha256). */
async function inputOf(input: EvaluateInput, job: JobMessage, ctx: JobContext): Promise<Uint8Array> {
  const limit = ctx.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (input.bytes > limit)
    throw new AgentError(
      'MODEL_TOO_LARGE',
      `the evaluation inputs are ${input.bytes} bytes, over this agent's limit of ${limit} bytes`,
    );
  const bytes =
    'base64' in input.source
      ? new Uint8Array(Buffer.from(input.source.base64, 'base64'))
      : await download(input.source.url, ctx);
  if (bytes.byteLength !== input.bytes || sha256(bytes) !== input.sha256)
    throw new AgentError(
      'PROTOCOL_INVALID',
      `the evaluation inputs received for job ${job.id} (${bytes.byteLength} bytes) are not the ones announced (${input.bytes} bytes, ${input.sha256.slice(0, 12)}…)`,
    );
  return bytes;
}

async function evaluation(
  model: Uint8Array,
  job: JobMessage,
  ctx: JobContext,
): Promise<Evaluation | undefined> {
  if (job.evaluate === undefined) return undefined;
  if (ctx.evaluate === undefined)
    throw new AgentError(
      'MODEL_UNSUPPORTED',
      `device '${ctx.device.name}''s agent (${ctx.device.runtime.name}) cannot evaluate; use a Node or browser agent`,
    );
  const blob = await inputOf(job.evaluate, job, ctx);
  return unlessStopped(ctx.evaluate(model, blob, job.evaluate, ctx.device, ctx.signal), ctx.signal);
}

/** Runs the job; resolves to the report to send. Only an unauthorized transport escapes as an error. */
export async function runJob(job: JobMessage, ctx: JobContext): Promise<ResultMessage | ErrorMessage> {
  try {
    const model = await modelOf(job, ctx);
    // Evaluation first: a device that cannot evaluate fails before spending minutes profiling.
    const evaluated = await evaluation(model, job, ctx);
    const profile = await unlessStopped(ctx.measure(model, job, ctx.device, ctx.signal), ctx.signal);
    const result = evaluated === undefined ? profile : { ...profile, evaluation: evaluated };
    return { protocol: PROTOCOL_VERSION, type: 'result', jobId: job.id, attempt: job.attempt, result };
  } catch (e) {
    if (isTransportError(e, 'unauthorized')) throw e;
    if (e instanceof Stopped)
      return errorReport(job, { code: 'INTERNAL', message: 'the agent was stopped during the job' });
    if (isTransportError(e))
      return errorReport(job, { code: 'FILE_NOT_FOUND', message: `could not get the model: ${e.message}` });
    return errorReport(job, toErrorInfo(e));
  }
}
