// The agent's pull loop, independent of the transport: register, keep a heartbeat going, poll,
// run each job and deliver its report exactly as far as the coordinator needs (resent until
// recorded, dropped when refused). It survives coordinator restarts (backoff, then re-register
// if the coordinator forgot the device) and stops cleanly when its signal aborts: the job in
// hand is reported as interrupted so the coordinator can re-dispatch it at once.
import { DEFAULT_MAX_MODEL_BYTES } from '../defaults.ts';
import { AgentError } from '../errors.ts';
import type { DeviceDescription, ErrorMessage, JobMessage, ResultMessage } from '../protocol.ts';
import { PROTOCOL_VERSION } from '../protocol.ts';
import { Backoff, type BackoffOptions, sleep, Stopped } from './backoff.ts';
import { errorReport, type Evaluate, type Measure, profilerMeasure, runJob } from './job-runner.ts';
import { type AgentTransport, isTransportError, type TransportError } from './transport.ts';
import { AGENT_VERSION } from './version.ts';

export interface AgentLoopOptions {
  readonly transport: AgentTransport;
  /** This device as it registers (describeLocalDevice); its name is the agent's identity. */
  readonly device: DeviceDescription;
  /** Abort to stop: the loop finishes its current request and returns. */
  readonly signal: AbortSignal;
  /** Default: the profiler's profileModel, one fresh process per batch size. */
  readonly measure?: Measure;
  /** Evaluate jobs' classifier; without one the agent fails evaluate jobs (job-runner.ts). */
  readonly evaluate?: Evaluate;
  readonly maxModelBytes?: number;
  readonly backoff?: BackoffOptions;
  /** One line per event; default: nothing. */
  readonly log?: (line: string) => void;
}

function unauthorized(peer: string, e: TransportError): AgentError {
  return new AgentError(
    'USAGE',
    `the coordinator at ${peer} refused the token (${e.message}); check MEMNAS_TOKEN or --token-file`,
  );
}

/** Refusals only the user can fix: a wrong token, a name another agent holds. Null for the rest. */
function fatalOf(peer: string, name: string, e: TransportError): AgentError | null {
  if (e.kind === 'unauthorized') return unauthorized(peer, e);
  if (e.kind === 'name-taken')
    return new AgentError(
      'USAGE',
      `another agent is online as '${name}' at ${peer}; start this one with --name NAME (names must be unique; the default is the hostname plus a short machine id)`,
    );
  if (e.kind === 'forbidden')
    return new AgentError(
      'USAGE',
      `the coordinator at ${peer} refused this agent as '${name}': ${e.message}`,
    );
  return null;
}

class AgentLoop {
  private registered = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatInFlight = false;
  private currentJob: string | null = null;
  /** Aborts the job in hand: the agent stopping, or the coordinator saying it is no longer ours. */
  private jobStop: AbortController | null = null;
  private outage: string | null = null;
  private fatal: AgentError | null = null;
  private readonly backoff: Backoff;
  private readonly log: (line: string) => void;
  private readonly measure: Measure;

  constructor(private readonly o: AgentLoopOptions) {
    this.backoff = new Backoff(o.backoff);
    this.log = o.log ?? (() => {});
    this.measure = o.measure ?? profilerMeasure(o.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES);
  }

  async run(): Promise<void> {
    try {
      while (!this.o.signal.aborted && this.fatal === null) await this.step();
      if (this.fatal !== null) throw this.fatal;
    } finally {
      clearInterval(this.heartbeatTimer);
      await this.o.transport.close();
    }
  }

  private async step(): Promise<void> {
    try {
      if (!this.registered) await this.register();
      const next = await this.o.transport.poll(this.o.device.name);
      this.reachable();
      if (next.type === 'idle') await sleep(next.retryMs, this.o.signal);
      else await this.handle(next);
    } catch (e) {
      await this.recover(e);
    }
  }

