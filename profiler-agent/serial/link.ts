// A reliable message channel over an unreliable byte stream (a serial line): every message is
// split into DATA frames sent stop-and-wait, each acknowledged (ACK) or refused (NAK) by the
// other side, and sent again on a NAK or when no answer comes in time, up to a limit that ends
// in a clear LinkError. The receiver acknowledges a repeated frame again without delivering it
// twice, so a frame whose ACK was lost is delivered exactly once. Both directions run at once.
//
// Sequence numbers start at a random value, so a peer that restarts is not mistaken for a
// repeat: with one frame in flight, only a frame carrying the very last sequence number seen
// can be a repeat, and a restarted peer matches it with probability 2^-32.
import { randomInt } from 'node:crypto';
import { CodedError } from '../coded-error.ts';
import type { ByteStream } from './byte-stream.ts';
import { Reassembler, splitMessage } from './chunking.ts';
import {
  type DecodeEvent,
  DEFAULT_MAX_PAYLOAD_BYTES,
  encodeFrame,
  type Frame,
  FrameDecoder,
  FrameType,
} from './framing.ts';

export interface LinkOptions {
  /** How long to wait for a frame's ACK before sending it again, on top of its transmission time; default 1000 ms. */
  readonly ackTimeoutMs?: number;
  /** Line speed in bits per second; with it the transmission time of each frame is added to the wait. */
  readonly baudRate?: number;
  /** Sends of one frame before the message fails; default 8. */
  readonly maxAttempts?: number;
  /** Payload bytes per DATA frame; default 2048 (≈ 0.18 s at 115200 baud). */
  readonly chunkBytes?: number;
  /** Longest message accepted from the peer; default 64 MiB. */
  readonly maxMessageBytes?: number;
  /** Everything that went wrong and was handled: for logs and counters. */
  readonly onEvent?: (event: LinkEvent) => void;
  /** Fault injection for tests: may alter the bytes of each outgoing frame. */
  readonly tamper?: (
    bytes: Uint8Array,
    frame: { readonly type: FrameType; readonly seq: number; readonly attempt: number },
  ) => Uint8Array;
}

export type LinkEvent =
  | { readonly kind: 'garbage'; readonly bytes: number }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly seq?: number }
  | {
      readonly kind: 'resend';
      readonly seq: number;
      readonly attempt: number;
      readonly why: 'nak' | 'timeout';
    }
  | { readonly kind: 'duplicate'; readonly seq: number }
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'closed'; readonly reason: string };

export interface LinkStats {
  messagesSent: number;
  messagesReceived: number;
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  resends: number;
  naksSent: number;
  corruptFrames: number;
  garbageBytes: number;
  duplicates: number;
  droppedMessages: number;
}

export type LinkFailure = 'timeout' | 'closed' | 'too-large';

const LINK_CODES = {
  timeout: 'LINK_TIMEOUT',
  closed: 'LINK_CLOSED',
  'too-large': 'LINK_TOO_LARGE',
} as const satisfies Record<LinkFailure, string>;

export type LinkErrorCode = (typeof LINK_CODES)[LinkFailure];

export class LinkError extends CodedError<LinkErrorCode> {
  readonly kind: LinkFailure;

  constructor(kind: LinkFailure, message: string, options?: { cause?: unknown }) {
    super(LINK_CODES[kind], message, options);
    this.name = 'LinkError';
    this.kind = kind;
  }
}

type Answer = 'ack' | 'nak' | 'timeout';

export const DEFAULT_CHUNK_BYTES = 2048;

export class SerialLink {
  readonly stats: LinkStats = {
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
  };
  /** Date.now() of the last intact frame from the peer (0: none yet): shows a long message is still arriving. */
  lastHeardAt = 0;

  private readonly decoder: FrameDecoder;
  private readonly reassembler: Reassembler;
  private readonly ackTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly chunkBytes: number;
  private readonly maxMessageBytes: number;
  private nextSeq = randomInt(0, 2 ** 32 - 1);
  private lastReceivedSeq: number | null = null;
  private waiting: { seq: number; answer: (a: Answer) => void } | null = null;
  private chain: Promise<void> = Promise.resolve();
  private listener: (message: Uint8Array) => void = () => {};
  private closedReason: string | null = null;
  private readonly detach: (() => void)[];

