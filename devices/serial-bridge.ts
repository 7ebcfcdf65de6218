// The coordinator's end of a serial line (`memnas serve --serial /dev/ttyY`): every request an
// agent sends over the line is authorized by the same AgentGate and handled by the same AgentService the HTTP routes use,
// and answered over the line, with failures turned into the status and `{ code, message }` the
// HTTP API would give (toHttpError). Jobs go out with their model inline — a serial agent has no
// other way to fetch it — and while a large model is still streaming the bridge keeps the job's
// lease alive, since the agent cannot heartbeat a job it has not received yet; a job the line
// cannot carry in reasonable time at its speed fails at once (serial/line-budget.ts). Garbage and
// damaged frames are counted and logged (each kind at most once a second), never thrown; a line that goes
// away (a USB cable pulled) is reopened every two seconds until the bridge is closed.
import { isAgentError } from '../profiler-agent/errors.ts';
import {
  type IdleMessage,
  type JobMessage,
  parseAgentMessage,
  PROTOCOL_VERSION,
} from '../profiler-agent/protocol.ts';
import { parsePollRequest } from '../profiler-agent/protocol-http.ts';
import type { ByteStream } from '../profiler-agent/serial/byte-stream.ts';
import {
  encodeEnvelope,
  parseRequest,
  requestIdOf,
  type SerialReply,
  type SerialRequestMessage,
} from '../profiler-agent/serial/envelope.ts';
import {
  type LinkEvent,
  type LinkOptions,
  type LinkStats,
  SerialLink,
} from '../profiler-agent/serial/link.ts';
import { DEFAULT_BAUD_RATE, type OpenLine, openSerialLine } from '../profiler-agent/serial/open-port.ts';
import { inlineJobProblem } from '../profiler-agent/serial/line-budget.ts';
import { LogThrottle } from '../profiler-agent/serial/link-events.ts';
import { type ErrorCode, MemnasError } from '../search/errors.ts';
import type { Coordinator } from './coordinator.ts';
import { FailureLog } from './failure-log.ts';
import { toHttpError } from './http-errors.ts';
import type { AgentGate } from './service/agent-gate.ts';
import type { AgentService } from './service/agent-service.ts';
import type { Caller } from './service/credentials.ts';

export interface SerialBridgeStats extends LinkStats {
  requests: number;
  /** Requests whose envelope or message did not parse (a peer speaking something else). */
  invalidRequests: number;
  authFailures: number;
  /** Replies the agent never acknowledged. */
  undeliveredReplies: number;
}

export interface SerialBridgeParts {
  /** The line as logs name it: its device path. */
  readonly peer: string;
  readonly agents: AgentService;
  /** Identifies each request's token and authorizes its message, as over HTTP. */
  readonly gate: AgentGate;
  readonly heartbeatMs: number;
  /** Longest message accepted from an agent (the coordinator's maxJsonBytes). */
  readonly maxMessageBytes: number;
  readonly log: (line: string) => void;
  readonly link?: LinkOptions;
}

export interface SerialBridge {
  readonly peer: string;
  /** Counters since the bridge started, over every time the line was (re)opened. */
  stats(): SerialBridgeStats;
  close(): Promise<void>;
}

export interface OpenSerialBridgeOptions {
  readonly path: string;
  /** Default 115200. */
  readonly baudRate?: number;
  /** Delay between attempts to reopen a line that went away; default 2 s. */
  readonly reopenMs?: number;
  readonly link?: LinkOptions;
}

const emptyStats = (): SerialBridgeStats => ({
  messagesSent: 0,
  messagesReceived: 0,
  framesSent: 0,
  framesReceived: 0,
  bytesSent: 0,
  bytesReceived: 0,
  resends: 0,
  naksSent: 0,
  corruptFrames: 0,
  garbageBytes: 0,
  duplicates: 0,
  droppedMessages: 0,
  requests: 0,
  invalidRequests: 0,
  authFailures: 0,
  undeliveredReplies: 0,
});

/** Serves agent requests arriving on one line; `attach` it to each (re)opened stream. */
export class LineServer {
  private link: SerialLink | null = null;
  private readonly totals = emptyStats();
  private readonly throttle: LogThrottle;
  private readonly failures: FailureLog;

