// A minimal protobuf wire-format reader: the fields of one message as (number, wire type, span),
// without decoding them. Enough to walk an ONNX model's nested messages with no dependency (the
// agent ships with onnxruntime-node alone) and without copying any tensor data.
import { CodedError } from '../coded-error.ts';

/** One field of a message: a varint's value, or the span of a length-delimited payload. */
export interface WireField {
  readonly no: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  readonly wire: number;
  /** The varint's value (exact up to 2^53), or the payload's length. */
  readonly value: number;
  /** Payload span in the buffer (length-delimited fields); empty for the others. */
  readonly start: number;
  readonly end: number;
}

/** The bytes are not a well-formed protobuf message (so not a model: the agent's MODEL_INVALID). */
export class WireFormatError extends CodedError<'MODEL_INVALID'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_INVALID', message, options);
    this.name = 'WireFormatError';
  }
}

function varint(buf: Uint8Array, pos: number, end: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new WireFormatError(`a varint runs past the end of its message at byte ${pos}`);
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [value, pos];
  }
  throw new WireFormatError(`a varint at byte ${pos - 10} is longer than 10 bytes`);
}

/** Every field of the message in buf[start, end), in order. */
export function wireFields(buf: Uint8Array, start: number, end: number): WireField[] {
  const out: WireField[] = [];
  let pos = start;
  while (pos < end) {
    const [key, afterKey] = varint(buf, pos, end);
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (no === 0) throw new WireFormatError(`field number 0 at byte ${pos}`);
    pos = afterKey;
    if (wire === 0) {
      const [value, next] = varint(buf, pos, end);
      out.push({ no, wire, value, start: pos, end: pos });
      pos = next;
    } else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      out.push({ no, wire, value: 0, start: pos, end: pos });
    } else if (wire === 2) {
      const [length, next] = varint(buf, pos, end);
      if (next + length > end)
        throw new WireFormatError(
          `a field of ${length} bytes at byte ${next} runs past the end of its message`,
        );
      out.push({ no, wire, value: length, start: next, end: next + length });
      pos = next + length;
    } else {
      throw new WireFormatError(`unsupported wire type ${wire} at byte ${pos}`);
    }
  }
  if (pos !== end) throw new WireFormatError(`a fixed-size field runs past the end of its message`);
  return out;
}
