// The user's side of the coordinator: upload a model, queue a job for a device or tag, wait for
// its result, list devices. `profileOnCoordinator` is what `memnas profile --device NAME
// --coordinator URL` runs; it returns the same ProfileResult as the local path. Plain fetch, no
// server code: importing this module loads neither express nor SQLite.
import { HTTP_PATHS, jobPath, readHttpErrorBody } from '../profiler-agent/protocol-http.ts';
import { parseProfileResult, type ProfileResult } from '../profiler-agent/protocol.ts';
import { type ErrorCode, MemnasError } from '../search/errors.ts';
import type { JobRequest } from './service/job-request.ts';
import type { StoredModel } from './service/job-service.ts';
import type { DeviceView, JobView } from './views.ts';

/** Codes the coordinator answers with; anything else is reported as REQUEST_INVALID or INTERNAL. */
const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'USAGE',
  'REQUEST_INVALID',
  'REQUEST_TOO_LARGE',
  'PROTOCOL_INVALID',
  'ONNX_INVALID',
  'ONNX_UNSUPPORTED_OP',
  'ONNX_SHAPE',
  'AUTH_FAILED',
  'NOT_FOUND',
  'DEVICE_UNKNOWN',
  'JOB_UNKNOWN',
  'MODEL_UNKNOWN',
  'MODEL_TOO_LARGE',
  'ATTEMPT_SUPERSEDED',
  'INTERNAL',
]);

export interface ClientOptions {
  /** The coordinator, e.g. http://192.168.1.5:7117. */
  readonly url: string;
  readonly token: string;
  /** Per request; default 60 s (a model upload can be large). */
  readonly requestTimeoutMs?: number;
}

export interface WaitOptions {
  /** Give up after this long; default 30 minutes. The job itself stays queued. */
  readonly timeoutMs?: number;
  /** Delay between status checks; default 500 ms. */
  readonly pollMs?: number;
  /** Called whenever the job's state or attempt changes (progress lines). */
  readonly onUpdate?: (job: JobView) => void;
}

type Body = { readonly json: unknown } | { readonly bytes: Uint8Array };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class CoordinatorClient {
  private readonly base: URL;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    try {
      this.base = new URL(options.url);
    } catch {
      throw new MemnasError(
        'USAGE',
        `--coordinator takes a URL like http://192.168.1.5:7117, got '${options.url}'`,
      );
    }
    this.token = options.token;
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  uploadModel(bytes: Uint8Array): Promise<StoredModel> {
    return this.request('POST', HTTP_PATHS.models, { bytes }) as Promise<StoredModel>;
  }

  /** An evaluate job's input blob (stored like a model, without the ONNX check). */
  uploadInputs(bytes: Uint8Array): Promise<StoredModel> {
    return this.request('POST', `${HTTP_PATHS.models}?kind=inputs`, { bytes }) as Promise<StoredModel>;
  }

  submitJob(request: JobRequest): Promise<JobView> {
    return this.request('POST', HTTP_PATHS.jobs, { json: request }) as Promise<JobView>;
  }

  job(id: string): Promise<JobView> {
    return this.request('GET', jobPath(id)) as Promise<JobView>;
  }

  /** Newest first (at most 100), optionally only those in one state. */
  jobs(state?: JobView['state']): Promise<JobView[]> {
    return this.request(
      'GET',
      state === undefined ? HTTP_PATHS.jobs : `${HTTP_PATHS.jobs}?state=${state}`,
    ) as Promise<JobView[]>;
  }

  devices(): Promise<DeviceView[]> {
    return this.request('GET', HTTP_PATHS.devices) as Promise<DeviceView[]>;
  }

  /** Polls until the job is done or failed; rides out a coordinator restart until the deadline. */
  async waitForJob(id: string, options: WaitOptions = {}): Promise<JobView> {
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      let job: JobView | undefined;
      try {
        job = await this.job(id);
      } catch (e) {
        if (!(e instanceof MemnasError && e.code === 'COORDINATOR_UNREACHABLE') || Date.now() > deadline)
          throw e;
      }
      if (job !== undefined) {
        const key = `${job.state}/${job.attempt}`;
        if (key !== last) options.onUpdate?.(job);
        last = key;
        if (job.state === 'done' || job.state === 'failed') return job;
      }
      if (Date.now() > deadline) {
        throw new MemnasError(
          'JOB_TIMEOUT',
          `job ${id} is still ${job?.state ?? 'unfinished'} after ${Math.round(timeoutMs / 1000)} s; it stays queued on the coordinator (GET ${jobPath(id)})`,
        );
      }
      await sleep(options.pollMs ?? 500);
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: Body): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (body !== undefined && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      payload = new Uint8Array(body.bytes); // a copy fetch accepts as a body (ArrayBuffer-backed)
    }
    const url = new URL(path, this.base);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      const why =
        cause instanceof Error
          ? ((cause.cause as Error | undefined)?.message ?? cause.message)
          : String(cause);
      throw new MemnasError(
        'COORDINATOR_UNREACHABLE',
        `cannot reach the coordinator at ${this.base.origin}: ${why}`,
        { cause },
      );
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text === '' ? null : JSON.parse(text);
    } catch {
      data = null;
    }
    if (res.ok) return data;
    const err = readHttpErrorBody(data);
    const code: ErrorCode =
      err !== null && CODES.has(err.code)
        ? (err.code as ErrorCode)
        : res.status >= 500
          ? 'INTERNAL'
          : 'REQUEST_INVALID';
    throw new MemnasError(code, `coordinator: ${err?.message ?? `HTTP ${res.status} ${res.statusText}`}`);
  }
}

