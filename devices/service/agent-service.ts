// What the coordinator does for agents, independent of the transport: register, heartbeat,
// poll, result, error, model download. The HTTP routes call it; a serial bridge will call the
// same methods with the same protocol messages.
import type {
  ErrorMessage,
  HeartbeatMessage,
  IdleMessage,
  JobMessage,
  ModelSource,
  RegisteredMessage,
  RegisterMessage,
  ResultMessage,
} from '../../profiler-agent/protocol.ts';
import { PROTOCOL_VERSION } from '../../profiler-agent/protocol.ts';
import { type AckMessage, modelPath, type PollRequest } from '../../profiler-agent/protocol-http.ts';
import { MemnasError } from '../../search/errors.ts';
import type { CoordinatorConfig } from '../config.ts';
import type { ExpiryOutcome, JobRecord, JobStore, ReportOutcome } from '../store/job-store.ts';
import { evaluateInput, type StoredJobSpec } from './evaluate-spec.ts';
import { isRetryable, runLimitMs } from './policy.ts';

/** How a job's model reaches the agent: a URL on this coordinator (HTTP) or inline (serial line). */
export type ModelDelivery = 'url' | 'inline';

type Timing = Pick<CoordinatorConfig, 'heartbeatMs' | 'leaseMs' | 'idleRetryMs' | 'jobGraceMs' | 'log'>;

const ack = (duplicate: boolean): AckMessage => ({ protocol: PROTOCOL_VERSION, type: 'ack', duplicate });

export class AgentService {
  constructor(
    private readonly store: JobStore,
    private readonly config: Timing,
    private readonly now: () => number = Date.now,
  ) {}

  register(msg: RegisterMessage): RegisteredMessage {
    const existed = this.store.getDevice(msg.device.name) !== undefined;
    this.store.upsertDevice(msg.device, msg.agentVersion, this.now());
    const d = msg.device;
    this.config.log(
      `device '${d.name}' ${existed ? 're-registered' : 'registered'}: ${d.cpuModel}, ${d.cores} cores, ${d.os} ${d.arch}, ${d.runtime.name} ${d.runtime.version}${d.tags.length > 0 ? `, tags ${d.tags.join(',')}` : ''}`,
    );
    return {
      protocol: PROTOCOL_VERSION,
      type: 'registered',
      deviceName: d.name,
      heartbeatMs: this.config.heartbeatMs,
    };
  }

  /** Keeps the device alive and its job's lease; `stop` when the job it names is no longer its own. */
  heartbeat(msg: HeartbeatMessage): AckMessage {
    const now = this.now();
    this.seen(msg.deviceName, now);
    if (msg.jobId === null) return ack(false);
    const job = this.store.getJob(msg.jobId);
    if (job?.state === 'running' && job.deviceName === msg.deviceName) {
      this.store.extendLease(job.id, job.attempt, now + this.config.leaseMs);
      return ack(false);
    }
    // Cancelled, given to another device after this one went silent, or unknown: stop measuring it.
    return { ...ack(false), stop: true };
  }

  /** Hands the polling device its next job, or tells it when to ask again. */
  poll(req: PollRequest, delivery: ModelDelivery = 'url'): JobMessage | IdleMessage {
    const now = this.now();
    this.seen(req.deviceName, now);
    this.sweep();
    const job = this.store.claimJob(req.deviceName, now, {
      leaseMs: this.config.leaseMs,
      runLimitMs: (spec) => runLimitMs(spec, this.config.jobGraceMs),
    });
    if (job === undefined)
      return { protocol: PROTOCOL_VERSION, type: 'idle', retryMs: this.config.idleRetryMs };
    this.config.log(
      `job ${job.id} dispatched to '${req.deviceName}' (attempt ${job.attempt} of ${job.maxAttempts})`,
    );
    const { evaluate, ...spec } = job.spec as StoredJobSpec;
    return {
      protocol: PROTOCOL_VERSION,
      type: 'job',
      id: job.id,
      attempt: job.attempt,
      modelSha256: job.modelSha256,
      modelBytes: job.modelBytes,
      model: this.source(job, delivery),
      ...spec,
      ...(evaluate === undefined
        ? {}
        : { evaluate: evaluateInput(evaluate, () => this.model(evaluate.sha256), delivery === 'inline') }),
    };
  }