  constructor(private readonly parts: SerialBridgeParts) {
    this.throttle = new LogThrottle(parts.log);
    this.failures = new FailureLog(parts.log);
  }

  /** Starts serving `stream`; `onClosed` hears when the line goes away. */
  attach(stream: ByteStream, onClosed: (reason: string) => void = () => {}): void {
    this.retire();
    const link = new SerialLink(stream, {
      maxMessageBytes: this.parts.maxMessageBytes,
      ...this.parts.link,
      onEvent: (e) => {
        this.onLinkEvent(e);
        this.parts.link?.onEvent?.(e);
        if (e.kind === 'closed' && link === this.link) onClosed(e.reason);
      },
    });
    link.onMessage((bytes) => this.onRequest(link, bytes));
    this.link = link;
  }

  stats(): SerialBridgeStats {
    const s = { ...this.totals };
    if (this.link !== null)
      for (const k of Object.keys(this.link.stats) as (keyof LinkStats)[]) s[k] += this.link.stats[k];
    return s;
  }

  /** Stops serving; replies still queued are dropped. */
  detach(): void {
    this.retire();
  }

  private retire(): void {
    const old = this.link;
    if (old === null) return;
    this.link = null;
    for (const k of Object.keys(old.stats) as (keyof LinkStats)[]) this.totals[k] += old.stats[k];
    old.close('the bridge let go of the line');
  }

  private onRequest(link: SerialLink, bytes: Uint8Array): void {
    this.totals.requests++;
    let reply: SerialReply;
    let job: { deviceName: string; jobId: string } | null = null;
    try {
      const req = parseRequest(bytes);
      const caller = this.parts.gate.credentials.identify(req.token);
      if (caller === null) {
        this.totals.authFailures++;
        reply = {
          kind: 'reply',
          id: req.id,
          ok: false,
          status: 401,
          error: { code: 'AUTH_FAILED', message: 'wrong token' },
        };
      } else {
        const message = this.dispatch(req.message, caller);
        reply = { kind: 'reply', id: req.id, ok: true, message };
        if (message.type === 'job' && req.message.type === 'poll') {
          const refused = this.refuseOversized(message, encodeEnvelope(reply).length);
          if (refused === null) job = { deviceName: req.message.deviceName, jobId: message.id };
          else reply = { kind: 'reply', id: req.id, ok: true, message: refused };
        }
      }
    } catch (e) {
      const { status, body } = toHttpError(e);
      if (body.code === 'PROTOCOL_INVALID' || body.code === 'REQUEST_INVALID') this.totals.invalidRequests++;
      if (status >= 500) this.failures.record(`a request on serial ${this.parts.peer}`, e);
      else
        this.throttle.line(
          'refused',
          `serial ${this.parts.peer}: refused a request: ${body.message} [${body.code}]`,
        );
      reply = { kind: 'reply', id: requestIdOf(bytes), ok: false, status, error: body };
    }
    void this.answer(link, reply, job);
  }

  /**
   * A job the line cannot carry in reasonable time (serial/line-budget.ts) fails at once with the
   * reason, naming its size and the line's speed; the polling agent is told to wait.
   */
  private refuseOversized(job: JobMessage, messageBytes: number): IdleMessage | null {
    const problem = inlineJobProblem(messageBytes, job.evaluate?.bytes, {
      baudRate: this.parts.link?.baudRate ?? Number.POSITIVE_INFINITY,
      maxMessageBytes: this.parts.link?.maxMessageBytes ?? this.parts.maxMessageBytes,
    });
    if (problem === null) return null;
    this.parts.agents.error({
      protocol: PROTOCOL_VERSION,
      type: 'error',
      jobId: job.id,
      attempt: job.attempt,
      error: { code: 'MODEL_TOO_LARGE', message: problem },
    });
    return { protocol: PROTOCOL_VERSION, type: 'idle', retryMs: this.parts.heartbeatMs };
  }

