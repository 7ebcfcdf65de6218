// The frame format of the serial line, and a decoder that finds frames in whatever bytes arrive.
// Pure (no I/O): bytes in, frames and problems out. A serial line drops, flips and invents bytes,
// so the decoder never throws on input: it reports garbage and corrupted frames and resynchronises
// on the next start marker.
//
// Frame, big-endian, 22 bytes of overhead:
//   0  magic 0xA5 0x4D     start marker
//   2  u8  format version  FRAME_VERSION
//   3  u8  type            DATA | ACK | NAK
//   4  u8  flags           FIRST / LAST chunk of a message (DATA only)
//   5  u8  reserved (0)
//   6  u32 sequence number
//  10  u32 payload length
//  14  u32 CRC-32 of bytes 0–13
//  18  payload
//  18+length  u32 CRC-32 of the payload
// The header has its own checksum so a corrupted length is caught at once: the decoder never waits
// for megabytes that are not coming, and a false start marker inside garbage is rejected.
import { crc32 } from './crc32.ts';

export const MAGIC = [0xa5, 0x4d] as const;
export const FRAME_VERSION = 1;
export const HEADER_BYTES = 18;
export const TRAILER_BYTES = 4;
export const FRAME_OVERHEAD = HEADER_BYTES + TRAILER_BYTES;
/** Largest payload a frame may declare unless the decoder is told otherwise: 64 KiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

export const FrameType = Object.freeze({ DATA: 1, ACK: 2, NAK: 3 });
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const FrameFlags = Object.freeze({ FIRST: 1, LAST: 2 });

export interface Frame {
  readonly type: FrameType;
  readonly flags: number;
  readonly seq: number;
  readonly payload: Uint8Array;
}

const EMPTY = new Uint8Array(0);

function isFrameType(n: number): n is FrameType {
  return n === FrameType.DATA || n === FrameType.ACK || n === FrameType.NAK;
}

export function encodeFrame(frame: {
  type: FrameType;
  flags?: number;
  seq: number;
  payload?: Uint8Array;
}): Uint8Array {
  const payload = frame.payload ?? EMPTY;
  const out = new Uint8Array(FRAME_OVERHEAD + payload.length);
  const view = new DataView(out.buffer);
  out[0] = MAGIC[0];
  out[1] = MAGIC[1];
  out[2] = FRAME_VERSION;
  out[3] = frame.type;
  out[4] = frame.flags ?? 0;
  view.setUint32(6, frame.seq >>> 0);
  view.setUint32(10, payload.length);
  view.setUint32(14, crc32(out, 0, 14));
  out.set(payload, HEADER_BYTES);
  view.setUint32(HEADER_BYTES + payload.length, crc32(payload));
  return out;
}

/**
 * What the decoder found:
 * - frame: a complete frame whose checksums match;
 * - garbage: bytes skipped while looking for a start marker;
 * - corrupt: a start marker whose header or payload failed its check. `seq` and `type` are set when
 *   the header was intact (only the payload was damaged), so the receiver can ask for that frame again.
 */
export type DecodeEvent =
  | { readonly kind: 'frame'; readonly frame: Frame }
  | { readonly kind: 'garbage'; readonly bytes: number }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly seq?: number; readonly type?: FrameType };

export interface FrameDecoderOptions {
  /** Frames declaring a longer payload are rejected; default DEFAULT_MAX_PAYLOAD_BYTES. */
  readonly maxPayloadBytes?: number;
}

export class FrameDecoder {
  private buf: Uint8Array = EMPTY;
  private readonly maxPayload: number;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** Feeds bytes as they arrive (any split); returns what they completed, in order. */
  push(bytes: Uint8Array): DecodeEvent[] {
    this.buf = this.buf.length === 0 ? bytes.slice() : concat(this.buf, bytes);
    const events: DecodeEvent[] = [];
    let garbage = 0;
    const flushGarbage = (): void => {
      if (garbage > 0) events.push({ kind: 'garbage', bytes: garbage });
      garbage = 0;
    };
    let pos = 0;
    for (;;) {
      const start = findMagic(this.buf, pos);
      if (start < 0) {
        // Keep a trailing first magic byte: the second may be in the next read.
        const keep = this.buf.length > pos && this.buf[this.buf.length - 1] === MAGIC[0] ? 1 : 0;
        garbage += this.buf.length - pos - keep;
        pos = this.buf.length - keep;
        break;
      }
      garbage += start - pos;
      pos = start;
      if (this.buf.length - pos < HEADER_BYTES) break;
      const header = this.readHeader(pos);
      if (typeof header === 'string') {
        flushGarbage();
        events.push({ kind: 'corrupt', reason: header });
        garbage += 1;
        pos += 1;
        continue;
      }
      const end = pos + HEADER_BYTES + header.length + TRAILER_BYTES;
      if (this.buf.length < end) break;
      const payloadEnd = end - TRAILER_BYTES;
      const view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
      if (view.getUint32(payloadEnd) !== crc32(this.buf, pos + HEADER_BYTES, payloadEnd)) {
        // The header was sound but the payload was not: resynchronise from the next byte rather
        // than trusting the length, in case bytes were lost and the next frame began inside it.
        flushGarbage();
        events.push({
          kind: 'corrupt',
          reason: 'payload checksum mismatch',
          seq: header.seq,
          type: header.type,
        });
        garbage += 1;
        pos += 1;
        continue;
      }
      flushGarbage();
      const payload = this.buf.slice(pos + HEADER_BYTES, payloadEnd);
      events.push({
        kind: 'frame',
        frame: { type: header.type, flags: header.flags, seq: header.seq, payload },
      });
      pos = end;
    }
    flushGarbage();
    this.buf = pos === 0 ? this.buf : this.buf.slice(pos);
    return events;
  }

  /** The header at `pos`, or why it is not one. */
  private readHeader(pos: number): { type: FrameType; flags: number; seq: number; length: number } | string {
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + pos, HEADER_BYTES);
    if (view.getUint32(14) !== crc32(this.buf, pos, pos + 14)) return 'header checksum mismatch';
    const version = view.getUint8(2);
    if (version !== FRAME_VERSION)
      return `frame format ${version}, expected ${FRAME_VERSION} (is the other end another memnas version?)`;
    const type = view.getUint8(3);
    if (!isFrameType(type)) return `unknown frame type ${type}`;
    const length = view.getUint32(10);
    if (length > this.maxPayload)
      return `frame declares ${length} payload bytes, over the limit of ${this.maxPayload}`;
    return { type, flags: view.getUint8(4), seq: view.getUint32(6), length };
  }
}

function findMagic(buf: Uint8Array, from: number): number {
  for (let i = buf.indexOf(MAGIC[0], from); i >= 0 && i + 1 < buf.length; i = buf.indexOf(MAGIC[0], i + 1)) {
    if (buf[i + 1] === MAGIC[1]) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
