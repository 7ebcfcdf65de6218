// The agent's serial transport against a scripted coordinator end on an in-memory line: replies
// matched by id, a slow reply that keeps talking is waited for, silence and a vanished line are
// 'unreachable', and the line is opened again after it went away.
import { afterEach, describe, expect, it } from 'vitest';
import { isTransportError } from '../../../profiler-agent/agent/transport.ts';
import { PROTOCOL_VERSION } from '../../../profiler-agent/protocol.ts';
import { encodeEnvelope, parseRequest, type SerialRequest } from '../../../profiler-agent/serial/envelope.ts';
import { SerialLink } from '../../../profiler-agent/serial/link.ts';
import { SerialTransport } from '../../../profiler-agent/serial/serial-transport.ts';
import { memoryLine, type MemoryLine } from './helpers/memory-line.ts';

const ack = { protocol: PROTOCOL_VERSION, type: 'ack', duplicate: false };
const idle = { protocol: PROTOCOL_VERSION, type: 'idle', retryMs: 10 };
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** A coordinator end that hands each request to `answer`. */
function coordinatorEnd(
  line: MemoryLine,
  answer: (req: SerialRequest, link: SerialLink) => void,
): SerialLink {
  const link = new SerialLink(line.a, { ackTimeoutMs: 50 });
  link.onMessage((b) => answer(parseRequest(b), link));
  cleanup.push(() => link.close());
  return link;
}

function transport(line: MemoryLine, replyTimeoutMs = 2_000, connects = { n: 0 }): SerialTransport {
  const t = new SerialTransport({
    peer: '/dev/ttyTEST',
    token: 'tok',
    replyTimeoutMs,
    connect: async () => {
      connects.n++;
      return { stream: line.b, close: async () => {} };
    },
    link: { ackTimeoutMs: 50, maxAttempts: 3 },
  });
  cleanup.push(() => void t.close());
  return t;
}

const heartbeat = { protocol: PROTOCOL_VERSION, type: 'heartbeat', deviceName: 'd', jobId: null } as const;

describe('SerialTransport', () => {
  it('matches replies to requests by id when they come back out of order', async () => {
    const line = memoryLine();
    const held: SerialRequest[] = [];
    coordinatorEnd(line, (req, link) => {
      held.push(req);
      if (held.length < 2) return;
      // answer the second request first
      for (const r of [held[1]!, held[0]!]) {
        const message = r.message.type === 'poll' ? idle : ack;
        void link.send(encodeEnvelope({ kind: 'reply', id: r.id, ok: true, message }));
      }
    });
    const t = transport(line);
    const [polled] = await Promise.all([t.poll('d'), t.heartbeat(heartbeat)]);
    expect(polled).toEqual(idle);
    expect(held.map((r) => r.token)).toEqual(['tok', 'tok']);
  });

  it('waits for a reply as long as the coordinator keeps talking, and gives up after silence', async () => {
    const line = memoryLine();
    coordinatorEnd(line, (req, link) => {
      if (req.message.type === 'heartbeat') return; // never answered
      // Unrelated traffic for 3× the reply timeout, then the answer.
      const chatter = setInterval(
        () => void link.send(encodeEnvelope({ kind: 'reply', id: 999_999, ok: true, message: ack })),
        20,
      );
      setTimeout(() => {
        clearInterval(chatter);
        void link.send(encodeEnvelope({ kind: 'reply', id: req.id, ok: true, message: idle }));
      }, 300);
    });
    const t = transport(line, 100);
    const started = Date.now();
    await expect(t.poll('d')).resolves.toEqual(idle);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const err = await t.heartbeat(heartbeat).catch((e: unknown) => e);
    expect(isTransportError(err, 'unreachable')).toBe(true);
    expect((err as Error).message).toBe('no reply from the coordinator on /dev/ttyTEST within 100 ms');
  });

  it('treats a vanished line as unreachable and opens it again on the next request', async () => {
    const line = memoryLine();
    let answering = false;
    coordinatorEnd(line, (req, link) => {
      if (answering) void link.send(encodeEnvelope({ kind: 'reply', id: req.id, ok: true, message: ack }));
    });
    const connects = { n: 0 };
    const t = transport(line, 5_000, connects);
    const pending = t.heartbeat(heartbeat).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    line.b.hangUp('the USB cable was pulled');
    const err = await pending;
    expect(isTransportError(err, 'unreachable')).toBe(true);
    expect((err as Error).message).toMatch(/\/dev\/ttyTEST.*the USB cable was pulled/);
    answering = true;
    await t.heartbeat(heartbeat);
    expect(connects.n).toBe(2);
  });

  it('refuses replies that are not protocol messages as unreachable (invalid reply)', async () => {
    const line = memoryLine();
    coordinatorEnd(
      line,
      (req, link) =>
        void link.send(
          encodeEnvelope({
            kind: 'reply',
            id: req.id,
            ok: true,
            message: { protocol: PROTOCOL_VERSION, type: 'nonsense' },
          }),
        ),
    );
    const err = await transport(line)
      .poll('d')
      .catch((e: unknown) => e);
    expect(isTransportError(err, 'unreachable')).toBe(true);
    expect((err as Error).message).toMatch(/invalid reply/);
  });

  it('refuses a coordinator of another protocol version with a clear error', async () => {
    const line = memoryLine();
    coordinatorEnd(
      line,
      (req, link) =>
        void link.send(
          encodeEnvelope({ kind: 'reply', id: req.id, ok: true, message: { ...idle, protocol: 2 } }),
        ),
    );
    await expect(transport(line).poll('d')).rejects.toMatchObject({
      code: 'PROTOCOL_INVALID',
      message: expect.stringContaining('another protocol version'),
    });
  });
});