  private async register(): Promise<void> {
    const reply = await this.o.transport.register({
      protocol: PROTOCOL_VERSION,
      type: 'register',
      device: this.o.device,
      agentVersion: AGENT_VERSION,
    });
    this.reachable();
    this.registered = true;
    this.log(
      `registered as '${reply.deviceName}' with ${this.o.transport.peer} (heartbeat every ${reply.heartbeatMs} ms)`,
    );
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => void this.beat(), reply.heartbeatMs);
  }

  private async beat(): Promise<void> {
    if (this.heartbeatInFlight) return;
    this.heartbeatInFlight = true;
    try {
      const jobId = this.currentJob;
      const ack = await this.o.transport.heartbeat({
        protocol: PROTOCOL_VERSION,
        type: 'heartbeat',
        deviceName: this.o.device.name,
        jobId,
      });
      if (ack.stop === true && jobId !== null && jobId === this.currentJob && this.jobStop !== null) {
        this.log(
          `job ${jobId}: the coordinator says it is no longer this device's (cancelled?); stopping it`,
        );
        this.jobStop.abort();
      }
    } catch (e) {
      if (isTransportError(e, 'unknown-device')) this.registered = false;
      else if (isTransportError(e)) {
        const fatal = fatalOf(this.o.transport.peer, this.o.device.name, e);
        if (fatal === null) this.unreachable(e);
        else this.fatal = fatal;
      } else this.log(`heartbeat failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.heartbeatInFlight = false;
    }
  }

  private async handle(job: JobMessage): Promise<void> {
    this.currentJob = job.id;
    const jobStop = new AbortController();
    const stopJob = (): void => jobStop.abort();
    this.o.signal.addEventListener('abort', stopJob, { once: true });
    this.jobStop = jobStop;
    void this.beat(); // confirms the lease at once
    this.log(
      `job ${job.id} attempt ${job.attempt}: measuring batches ${job.batches.join(',')} (${job.runs} runs, ${job.warmup} warm-up)`,
    );
    try {
      const report = await runJob(job, {
        transport: this.o.transport,
        device: this.o.device,
        measure: this.measure,
        ...(this.o.evaluate === undefined ? {} : { evaluate: this.o.evaluate }),
        signal: jobStop.signal,
        log: this.log,
        ...(this.o.maxModelBytes === undefined ? {} : { maxModelBytes: this.o.maxModelBytes }),
        ...(this.o.backoff === undefined ? {} : { backoff: this.o.backoff }),
      });
      await this.deliver(job, report);
    } finally {
      this.currentJob = null;
      this.jobStop = null;
      this.o.signal.removeEventListener('abort', stopJob);
    }
  }

  /**
   * Sends the report until the coordinator records or refuses it; once only when stopping, and
   * for the backoff's giveUpMs at most (the coordinator re-dispatches the job when its lease ends).
   */
  private async deliver(job: JobMessage, first: ResultMessage | ErrorMessage): Promise<void> {
    let report = first;
    const retries = new Backoff(this.o.backoff);
    for (;;) {
      try {
        await this.o.transport.report(report);
        this.reachable();
        const what =
          report.type === 'result'
            ? 'result delivered'
            : `reported failure: ${report.error.message} [${report.error.code}]`;
        this.log(`job ${job.id} attempt ${job.attempt}: ${what}`);
        return;
      } catch (e) {
        if (!isTransportError(e)) throw e;
        if (e.kind === 'unauthorized') throw e;
        if (e.kind === 'refused' || e.kind === 'unknown-device' || e.kind === 'forbidden') {
          this.log(
            `job ${job.id} attempt ${job.attempt}: the coordinator refused the ${report.type} (${e.message}); dropped`,
          );
          return;
        }
        if (e.kind === 'rejected') {
          if (report.type === 'error') {
            this.log(`job ${job.id}: the coordinator rejected the error report (${e.message}); dropped`);
            return;
          }
          report = errorReport(job, {
            code: 'PROTOCOL_INVALID',
            message: `the coordinator rejected the result: ${e.message}`,
          });
          continue;
        }
        this.unreachable(e);
        if (this.o.signal.aborted || retries.exhausted()) {
          const why = this.o.signal.aborted ? 'stopping' : 'giving up';
          this.log(
            `job ${job.id}: ${why} before the ${report.type} could be delivered; the coordinator re-dispatches the job when the lease ends`,
          );
          return;
        }
        try {
          await sleep(retries.next(), this.o.signal);
        } catch (s) {
          if (!(s instanceof Stopped)) throw s;
        }
      }
    }
  }

  private async recover(e: unknown): Promise<void> {
    if (e instanceof Stopped) return;
    if (!isTransportError(e)) throw e;
    const fatal = fatalOf(this.o.transport.peer, this.o.device.name, e);
    if (fatal !== null) {
      this.fatal = fatal;
      return;
    }
    if (e.kind === 'unknown-device') {
      this.log(`the coordinator does not know '${this.o.device.name}' (${e.message}); registering again`);
      this.registered = false;
      return;
    }
    if (e.kind === 'unreachable') this.unreachable(e);
    else this.log(`the coordinator refused a request: ${e.message}`);
    try {
      await sleep(this.backoff.next(), this.o.signal);
    } catch (s) {
      if (!(s instanceof Stopped)) throw s;
    }
  }

  /** Logs the start of an outage once, not every retry. */
  private unreachable(e: TransportError): void {
    if (this.outage === null) this.log(`${e.message}; retrying with backoff`);
    this.outage = e.message;
  }

  private reachable(): void {
    if (this.outage !== null) this.log(`${this.o.transport.peer} is reachable again`);
    this.outage = null;
    this.backoff.reset();
  }
}

/** Runs the agent until `signal` aborts; rejects only on what the user must fix (a wrong token). */
export async function runAgentLoop(options: AgentLoopOptions): Promise<void> {
  await new AgentLoop(options).run();
}