  result(msg: ResultMessage): AckMessage {
    const job = this.knownJob(msg.jobId);
    if (msg.result.modelSha256 !== job.modelSha256) {
      throw new MemnasError(
        'PROTOCOL_INVALID',
        `the result for job ${job.id} measured model ${msg.result.modelSha256.slice(0, 12)}…, not the job's ${job.modelSha256.slice(0, 12)}…`,
      );
    }
    const now = this.now();
    if (job.deviceName !== null) this.store.touchDevice(job.deviceName, now);
    const outcome = this.store.completeJob(job.id, msg.attempt, msg.result, now);
    this.settle(job, msg.attempt, outcome, 'result');
    if (outcome === 'accepted')
      this.config.log(`job ${job.id} done on '${job.deviceName}' (attempt ${msg.attempt})`);
    return ack(outcome === 'duplicate');
  }

  error(msg: ErrorMessage): AckMessage {
    if (msg.jobId === null || msg.attempt === null) {
      this.config.log(`an agent reported an error outside any job: ${msg.error.message} [${msg.error.code}]`);
      return ack(false);
    }
    const job = this.knownJob(msg.jobId);
    const now = this.now();
    if (job.deviceName !== null) this.store.touchDevice(job.deviceName, now);
    const retry = isRetryable(msg.error.code);
    const outcome = this.store.failAttempt(job.id, msg.attempt, msg.error, retry, now);
    this.settle(job, msg.attempt, outcome, 'error');
    if (outcome === 'accepted') {
      const after = this.store.getJob(job.id)!;
      this.config.log(
        `job ${job.id} attempt ${msg.attempt} failed on '${job.deviceName}': ${msg.error.message} [${msg.error.code}]; ${after.state === 'queued' ? 'queued again' : 'job failed'}`,
      );
    }
    return ack(outcome === 'duplicate');
  }

  model(sha256: string): Uint8Array {
    const bytes = this.store.getModel(sha256);
    if (bytes === undefined)
      throw new MemnasError('MODEL_UNKNOWN', `no model with sha256 ${sha256} is stored here`);
    return bytes;
  }

  /** Ends attempts whose lease or deadline passed; called on every poll and on a timer. */
  sweep(): ExpiryOutcome {
    const outcome = this.store.expire(this.now());
    for (const id of outcome.requeued)
      this.config.log(`job ${id}: its device went silent or ran out of time; queued again`);
    for (const id of outcome.failed)
      this.config.log(`job ${id} failed: ${this.store.getJob(id)?.error?.message ?? 'out of attempts'}`);
    return outcome;
  }

  private seen(deviceName: string, now: number): void {
    if (!this.store.touchDevice(deviceName, now)) {
      throw new MemnasError(
        'DEVICE_UNKNOWN',
        `no device named '${deviceName}' is registered here; register first`,
      );
    }
  }

  private knownJob(id: string): JobRecord {
    const job = this.store.getJob(id);
    if (job === undefined) throw new MemnasError('JOB_UNKNOWN', `no job with id ${id}`);
    return job;
  }

  private settle(job: JobRecord, attempt: number, outcome: ReportOutcome, what: 'result' | 'error'): void {
    if (outcome === 'superseded') {
      const now = this.store.getJob(job.id) ?? job;
      throw new MemnasError(
        'ATTEMPT_SUPERSEDED',
        `the ${what} of job ${job.id} attempt ${attempt} was refused: that attempt no longer holds the job (it is ${now.state}, attempt ${now.attempt})`,
      );
    }
    if (outcome === 'unknown') throw new MemnasError('JOB_UNKNOWN', `no job with id ${job.id}`);
  }

  private source(job: JobRecord, delivery: ModelDelivery): ModelSource {
    if (delivery === 'url') return { url: modelPath(job.modelSha256) };
    return { base64: Buffer.from(this.model(job.modelSha256)).toString('base64') };
  }
}