  constructor(
    private readonly stream: ByteStream,
    private readonly options: LinkOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    if (
      !Number.isInteger(this.chunkBytes) ||
      this.chunkBytes < 1 ||
      this.chunkBytes > DEFAULT_MAX_PAYLOAD_BYTES
    ) {
      throw new RangeError(
        `chunkBytes must be a whole number from 1 to ${DEFAULT_MAX_PAYLOAD_BYTES}, got ${this.chunkBytes}`,
      );
    }
    // Every peer accepts the largest chunk any peer may send, whatever its own chunk size.
    this.decoder = new FrameDecoder({ maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
    this.reassembler = new Reassembler(this.maxMessageBytes);
    this.detach = [
      stream.onData((bytes) => this.receive(bytes)),
      stream.onClose((reason) => this.close(reason)),
    ];
  }

  /** The one receiver of whole messages from the peer. */
  onMessage(listener: (message: Uint8Array) => void): void {
    this.listener = listener;
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  /** Resolves once every frame of `message` was acknowledged; messages go out in call order. */
  send(message: Uint8Array): Promise<void> {
    const sent = this.chain.then(() => this.transmit(message));
    this.chain = sent.catch(() => {});
    return sent;
  }

  /** Stops using the line; pending and later sends fail with LinkError 'closed'. */
  close(reason = 'the link was closed'): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const d of this.detach) d();
    this.waiting?.answer('timeout');
    this.event({ kind: 'closed', reason });
  }

  private async transmit(message: Uint8Array): Promise<void> {
    if (message.length > this.maxMessageBytes) {
      throw new LinkError(
        'too-large',
        `a message of ${message.length} bytes is over the serial link's limit of ${this.maxMessageBytes} bytes`,
      );
    }
    for (const chunk of splitMessage(message, this.chunkBytes)) {
      const seq = this.nextSeq;
      this.nextSeq = (this.nextSeq + 1) >>> 0;
      await this.deliverFrame(seq, chunk.flags, chunk.payload);
    }
    this.stats.messagesSent++;
  }

  private async deliverFrame(seq: number, flags: number, payload: Uint8Array): Promise<void> {
    const bytes = encodeFrame({ type: FrameType.DATA, flags, seq, payload });
    const txMs =
      this.options.baudRate === undefined ? 0 : ((bytes.length * 10) / this.options.baudRate) * 1000;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      this.ensureOpen();
      const answer = new Promise<Answer>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), this.ackTimeoutMs + txMs);
        this.waiting = {
          seq,
          answer: (a) => {
            clearTimeout(timer);
            resolve(a);
          },
        };
      });
      this.write(bytes, FrameType.DATA, seq, attempt);
      const got = await answer;
      this.waiting = null;
      this.ensureOpen();
      if (got === 'ack') return;
      if (attempt < this.maxAttempts) {
        this.stats.resends++;
        this.event({ kind: 'resend', seq, attempt: attempt + 1, why: got });
      }
    }
    throw new LinkError(
      'timeout',
      `no acknowledgement after sending a frame ${this.maxAttempts} times (${this.ackTimeoutMs + Math.round(txMs)} ms each); is the other end running, on the same line and speed?`,
    );
  }

  private ensureOpen(): void {
    if (this.closedReason !== null)
      throw new LinkError('closed', `the serial link is closed: ${this.closedReason}`);
  }

  private write(bytes: Uint8Array, type: FrameType, seq: number, attempt: number): void {
    const out = this.options.tamper ? this.options.tamper(bytes, { type, seq, attempt }) : bytes;
    this.stats.framesSent++;
    this.stats.bytesSent += out.length;
    this.stream.write(out);
  }

  private control(type: FrameType, seq: number): void {
    this.write(encodeFrame({ type, seq }), type, seq, 1);
  }

  private receive(bytes: Uint8Array): void {
    this.stats.bytesReceived += bytes.length;
    for (const e of this.decoder.push(bytes)) this.handle(e);
  }

  private handle(e: DecodeEvent): void {
    if (e.kind === 'garbage') {
      this.stats.garbageBytes += e.bytes;
      this.event(e);
      return;
    }
    if (e.kind === 'corrupt') {
      this.stats.corruptFrames++;
      this.event(
        e.seq === undefined
          ? { kind: 'corrupt', reason: e.reason }
          : { kind: 'corrupt', reason: e.reason, seq: e.seq },
      );
      // An intact header names the damaged frame: ask for it at once instead of waiting out the timeout.
      if (e.type === FrameType.DATA && e.seq !== undefined) {
        this.stats.naksSent++;
        this.control(FrameType.NAK, e.seq);
      }
      return;
    }
    this.stats.framesReceived++;
    this.lastHeardAt = Date.now();
    this.frame(e.frame);
  }

  private frame(f: Frame): void {
    if (f.type === FrameType.ACK || f.type === FrameType.NAK) {
      // Answers to frames no longer awaited (an ACK to a resend, say) are ignored.
      if (this.waiting?.seq === f.seq) this.waiting.answer(f.type === FrameType.ACK ? 'ack' : 'nak');
      return;
    }
    this.control(FrameType.ACK, f.seq);
    if (f.seq === this.lastReceivedSeq) {
      this.stats.duplicates++;
      this.event({ kind: 'duplicate', seq: f.seq });
      return;
    }
    this.lastReceivedSeq = f.seq;
    const outcome = this.reassembler.add(f);
    if (outcome.kind === 'dropped') {
      this.stats.droppedMessages++;
      this.event({ kind: 'dropped', reason: outcome.reason });
    } else if (outcome.kind === 'message') {
      this.stats.messagesReceived++;
      try {
        this.listener(outcome.message);
      } catch (err) {
        this.event({
          kind: 'dropped',
          reason: `the message handler failed: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  }

  private event(e: LinkEvent): void {
    this.options.onEvent?.(e);
  }
}
