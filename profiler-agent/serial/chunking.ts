// Messages larger than one frame: split into chunks that travel as DATA frames flagged FIRST and
// LAST, and put back together on the other side. The link delivers chunks in order and once, so
// reassembly is concatenation; a FIRST chunk always starts afresh, so a message abandoned halfway
// (its sender gave up or restarted) never poisons the next one.
import { FrameFlags } from './framing.ts';

export interface Chunk {
  readonly flags: number;
  readonly payload: Uint8Array;
}

/** At least one chunk (an empty message is one empty chunk flagged FIRST|LAST). */
export function splitMessage(message: Uint8Array, chunkBytes: number): Chunk[] {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1)
    throw new RangeError(`chunk size must be a positive whole number, got ${chunkBytes}`);
  const count = Math.max(1, Math.ceil(message.length / chunkBytes));
  const chunks: Chunk[] = [];
  for (let i = 0; i < count; i++) {
    const flags = (i === 0 ? FrameFlags.FIRST : 0) | (i === count - 1 ? FrameFlags.LAST : 0);
    chunks.push({ flags, payload: message.subarray(i * chunkBytes, (i + 1) * chunkBytes) });
  }
  return chunks;
}

/** What adding a chunk did: completed a message, needs more, or was dropped and why. */
export type ReassemblyOutcome =
  | { readonly kind: 'message'; readonly message: Uint8Array }
  | { readonly kind: 'partial' }
  | { readonly kind: 'dropped'; readonly reason: string };

export class Reassembler {
  private parts: Uint8Array[] | null = null;
  private size = 0;

  /** @param maxMessageBytes larger messages are dropped (a peer cannot make us hold unbounded memory) */
  constructor(private readonly maxMessageBytes: number) {}

  add(chunk: Chunk): ReassemblyOutcome {
    let dropped: string | null = null;
    if (chunk.flags & FrameFlags.FIRST) {
      if (this.parts !== null)
        dropped = 'a new message began before the previous one ended; the previous one was dropped';
      this.parts = [];
      this.size = 0;
    } else if (this.parts === null) {
      return { kind: 'dropped', reason: 'a continuation chunk arrived without the start of its message' };
    }
    this.size += chunk.payload.length;
    if (this.size > this.maxMessageBytes) {
      this.parts = null;
      return { kind: 'dropped', reason: `a message grew over the limit of ${this.maxMessageBytes} bytes` };
    }
    this.parts.push(chunk.payload);
    if (!(chunk.flags & FrameFlags.LAST))
      return dropped === null ? { kind: 'partial' } : { kind: 'dropped', reason: dropped };
    const message = join(this.parts, this.size);
    this.parts = null;
    return { kind: 'message', message };
  }
}

function join(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