  private dispatch(m: SerialRequestMessage, caller: Caller) {
    const gate = this.parts.gate;
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'poll')
      return gate.poll(parsePollRequest(m), caller, 'inline');
    const msg = parseAgentMessage(m);
    switch (msg.type) {
      case 'register':
        return gate.register(msg, caller);
      case 'heartbeat':
        return gate.heartbeat(msg, caller);
      case 'result':
        return gate.result(msg, caller);
      case 'error':
        return gate.error(msg, caller);
    }
  }

  /** Sends the reply; a job's lease is kept alive while its (possibly large) message streams. */
  private async answer(
    link: SerialLink,
    reply: SerialReply,
    job: { deviceName: string; jobId: string } | null,
  ): Promise<void> {
    const keepAlive =
      job === null
        ? undefined
        : setInterval(() => {
            try {
              this.parts.agents.heartbeat({
                protocol: PROTOCOL_VERSION,
                type: 'heartbeat',
                deviceName: job.deviceName,
                jobId: job.jobId,
              });
            } catch {
              // the device or job is gone; the lease ends on its own
            }
          }, this.parts.heartbeatMs);
    try {
      await link.send(encodeEnvelope(reply));
    } catch (e) {
      this.totals.undeliveredReplies++;
      const what = job === null ? 'a reply' : `job ${job.jobId} (it is re-dispatched when its lease ends)`;
      this.parts.log(
        `serial ${this.parts.peer}: could not deliver ${what}: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      clearInterval(keepAlive);
    }
  }

  private onLinkEvent(e: LinkEvent): void {
    this.throttle.event(e, `serial ${this.parts.peer}: `);
  }
}

function memnasOpenError(e: unknown): MemnasError {
  if (!isAgentError(e))
    return new MemnasError('USAGE', e instanceof Error ? e.message : String(e), { cause: e });
  const code: ErrorCode = e.code === 'FILE_NOT_FOUND' || e.code === 'RUNTIME_UNAVAILABLE' ? e.code : 'USAGE';
  return new MemnasError(code, e.message, { cause: e });
}

/**
 * Opens `path` and serves the agent on its other end with `coordinator`'s services, token and
 * limits. Rejects (FILE_NOT_FOUND, USAGE, RUNTIME_UNAVAILABLE) when the line cannot be opened at
 * start; later outages are logged and the line reopened.
 */
export async function openSerialBridge(
  coordinator: Coordinator,
  options: OpenSerialBridgeOptions,
): Promise<SerialBridge> {
  const { config } = coordinator;
  const baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
  const reopenMs = options.reopenMs ?? 2_000;
  const server = new LineServer({
    peer: options.path,
    agents: coordinator.agents,
    gate: coordinator.gate,
    heartbeatMs: config.heartbeatMs,
    maxMessageBytes: config.maxJsonBytes,
    log: config.log,
    link: { baudRate, ...options.link },
  });
  let line: OpenLine;
  try {
    line = await openSerialLine(options.path, baudRate);
  } catch (e) {
    throw memnasOpenError(e);
  }
  const close = serveLine(server, line, { path: options.path, baudRate, reopenMs, log: config.log });
  config.log(`serial ${options.path}: serving agents at ${baudRate} baud`);
  return { peer: options.path, stats: () => server.stats(), close };
}

interface LineSettings {
  readonly path: string;
  readonly baudRate: number;
  readonly reopenMs: number;
  readonly log: (line: string) => void;
}

/**
 * Serves agents on the opened line and, whenever it goes away, reopens it every reopenMs until
 * the returned close is called (which detaches the server and closes the line).
 */
function serveLine(server: LineServer, first: OpenLine, settings: LineSettings): () => Promise<void> {
  const { path, baudRate, reopenMs, log } = settings;
  let line: OpenLine | null = first;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const reopen = (): void => {
    retry = setTimeout(() => {
      openSerialLine(path, baudRate).then(
        (l) => {
          if (closed) {
            void l.close();
            return;
          }
          line = l;
          log(`serial ${path}: reopened`);
          server.attach(l.stream, onClosed);
        },
        () => {
          if (!closed) reopen();
        },
      );
    }, reopenMs);
  };
  const onClosed = (reason: string): void => {
    if (closed) return;
    log(`serial ${path}: the line went away (${reason}); reopening every ${reopenMs} ms`);
    const old = line;
    line = null;
    void old?.close();
    reopen();
  };
  server.attach(first.stream, onClosed);
  return async () => {
    closed = true;
    clearTimeout(retry);
    server.detach();
    await line?.close();
    line = null;
  };
}
