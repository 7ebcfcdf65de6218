// What the coordinator does for users: store a model (checked cheaply: size, then ONNX
// structure), queue a job for a device or tag, show jobs and devices.
import { createHash, randomUUID } from 'node:crypto';
import { readOnnxModel } from '../../exporter/onnx/read-model.ts';
import { describeExternalData, findExternalData } from '../../profiler-agent/model-check/external-data.ts';
import { MemnasError } from '../../search/errors.ts';
import type { CoordinatorConfig } from '../config.ts';
import type { JobState, JobStore } from '../store/job-store.ts';
import { type DeviceView, type JobView, toDeviceView, toJobView } from '../views.ts';
import { blobBytes, type EvaluateRef } from './evaluate-spec.ts';
import type { ParsedJobRequest } from './job-request.ts';

type Limits = Pick<CoordinatorConfig, 'maxModelBytes' | 'maxAttempts' | 'leaseMs' | 'log'>;

/** Jobs per page of GET /api/v1/jobs unless ?limit= says otherwise; at most MAX_PAGE. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

export interface JobPage {
  readonly state?: JobState;
  readonly limit?: number;
  /** The id of the last job of the previous page. */
  readonly before?: string;
}

export interface StoredModel {
  readonly sha256: string;
  readonly bytes: number;
  /** False when the same bytes were stored before (models are deduplicated by content). */
  readonly created: boolean;
}

export class JobService {
  constructor(
    private readonly store: JobStore,
    private readonly config: Limits,
    private readonly now: () => number = Date.now,
  ) {}

  putModel(bytes: Uint8Array): StoredModel {
    if (bytes.byteLength > this.config.maxModelBytes) {
      throw new MemnasError(
        'MODEL_TOO_LARGE',
        `the model is ${bytes.byteLength} bytes, over this coordinator's limit of ${this.config.maxModelBytes} bytes (memnas serve --max-model-bytes)`,
      );
    }
    // First the walk over every tensor (initializers, attributes, sparse tensors, subgraphs), so a
    // model that names another file is refused as such, whatever else is wrong with it.
    const found = findExternalData(bytes);
    if (found?.kind === 'external') throw new MemnasError('ONNX_EXTERNAL_DATA', describeExternalData(found));
    if (found?.kind === 'malformed')
      throw new MemnasError('ONNX_INVALID', `not an ONNX model: ${found.reason}`);
    readOnnxModel(bytes); // throws ONNX_INVALID with the reason for anything that is not a usable ONNX model
    const sha = createHash('sha256').update(bytes).digest('hex');
    const { created } = this.store.putModel(sha, bytes, this.now());
    return { sha256: sha, bytes: bytes.byteLength, created };
  }

