// Authorization in front of the AgentService, shared by every transport (HTTP routes, the
// serial bridge): who may send which agent message. Registration takes the fleet token (a new
// device, or a name that has gone offline; a name online under another credential is 409) or
// the device's own token (the same agent registering again); it returns a fresh device token
// for the fleet token. A phone that joined with a join code holds a device token bound to the
// name it joined as; its first registration (name free, as for the fleet token) stores that
// token. Every other agent message takes only the token of the device it names, and a report
// only from the device its attempt was leased to (403 otherwise).
import type {
  ErrorMessage,
  HeartbeatMessage,
  IdleMessage,
  JobMessage,
  RegisteredMessage,
  RegisterMessage,
  ResultMessage,
} from '../../profiler-agent/protocol.ts';
import type { AckMessage, PollRequest } from '../../profiler-agent/protocol-http.ts';
import { nameProblem } from '../../profiler-agent/names.ts';
import { MemnasError } from '../../search/errors.ts';
import type { JobStore } from '../store/job-store.ts';
import type { AgentService, ModelDelivery } from './agent-service.ts';
import { type Caller, Credentials, requireAnyDevice, requireDevice } from './credentials.ts';

export class AgentGate {
  readonly credentials: Credentials;

  constructor(
    private readonly agents: AgentService,
    private readonly store: JobStore,
    private readonly config: { readonly token: string; readonly leaseMs: number },
    private readonly now: () => number = Date.now,
  ) {
    this.credentials = new Credentials(store, config.token, now);
  }

  register(msg: RegisterMessage, caller: Caller): RegisteredMessage {
    const name = msg.device.name;
    if (caller.kind === 'device') {
      requireDevice(caller, name);
      if (caller.joining !== true) return this.agents.register(msg);
      this.requireNameFree(name);
      const registered = this.agents.register(msg);
      this.credentials.settle(name);
      return registered;
    }
    this.requireNameFree(name);
    const registered = this.agents.register(msg);
    return { ...registered, deviceToken: this.credentials.issue(name) };
  }

  /**
   * A join (the join code already checked by the caller): a device token that may register as
   * `name` only, if no device is online under that name.
   */
  join(name: string): string {
    const problem = nameProblem(name);
    if (problem !== null) throw new MemnasError('REQUEST_INVALID', `the device name ${problem}`);
    this.requireNameFree(name);
    return this.credentials.issueJoined(name);
  }

  /** A name online under another credential is taken (409) until its lease runs out. */
  private requireNameFree(name: string): void {
    const existing = this.store.getDevice(name);
    const silentMs = existing === undefined ? Infinity : this.now() - existing.lastSeenAt;
    if (silentMs < this.config.leaseMs)
      throw new MemnasError(
        'DEVICE_NAME_TAKEN',
        `a device named '${name}' is online under another credential; give this agent another name with --name NAME (or stop the other agent: the name frees ${Math.ceil((this.config.leaseMs - silentMs) / 1000)} s after its last heartbeat)`,
      );
  }

  heartbeat(msg: HeartbeatMessage, caller: Caller): AckMessage {
    requireDevice(caller, msg.deviceName);
    return this.agents.heartbeat(msg);
  }

  poll(req: PollRequest, caller: Caller, delivery: ModelDelivery): JobMessage | IdleMessage {
    requireDevice(caller, req.deviceName);
    return this.agents.poll(req, delivery);
  }

  result(msg: ResultMessage, caller: Caller): AckMessage {
    this.requireHolder(caller, msg.jobId, msg.attempt);
    return this.agents.result(msg);
  }

  error(msg: ErrorMessage, caller: Caller): AckMessage {
    if (msg.jobId === null || msg.attempt === null) requireAnyDevice(caller);
    else this.requireHolder(caller, msg.jobId, msg.attempt);
    return this.agents.error(msg);
  }

  /** Model and input downloads: any registered device (they are what its jobs name). */
  model(sha256: string, caller: Caller): Uint8Array {
    requireAnyDevice(caller);
    return this.agents.model(sha256);
  }

  /** A report on (job, attempt) comes from the device that attempt was leased to. */
  private requireHolder(caller: Caller, jobId: string, attempt: number): void {
    requireAnyDevice(caller);
    const holder = this.store.listAttempts(jobId).find((a) => a.attempt === attempt)?.deviceName;
    // No such attempt: the service answers that (unknown job, superseded attempt) as before.
    if (holder !== undefined && holder !== caller.name)
      throw new MemnasError(
        'FORBIDDEN',
        `job ${jobId} attempt ${attempt} was leased to device '${holder}', not '${caller.name}'`,
      );
  }
}
