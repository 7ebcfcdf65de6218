import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../profiler-agent/serial/crc32.ts';
import {
  type DecodeEvent,
  encodeFrame,
  FRAME_OVERHEAD,
  FrameDecoder,
  FrameFlags,
  FrameType,
  HEADER_BYTES,
} from '../../../profiler-agent/serial/framing.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const frames = (events: DecodeEvent[]) => events.flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));
const garbage = (events: DecodeEvent[]) =>
  events.reduce((n, e) => n + (e.kind === 'garbage' ? e.bytes : 0), 0);
const corrupt = (events: DecodeEvent[]) => events.filter((e) => e.kind === 'corrupt');

const msg = (seq: number, s: string) =>
  encodeFrame({ type: FrameType.DATA, flags: FrameFlags.FIRST | FrameFlags.LAST, seq, payload: utf8(s) });

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('frame encoding', () => {
  it('round-trips type, flags, sequence number and payload', () => {
    const payload = utf8('{"type":"poll","deviceName":"pi"}');
    const bytes = encodeFrame({ type: FrameType.DATA, flags: FrameFlags.FIRST, seq: 0xfffffffe, payload });
    expect(bytes.length).toBe(payload.length + FRAME_OVERHEAD);
    const events = new FrameDecoder().push(bytes);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      kind: 'frame',
      frame: { type: FrameType.DATA, flags: FrameFlags.FIRST, seq: 0xfffffffe, payload },
    });
  });

  it('round-trips empty ACK and NAK frames', () => {
    const d = new FrameDecoder();
    const got = frames(
      d.push(
        new Uint8Array([
          ...encodeFrame({ type: FrameType.ACK, seq: 7 }),
          ...encodeFrame({ type: FrameType.NAK, seq: 8 }),
        ]),
      ),
    );
    expect(got.map((f) => [f.type, f.seq, f.payload.length])).toEqual([
      [FrameType.ACK, 7, 0],
      [FrameType.NAK, 8, 0],
    ]);
  });
});

describe('frame decoding', () => {
  it('decodes the same frames whatever the reads are split into, at every byte boundary', () => {
    const stream = new Uint8Array([...msg(1, 'first'), ...msg(2, 'second message'), ...msg(3, '')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new FrameDecoder();
      const events = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(
        frames(events).map((f) => text(f.payload)),
        `cut at ${cut}`,
      ).toEqual(['first', 'second message', '']);
      expect(garbage(events)).toBe(0);
      expect(d.pending).toBe(0);
    }
  });

  it('decodes byte by byte', () => {
    const d = new FrameDecoder();
    const stream = new Uint8Array([...msg(1, 'a'), ...msg(2, 'bb')]);
    const events = [...stream].flatMap((b) => d.push(new Uint8Array([b])));
    expect(frames(events).map((f) => f.seq)).toEqual([1, 2]);
  });

  it('skips and counts garbage before and between frames, including stray start bytes', () => {
    const noise = utf8('login: \x00\xff hello');
    const stray = new Uint8Array([0xa5, 0x01, 0xa5]);
    const d = new FrameDecoder();
    const events = d.push(new Uint8Array([...noise, ...msg(1, 'x'), ...stray, ...noise, ...msg(2, 'y')]));
    expect(frames(events).map((f) => text(f.payload))).toEqual(['x', 'y']);
    expect(garbage(events)).toBe(noise.length * 2 + stray.length);
    expect(corrupt(events)).toEqual([]);
  });

  it('reports a flipped bit in the payload as a checksum failure naming the frame, and keeps going', () => {
    const bad = msg(5, 'payload that will be damaged');
    bad[HEADER_BYTES + 3]! ^= 0x01;
    const d = new FrameDecoder();
    const events = d.push(new Uint8Array([...bad, ...msg(6, 'next')]));
    expect(corrupt(events)).toEqual([
      { kind: 'corrupt', reason: 'payload checksum mismatch', seq: 5, type: FrameType.DATA },
    ]);
    expect(frames(events).map((f) => f.seq)).toEqual([6]);
  });

  it('reports a flipped bit in the header without trusting its length', () => {
    const bad = msg(5, 'x');
    bad[11]! ^= 0x40; // the length field: would claim ~4 MB
    const d = new FrameDecoder();
    const events = d.push(new Uint8Array([...bad, ...msg(6, 'next')]));
    expect(corrupt(events)).toEqual([{ kind: 'corrupt', reason: 'header checksum mismatch' }]);
    expect(frames(events).map((f) => f.seq)).toEqual([6]);
    expect(d.pending).toBe(0);
  });

  it('detects a flipped bit anywhere in a frame', () => {
    const good = msg(9, 'every byte matters');
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 0x04;
      const events = new FrameDecoder().push(new Uint8Array([...bad, ...msg(10, 'after')]));
      expect(
        frames(events).map((f) => f.seq),
        `bit flipped at byte ${i}`,
      ).toEqual([10]);
    }
  });

  it('rejects a frame declaring a payload over the limit, even with a sound header', () => {
    const big = encodeFrame({ type: FrameType.DATA, seq: 1, payload: new Uint8Array(2000) });
    const d = new FrameDecoder({ maxPayloadBytes: 1024 });
    const events = d.push(new Uint8Array([...big, ...msg(2, 'small')]));
    expect(corrupt(events)[0]).toMatchObject({
      kind: 'corrupt',
      reason: expect.stringContaining('over the limit of 1024'),
    });
    expect(frames(events).map((f) => f.seq)).toEqual([2]);
  });

  it('rejects unknown frame types and another frame format version', () => {
    const t = msg(1, 'x');
    const withType = (type: number) => {
      const f = t.slice();
      f[3] = type;
      new DataView(f.buffer).setUint32(14, crc32(f, 0, 14));
      return f;
    };
    const v2 = t.slice();
    v2[2] = 2;
    new DataView(v2.buffer).setUint32(14, crc32(v2, 0, 14));
    const events = new FrameDecoder().push(new Uint8Array([...withType(9), ...v2, ...msg(2, 'ok')]));
    expect(corrupt(events).map((e) => (e.kind === 'corrupt' ? e.reason : ''))).toEqual([
      'unknown frame type 9',
      expect.stringContaining('frame format 2'),
    ]);
    expect(frames(events).map((f) => f.seq)).toEqual([2]);
  });

  it('never throws on random bytes and still finds a frame after them', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) & 0xff;
    const noise = Uint8Array.from({ length: 20_000 }, rand);
    const d = new FrameDecoder();
    const events = [...d.push(noise), ...d.push(msg(77, 'found'))];
    expect(frames(events).map((f) => f.seq)).toContain(77);
  });
});
