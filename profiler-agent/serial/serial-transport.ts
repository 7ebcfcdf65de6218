// The agent's serial transport: the same AgentTransport as HTTP, over a reliable link on a
// serial line. Each call is one request envelope and one reply; failures are sorted into the
// same TransportFailure kinds as over HTTP (the bridge sends the HTTP status the coordinator
// would have answered). The line is opened on first use and again after it went away (a USB
// cable pulled and put back), so the pull loop's backoff rides out an unplugged cable.
import { randomInt } from 'node:crypto';
import { AgentError } from '../errors.ts';
import {
  type ErrorMessage,
  type HeartbeatMessage,
  type IdleMessage,
  type JobMessage,
  PROTOCOL_VERSION,
  type RegisteredMessage,
  type RegisterMessage,
  type ResultMessage,
} from '../protocol.ts';
import { AgentCredentials } from '../agent/agent-credentials.ts';
import type { AckMessage } from '../protocol-http.ts';
import { failureOf, readAck, readCoordinatorMessage } from '../agent/replies.ts';
import { type AgentTransport, TransportError } from '../agent/transport.ts';
import { encodeEnvelope, parseReply, type SerialReply, type SerialRequestMessage } from './envelope.ts';
import { LinkError, type LinkOptions, SerialLink } from './link.ts';
import type { OpenLine } from './open-port.ts';

export interface SerialTransportOptions {
  /** The device path, as log lines name the coordinator. */
  readonly peer: string;
  /** The fleet token: it registers the agent, which then uses the device token it was given. */
  readonly token: string;
  /** Opens the line; called on first use and after the line closed. */
  readonly connect: () => Promise<OpenLine>;
  /** Longest silence from the coordinator while awaiting a reply (a reply carrying a model keeps talking); default 20 s. */
  readonly replyTimeoutMs?: number;
  readonly link?: LinkOptions;
}

interface Pending {
  readonly resolve: (message: unknown) => void;
  readonly reject: (e: Error) => void;
}

export class SerialTransport implements AgentTransport {
  readonly peer: string;
  private line: { open: OpenLine; link: SerialLink } | null = null;
  private opening: Promise<{ open: OpenLine; link: SerialLink }> | null = null;
  // Random start: a reply still in flight to a previous agent process on this line cannot match.
  private nextId = randomInt(1, 2 ** 31);
  private readonly pending = new Map<number, Pending>();
  private readonly replyTimeoutMs: number;
  private readonly credentials: AgentCredentials;

  constructor(private readonly options: SerialTransportOptions) {
    this.peer = options.peer;
    this.credentials = new AgentCredentials(options.token);
    this.replyTimeoutMs = options.replyTimeoutMs ?? 20_000;
  }

  async register(msg: RegisterMessage): Promise<RegisteredMessage> {
    const reply = readCoordinatorMessage(await this.request(msg), `on ${this.peer}`);
    if (reply.type !== 'registered')
      throw new TransportError('rejected', `the coordinator answered a registration with '${reply.type}'`);
    this.credentials.registered(reply);
    return reply;
  }

  async heartbeat(msg: HeartbeatMessage): Promise<AckMessage> {
    return readAck(await this.request(msg));
  }

  async poll(deviceName: string): Promise<JobMessage | IdleMessage> {
    const reply = readCoordinatorMessage(
      await this.request({ protocol: PROTOCOL_VERSION, type: 'poll', deviceName }),
      `on ${this.peer}`,
    );
    if (reply.type !== 'job' && reply.type !== 'idle')
      throw new TransportError('rejected', `the coordinator answered a poll with '${reply.type}'`);
    return reply;
  }

  fetchModel(url: string): Promise<Uint8Array> {
    // The serial bridge always sends models inline; a URL means a coordinator this agent cannot reach.
    return Promise.reject(
      new TransportError(
        'rejected',
        `a serial agent cannot download ${url}; the coordinator must send models inline`,
      ),
    );
  }

  async report(msg: ResultMessage | ErrorMessage): Promise<void> {
    readAck(await this.request(msg));
  }

  async close(): Promise<void> {
    const line = this.line;
    this.line = null;
    this.failAll(new TransportError('unreachable', `the serial line ${this.peer} was closed`));
    if (line !== null) {
      line.link.close('the agent is stopping');
      await line.open.close();
    }
  }

  private async request(message: SerialRequestMessage): Promise<unknown> {
    const { link } = await this.connected();
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    reply.catch(() => {}); // observed below; a send failure must not leave it unhandled
    try {
      await link.send(encodeEnvelope({ kind: 'request', id, token: this.credentials.current(), message }));
    } catch (e) {
      this.pending.delete(id);
      if (e instanceof LinkError && e.kind === 'too-large') throw new TransportError('rejected', e.message);
      throw new TransportError(
        'unreachable',
        `no answer on ${this.peer}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    return this.awaitReply(id, reply, link);
  }

  /** Waits while the coordinator keeps talking; gives up after replyTimeoutMs of silence. */
  private awaitReply(id: number, reply: Promise<unknown>, link: SerialLink): Promise<unknown> {
    const sentAt = Date.now();
    const every = Math.max(10, Math.floor(this.replyTimeoutMs / 4));
    const watch = setInterval(() => {
      if (Date.now() - Math.max(sentAt, link.lastHeardAt) < this.replyTimeoutMs) return;
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.reject(
        new TransportError(
          'unreachable',
          `no reply from the coordinator on ${this.peer} within ${this.replyTimeoutMs} ms`,
        ),
      );
    }, every);
    return reply.finally(() => clearInterval(watch));
  }

  private async connected(): Promise<{ open: OpenLine; link: SerialLink }> {
    if (this.line !== null && !this.line.link.closed) return this.line;
    this.opening ??= this.openLine().finally(() => (this.opening = null));
    return this.opening;
  }

  private async openLine(): Promise<{ open: OpenLine; link: SerialLink }> {
    let open: OpenLine;
    try {
      open = await this.options.connect();
    } catch (e) {
      // A missing device may be a cable not yet plugged in: retry with backoff; a missing package is fatal.
      if (e instanceof AgentError && e.code === 'RUNTIME_UNAVAILABLE') throw e;
      throw new TransportError('unreachable', e instanceof Error ? e.message : String(e), { cause: e });
    }
    const link = new SerialLink(open.stream, {
      ...this.options.link,
      onEvent: (ev) => {
        if (ev.kind === 'closed')
          this.failAll(
            new TransportError('unreachable', `the serial line ${this.peer} went away: ${ev.reason}`),
          );
        this.options.link?.onEvent?.(ev);
      },
    });
    link.onMessage((bytes) => this.onReply(bytes));
    this.line = { open, link };
    return this.line;
  }

  private onReply(bytes: Uint8Array): void {
    let reply: SerialReply;
    try {
      reply = parseReply(bytes);
    } catch {
      return; // not a reply to us: the link already checked the bytes, so a confused peer; its request times out
    }
    if (reply.id === null) return;
    const p = this.pending.get(reply.id);
    if (p === undefined) return; // a reply that came after its request timed out
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.message);
    else
      p.reject(
        this.credentials.failure(
          failureOf(reply.status, reply.error.code),
          `${reply.error.message} [${reply.error.code}]`,
        ),
      );
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
