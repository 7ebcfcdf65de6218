// The agent's HTTP transport: protocol messages as JSON POSTs with the Bearer token, replies
// checked with the protocol's validators, and every failure sorted into a TransportFailure.
// Uses Node's built-in fetch, so the agent's install stays onnxruntime-node only.
import { AgentError, oneLine } from '../errors.ts';
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
import { type AckMessage, HTTP_PATHS, type PollRequest, readHttpErrorBody } from '../protocol-http.ts';
import { AgentCredentials } from './agent-credentials.ts';
import { failureOf, readAck, readCoordinatorMessage } from './replies.ts';
import { type AgentTransport, TransportError } from './transport.ts';

export interface HttpTransportOptions {
  /** The coordinator, e.g. http://192.168.1.5:7117. */
  readonly url: string;
  /** The fleet token: it registers the agent, which then uses the device token it was given. */
  readonly token: string;
  /** Per message; default 15 s. */
  readonly requestTimeoutMs?: number;
  /** For a model download; default 5 minutes. */
  readonly modelTimeoutMs?: number;
}

export class HttpTransport implements AgentTransport {
  readonly peer: string;
  private readonly base: URL;
  private readonly credentials: AgentCredentials;
  private readonly requestTimeoutMs: number;
  private readonly modelTimeoutMs: number;

  constructor(options: HttpTransportOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new AgentError(
        'USAGE',
        `--coordinator takes a URL like http://192.168.1.5:7117, got '${options.url}'`,
      );
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new AgentError('USAGE', `--coordinator must be an http:// or https:// URL, got '${options.url}'`);
    this.base = base;
    this.peer = base.origin;
    this.credentials = new AgentCredentials(options.token);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.modelTimeoutMs = options.modelTimeoutMs ?? 300_000;
  }

  async register(msg: RegisterMessage): Promise<RegisteredMessage> {
    const reply = readCoordinatorMessage(await this.post(HTTP_PATHS.register, msg), `at ${this.peer}`);
    if (reply.type !== 'registered')
      throw new TransportError('rejected', `the coordinator answered a registration with '${reply.type}'`);
    this.credentials.registered(reply);
    return reply;
  }

  async heartbeat(msg: HeartbeatMessage): Promise<AckMessage> {
    return readAck(await this.post(HTTP_PATHS.heartbeat, msg));
  }

  async poll(deviceName: string): Promise<JobMessage | IdleMessage> {
    const req: PollRequest = { protocol: PROTOCOL_VERSION, type: 'poll', deviceName };
    const reply = readCoordinatorMessage(await this.post(HTTP_PATHS.poll, req), `at ${this.peer}`);
    if (reply.type !== 'job' && reply.type !== 'idle')
      throw new TransportError('rejected', `the coordinator answered a poll with '${reply.type}'`);
    return reply;
  }

  async fetchModel(url: string): Promise<Uint8Array> {
    const target = new URL(url, this.base);
    // The token goes to the coordinator only, never to another host a job might name.
    const headers: Record<string, string> =
      target.origin === this.base.origin ? { authorization: `Bearer ${this.credentials.current()}` } : {};
    const res = await this.send(target, { method: 'GET', headers }, this.modelTimeoutMs);
    if (!res.ok) throw await this.failure(res);
    return new Uint8Array(await res.arrayBuffer());
  }

  async report(msg: ResultMessage | ErrorMessage): Promise<void> {
    readAck(await this.post(msg.type === 'result' ? HTTP_PATHS.result : HTTP_PATHS.error, msg));
  }

  async close(): Promise<void> {
    // Nothing held open: fetch's connection pool closes idle sockets on its own.
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const res = await this.send(
      new URL(path, this.base),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.credentials.current()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      },
      this.requestTimeoutMs,
    );
    if (!res.ok) throw await this.failure(res);
    try {
      return await res.json();
    } catch (cause) {
      throw new TransportError('unreachable', `the coordinator's reply to ${path} is not JSON`, { cause });
    }
  }

  private async send(url: URL, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      const detail =
        cause instanceof Error
          ? ((cause.cause as Error | undefined)?.message ?? cause.message)
          : String(cause);
      throw new TransportError('unreachable', `cannot reach ${this.peer}: ${oneLine(detail)}`, { cause });
    }
  }

  private async failure(res: Response): Promise<TransportError> {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // not JSON: a proxy's error page, say
    }
    const err = readHttpErrorBody(body);
    const message = err === null ? `HTTP ${res.status} ${res.statusText}` : `${err.message} [${err.code}]`;
    return this.credentials.failure(failureOf(res.status, err?.code), message);
  }
}
