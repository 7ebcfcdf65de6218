import { describe, expect, it } from 'vitest';
import { Reassembler, splitMessage } from '../../../profiler-agent/serial/chunking.ts';
import { FrameFlags } from '../../../profiler-agent/serial/framing.ts';

const { FIRST, LAST } = FrameFlags;

describe('chunking', () => {
  it('splits a large payload into flagged chunks and reassembles it exactly', () => {
    const big = Uint8Array.from({ length: 1_000_003 }, (_, i) => (i * 31) & 0xff);
    const chunks = splitMessage(big, 4096);
    expect(chunks).toHaveLength(Math.ceil(big.length / 4096));
    expect(chunks[0]!.flags).toBe(FIRST);
    expect(chunks.at(-1)!.flags).toBe(LAST);
    expect(chunks.slice(1, -1).every((c) => c.flags === 0)).toBe(true);
    const r = new Reassembler(2_000_000);
    const outcomes = chunks.map((c) => r.add(c));
    expect(outcomes.slice(0, -1).every((o) => o.kind === 'partial')).toBe(true);
    const last = outcomes.at(-1)!;
    expect(last.kind).toBe('message');
    if (last.kind === 'message') expect(Buffer.from(last.message).equals(Buffer.from(big))).toBe(true);
  });

  it('sends an empty message as one chunk', () => {
    expect(splitMessage(new Uint8Array(0), 16)).toEqual([
      { flags: FIRST | LAST, payload: new Uint8Array(0) },
    ]);
  });

  it('starts afresh on a FIRST chunk and drops an orphan continuation', () => {
    const r = new Reassembler(100);
    expect(r.add({ flags: 0, payload: new Uint8Array([1]) })).toMatchObject({ kind: 'dropped' });
    expect(r.add({ flags: FIRST, payload: new Uint8Array([1]) }).kind).toBe('partial');
    expect(r.add({ flags: FIRST, payload: new Uint8Array([2]) })).toMatchObject({
      kind: 'dropped',
      reason: expect.stringContaining('previous one was dropped'),
    });
    expect(r.add({ flags: LAST, payload: new Uint8Array([3]) })).toEqual({
      kind: 'message',
      message: new Uint8Array([2, 3]),
    });
  });

  it('drops a message over the limit', () => {
    const r = new Reassembler(5);
    expect(r.add({ flags: FIRST, payload: new Uint8Array(4) }).kind).toBe('partial');
    expect(r.add({ flags: LAST, payload: new Uint8Array(4) })).toMatchObject({
      kind: 'dropped',
      reason: expect.stringContaining('limit of 5'),
    });
  });
});