  /** Stores an evaluate job's input blob (no ONNX check; same size limit and store as models). */
  putInputs(bytes: Uint8Array): StoredModel {
    if (bytes.byteLength > this.config.maxModelBytes) {
      throw new MemnasError(
        'MODEL_TOO_LARGE',
        `the inputs are ${bytes.byteLength} bytes, over this coordinator's limit of ${this.config.maxModelBytes} bytes (memnas serve --max-model-bytes)`,
      );
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    const { created } = this.store.putModel(sha, bytes, this.now());
    return { sha256: sha, bytes: bytes.byteLength, created };
  }

  submit(req: ParsedJobRequest): JobView {
    if (this.store.modelSize(req.modelSha256) === undefined) {
      throw new MemnasError(
        'MODEL_UNKNOWN',
        `no model with sha256 ${req.modelSha256} is stored here; upload it first (POST /api/v1/models)`,
      );
    }
    const evaluate = req.spec.evaluate;
    if (evaluate !== undefined) this.checkEvaluate(evaluate, req);
    if ('device' in req.target && this.store.getDevice(req.target.device) === undefined) {
      throw new MemnasError(
        'DEVICE_UNKNOWN',
        `no device named '${req.target.device}' has registered with this coordinator (known: ${this.deviceNames()})`,
      );
    }
    if ('tag' in req.target && !this.store.tagExists(req.target.tag)) {
      throw new MemnasError('DEVICE_UNKNOWN', `no registered device carries the tag '${req.target.tag}'`);
    }
    const job = this.store.createJob(
      {
        id: randomUUID(),
        modelSha256: req.modelSha256,
        target: req.target,
        spec: req.spec,
        maxAttempts: this.config.maxAttempts,
      },
      this.now(),
    );
    const where = 'device' in job.target ? `device '${job.target.device}'` : `tag '${job.target.tag}'`;
    this.config.log(
      `job ${job.id} queued for ${where} (model ${job.modelSha256.slice(0, 12)}…, batches ${job.spec.batches.join(',')})`,
    );
    return toJobView(job, [], undefined);
  }

  job(id: string): JobView {
    const job = this.store.getJob(id);
    if (job === undefined) throw new MemnasError('JOB_UNKNOWN', `no job with id ${id}`);
    return toJobView(
      job,
      this.store.listAttempts(id),
      job.state === 'done' ? this.store.getResult(id) : undefined,
    );
  }

  /** Cancels a queued or running job (its agent stops at its next heartbeat); 409 once it has ended. */
  cancel(id: string): JobView {
    const outcome = this.store.cancelJob(id, this.now());
    if (outcome === 'unknown') throw new MemnasError('JOB_UNKNOWN', `no job with id ${id}`);
    if (outcome === 'finished')
      throw new MemnasError('JOB_FINISHED', `job ${id} has already ended (${this.store.getJob(id)?.state})`);
    this.config.log(`job ${id} cancelled`);
    return this.job(id);
  }

  /** One page of jobs, newest first, and the id to pass as `before` for the next (null at the end). */
  jobs(page: JobPage = {}): { readonly jobs: JobView[]; readonly next: string | null } {
    const limit = page.limit ?? DEFAULT_PAGE;
    if (page.before !== undefined && this.store.getJob(page.before) === undefined)
      throw new MemnasError('JOB_UNKNOWN', `no job with id ${page.before} to page from`);
    const found = this.store.listJobs({
      limit: limit + 1,
      ...(page.state === undefined ? {} : { state: page.state }),
      ...(page.before === undefined ? {} : { before: page.before }),
    });
    const jobs = found.slice(0, limit).map((j) => toJobView(j, this.store.listAttempts(j.id), undefined));
    return { jobs, next: found.length > limit ? (found[limit - 1]?.id ?? null) : null };
  }

  devices(): DeviceView[] {
    const now = this.now();
    return this.store.listDevices().map((d) => toDeviceView(d, now, this.config.leaseMs));
  }

  private checkEvaluate(ref: EvaluateRef, req: ParsedJobRequest): void {
    const size = this.store.modelSize(ref.sha256);
    if (size === undefined)
      throw new MemnasError(
        'MODEL_UNKNOWN',
        `no inputs with sha256 ${ref.sha256} are stored here; upload them first (POST /api/v1/models?kind=inputs)`,
      );
    if (size !== blobBytes(ref))
      throw new MemnasError(
        'REQUEST_INVALID',
        `the stored inputs are ${size} bytes; ${ref.dtype} of dims ${ref.dims.join('×')} needs ${blobBytes(ref)}`,
      );
    const device = 'device' in req.target ? this.store.getDevice(req.target.device) : undefined;
    // The Node agent (ort-node) and the browser agent (ort-web) evaluate; any other runtime is
    // refused here, before the upload is wasted on it.
    const runtime = device?.description.runtime.name;
    if (device !== undefined && runtime !== 'ort-node' && runtime !== 'ort-web')
      throw new MemnasError(
        'USAGE',
        `device '${device.name}''s agent (${runtime}) cannot evaluate; use a Node agent (memnas agent) or the browser agent page`,
      );
  }

  /** The first few registered names: an error must stay short however large the fleet. */
  private deviceNames(): string {
    const names = this.store.listDevices().map((d) => `'${d.name}'`);
    if (names.length === 0) return 'none yet';
    const shown = names.slice(0, 10).join(', ');
    return names.length > 10
      ? `${shown} and ${names.length - 10} more; GET /api/v1/devices lists them`
      : shown;
  }
}