/** `--device` as the CLI takes it: 'NAME' names one device, 'tag:TAG' any device with that tag. */
export function parseDeviceTarget(value: string): { readonly device: string } | { readonly tag: string } {
  const tag = /^tag:(.+)$/.exec(value.trim());
  if (tag !== null) return { tag: tag[1]!.trim() };
  if (value.trim() === '')
    throw new MemnasError('USAGE', '--device needs a device name, or tag:TAG for any device with that tag');
  return { device: value.trim() };
}

export interface ProfileOnCoordinatorOptions extends WaitOptions {
  readonly coordinator: string;
  readonly token: string;
  /** Where to measure: a device name, or any device with a tag. Exactly one. */
  readonly device?: string;
  readonly tag?: string;
  readonly batches?: readonly number[];
  readonly runs?: number;
  readonly warmup?: number;
  /** The agent's limit per batch size. */
  readonly jobTimeoutMs?: number;
  /** The process the agent measures in; the agent's default ('protocol') when absent. */
  readonly environment?: 'protocol' | 'plain';
}

/**
 * Uploads the model, queues a job for the device (or tag), waits, and returns its ProfileResult —
 * the same object `profileLocal` returns. Throws MemnasError: DEVICE_UNKNOWN, AUTH_FAILED,
 * MODEL_TOO_LARGE, ONNX_INVALID, COORDINATOR_UNREACHABLE, JOB_FAILED (with the agent's reason),
 * JOB_TIMEOUT.
 */
export async function profileOnCoordinator(
  model: Uint8Array,
  options: ProfileOnCoordinatorOptions,
): Promise<ProfileResult> {
  const client = new CoordinatorClient({ url: options.coordinator, token: options.token });
  const { sha256 } = await client.uploadModel(model);
  const request: JobRequest = {
    modelSha256: sha256,
    ...(options.device === undefined ? {} : { device: options.device }),
    ...(options.tag === undefined ? {} : { tag: options.tag }),
    ...(options.batches === undefined ? {} : { batches: [...options.batches] }),
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
    ...(options.jobTimeoutMs === undefined ? {} : { timeoutMs: options.jobTimeoutMs }),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
  };
  return runJob(client, request, options);
}

/** Queues a job, waits for it, and returns its ProfileResult; a failed job is JOB_FAILED with the agent's reason. */
export async function runJob(
  client: CoordinatorClient,
  request: JobRequest,
  wait: WaitOptions,
): Promise<ProfileResult> {
  const queued = await client.submitJob(request);
  const job = await client.waitForJob(queued.id, wait);
  if (job.state === 'failed' || job.result === null) {
    const why = job.error === null ? 'no reason given' : `${job.error.message} [${job.error.code}]`;
    throw new MemnasError(
      'JOB_FAILED',
      `job ${job.id} failed${job.deviceName === null ? '' : ` on '${job.deviceName}'`}: ${why}`,
    );
  }
  return parseProfileResult(job.result);
}
