import { afterEach, describe, expect, it } from 'vitest';
import { FrameType, HEADER_BYTES } from '../../../profiler-agent/serial/framing.ts';
import {
  type LinkEvent,
  LinkError,
  type LinkOptions,
  SerialLink,
} from '../../../profiler-agent/serial/link.ts';
import { flipBit, memoryLine, onNth } from './helpers/memory-line.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

const links: SerialLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.close();
});

function pair(options: LinkOptions = {}) {
  const line = memoryLine();
  const events: { a: LinkEvent[]; b: LinkEvent[] } = { a: [], b: [] };
  const a = new SerialLink(line.a, { ackTimeoutMs: 50, ...options, onEvent: (e) => events.a.push(e) });
  const b = new SerialLink(line.b, { ackTimeoutMs: 50, ...options, onEvent: (e) => events.b.push(e) });
  links.push(a, b);
  const got = { a: [] as string[], b: [] as string[] };
  a.onMessage((m) => got.a.push(text(m)));
  b.onMessage((m) => got.b.push(text(m)));
  return { line, a, b, got, events };
}

describe('SerialLink', () => {
  it('delivers messages both ways at once, in order', async () => {
    const { a, b, got } = pair();
    await Promise.all([a.send(utf8('a1')), a.send(utf8('a2')), b.send(utf8('b1')), a.send(utf8('a3'))]);
    expect(got.b).toEqual(['a1', 'a2', 'a3']);
    expect(got.a).toEqual(['b1']);
    expect(a.stats.resends + b.stats.resends).toBe(0);
  });

  it('carries a message of several chunks (a model inline) intact', async () => {
    const { a, b } = pair({ chunkBytes: 1024 });
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff);
    let received: Uint8Array | undefined;
    b.onMessage((m) => (received = m));
    await a.send(big);
    expect(received && Buffer.from(received).equals(Buffer.from(big))).toBe(true);
    expect(a.stats.framesSent).toBeGreaterThanOrEqual(Math.ceil(big.length / 1024));
  });

  it('resends a frame whose payload was corrupted, after the receiver NAKs it', async () => {
    const { line, a, b, got, events } = pair({ ackTimeoutMs: 5_000 });
    line.faults.aToB = onNth(1, flipBit(HEADER_BYTES + 2));
    const started = Date.now();
    await a.send(utf8('survives a flipped bit'));
    expect(got.b).toEqual(['survives a flipped bit']);
    expect(b.stats.corruptFrames).toBe(1);
    expect(b.stats.naksSent).toBe(1);
    expect(events.a).toContainEqual(expect.objectContaining({ kind: 'resend', why: 'nak' }));
    expect(Date.now() - started).toBeLessThan(2_000); // the NAK, not the 5 s timeout
  });

  it('resends after a timeout when the frame is lost or its header damaged', async () => {
    const { line, a, got, events } = pair();
    line.faults.aToB = onNth(1, () => null);
    await a.send(utf8('lost once'));
    line.faults.aToB = onNth(1, flipBit(8));
    await a.send(utf8('header damaged once'));
    expect(got.b).toEqual(['lost once', 'header damaged once']);
    expect(events.a.filter((e) => e.kind === 'resend' && e.why === 'timeout')).toHaveLength(2);
  });

  it('delivers once a frame whose ACK was lost (the resend is acknowledged but not delivered)', async () => {
    const { line, a, b, got, events } = pair();
    line.faults.bToA = onNth(1, () => null); // b's first ACK vanishes
    await a.send(utf8('only once'));
    await a.send(utf8('then this'));
    expect(got.b).toEqual(['only once', 'then this']);
    expect(b.stats.duplicates).toBe(1);
    expect(events.b).toContainEqual(expect.objectContaining({ kind: 'duplicate' }));
  });

  it('survives a lossy, corrupting line for many messages', async () => {
    const { line, a, b, got } = pair({ chunkBytes: 64, ackTimeoutMs: 20, maxAttempts: 50 });
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const noisy = (bytes: Uint8Array) => {
      const r = rand();
      if (r < 0.1) return null;
      if (r < 0.2) return flipBit(Math.floor(rand() * bytes.length))(bytes);
      if (r < 0.25) return new Uint8Array([...utf8('#noise#'), ...bytes]);
      return bytes;
    };
    line.faults.aToB = noisy;
    line.faults.bToA = noisy;
    const sent = Array.from({ length: 30 }, (_, i) => `message ${i} `.repeat(1 + (i % 7)));
    await Promise.all([...sent.map((m) => a.send(utf8(m))), b.send(utf8('reply'))]);
    expect(got.b).toEqual(sent);
    expect(got.a).toEqual(['reply']);
    expect(a.stats.resends + b.stats.resends).toBeGreaterThan(0);
  });

  it('skips garbage injected between frames and counts it', async () => {
    const { line, a, b, got } = pair();
    line.a.inject(utf8('\r\nU-Boot 2024.01 garbage on the line\r\n'));
    await a.send(utf8('after garbage'));
    line.a.inject(new Uint8Array([0xa5, 0x4d, 1, 2, 3]));
    await a.send(utf8('after a false start'));
    expect(got.b).toEqual(['after garbage', 'after a false start']);
    expect(b.stats.garbageBytes).toBeGreaterThan(30);
  });

  it('fails a send with a clear LinkError after the retry limit, and works again afterwards', async () => {
    const { line, a, got } = pair({ ackTimeoutMs: 10, maxAttempts: 3 });
    line.faults.aToB = () => null;
    const err = await a.send(utf8('into the void')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkError);
    expect((err as LinkError).kind).toBe('timeout');
    expect((err as Error).message).toMatch(
      /no acknowledgement after sending a frame 3 times .*is the other end running/,
    );
    line.faults.aToB = null;
    await a.send(utf8('back'));
    expect(got.b).toEqual(['back']);
  });

  it('drops a half-sent message when its sender gave up, and delivers the next whole', async () => {
    const { line, a, got } = pair({ chunkBytes: 8, ackTimeoutMs: 10, maxAttempts: 2 });
    let writes = 0;
    line.faults.aToB = (bytes) => (++writes > 2 ? null : bytes); // two chunks through, then silence
    await expect(a.send(utf8('this message is much longer than eight bytes'))).rejects.toThrow(LinkError);
    line.faults.aToB = null;
    await a.send(utf8('whole'));
    expect(got.b).toEqual(['whole']);
  });

  it('fails pending and later sends when the line closes', async () => {
    const { line, a } = pair({ ackTimeoutMs: 10_000 });
    line.faults.aToB = () => null;
    const pending = a.send(utf8('x'));
    line.a.hangUp('the device was unplugged');
    await expect(pending).rejects.toThrow(/closed: the device was unplugged/);
    await expect(a.send(utf8('y'))).rejects.toMatchObject({ kind: 'closed' });
  });

  it('accepts a restarted peer (a fresh link on the same line) without mistaking it for a repeat', async () => {
    const { line, b, got } = pair();
    const first = new SerialLink(line.a, { ackTimeoutMs: 50 });
    await first.send(utf8('before restart'));
    first.close();
    const second = new SerialLink(line.a, { ackTimeoutMs: 50 });
    links.push(second);
    await second.send(utf8('after restart'));
    expect(got.b).toEqual(['before restart', 'after restart']);
    void b;
  });

  it('lets a test tamper with outgoing frames', async () => {
    const seen: number[] = [];
    const { a, got } = pair({
      tamper: (bytes, f) => {
        if (f.type === FrameType.DATA) seen.push(f.attempt);
        return f.attempt === 1 && f.type === FrameType.DATA ? flipBit(-1)(bytes) : bytes;
      },
    });
    await a.send(utf8('tampered'));
    expect(got.b).toEqual(['tampered']);
    expect(seen).toEqual([1, 2]);
  });
});
