// The coordinator's serial bridge. In memory: the real agent loop and its serial transport talk
// to a real coordinator's services through the bridge over a line that loses and damages bytes;
// garbage, requests that are not the protocol and a wrong token get clear refusals and never
// stop the bridge. End to end (needs socat): a socat pty pair stands in for the cable, the
// coordinator's bridge on one end and the real agent process on the other profile a small ONNX
// model while the test writes garbage and a damaged frame onto the line and the bridge damages
// frames it sends; the result arrives complete. Then the same agent classifies a deploy's images
// (an evaluate job, inputs inline) with the classes onnxruntime-node gives here.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { profileOnCoordinator } from '../../devices/client.ts';
import type { Coordinator } from '../../devices/coordinator.ts';
import { startTestCoordinator } from './helpers/test-coordinator.ts';
import { LineServer, openSerialBridge, type SerialBridge } from '../../devices/serial-bridge.ts';
import { parseJobRequest } from '../../devices/service/job-request.ts';
import { runAgentLoop } from '../../profiler-agent/agent/agent-loop.ts';
import { isTransportError } from '../../profiler-agent/agent/transport.ts';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { PROTOCOL_VERSION } from '../../profiler-agent/protocol.ts';
import { encodeEnvelope, parseReply, type SerialReply } from '../../profiler-agent/serial/envelope.ts';
import { encodeFrame, FrameFlags, FrameType, HEADER_BYTES } from '../../profiler-agent/serial/framing.ts';
import { type LinkEvent, SerialLink } from '../../profiler-agent/serial/link.ts';
import { SerialTransport } from '../../profiler-agent/serial/serial-transport.ts';
import { squeezeNetFire } from '../fixtures/onnx/public-architectures.ts';
import { evaluateOnCoordinator } from '../../devices/evaluate-client.ts';
import { imageBlob, nodeClasses, plainCnnModel } from '../profiler-agent/browser/evaluate-fixture.ts';
import { flipBit, type MemoryLine, memoryLine } from '../profiler-agent/serial/helpers/memory-line.ts';
import { ptyPair, type PtyPair, socatAvailable } from '../profiler-agent/serial/helpers/socat.ts';
import { device, fakeResult, SPEC, tinyModel } from './helpers/fixtures.ts';

const TOKEN = 'serial-token-123456';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

async function coordinator(log: string[]): Promise<Coordinator> {
  return startTestCoordinator(TOKEN, { heartbeatMs: 500, idleRetryMs: 50, log: (l) => log.push(l) });
}

describe('serial bridge (in memory)', () => {
  const log: string[] = [];
  let c: Coordinator;
  let line: MemoryLine;
  let server: LineServer;
  const cleanup: (() => void)[] = [];

  beforeAll(async () => {
    c = await coordinator(log);
  });
  afterAll(() => c.close());
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
  });

  function serve(): void {
    line = memoryLine();
    server = new LineServer({
      peer: 'mem',
      agents: c.agents,
      gate: c.gate,
      heartbeatMs: 500,
      maxMessageBytes: 1 << 20,
      log: (l) => log.push(l),
      link: { ackTimeoutMs: 50 },
    });
    server.attach(line.a);
    cleanup.push(() => server.detach());
  }

  function transport(token = TOKEN, onEvent: (e: LinkEvent) => void = () => {}): SerialTransport {
    const t = new SerialTransport({
      peer: 'mem',
      token,
      connect: async () => ({ stream: line.b, close: async () => {} }),
      replyTimeoutMs: 2_000,
      link: { ackTimeoutMs: 50, onEvent },
    });
    cleanup.push(() => void t.close());
    return t;
  }

  /** A raw link on the agent's end, for requests the real transport would never send. */
  function rawAgentEnd(): { send: (bytes: Uint8Array) => Promise<void>; replies: SerialReply[] } {
    const link = new SerialLink(line.b, { ackTimeoutMs: 50 });
    cleanup.push(() => link.close());
    const replies: SerialReply[] = [];
    link.onMessage((b) => replies.push(parseReply(b)));
    return { send: (b) => link.send(b), replies };
  }

  it('runs a job end to end through the real agent loop over a lossy, damaging line', async () => {
    serve();
    let n = 0;
    // Every 7th write from the coordinator is damaged, every 11th from the agent is lost.
    line.faults.aToB = (b) => (++n % 7 === 0 ? flipBit(Math.min(b.length - 1, HEADER_BYTES + 1))(b) : b);
    let m = 0;
    line.faults.bToA = (b) => (++m % 11 === 0 ? null : b);
    const d = device('mem-agent');
    const model = tinyModel(64);
    const { sha256: modelSha256 } = c.jobs.putModel(model);
    const stop = new AbortController();
    const agentLog: string[] = [];
    const agentEvents: LinkEvent[] = [];
    const loop = runAgentLoop({
      transport: transport(TOKEN, (e) => agentEvents.push(e)),
      device: d,
      signal: stop.signal,
      measure: async (bytes, job) => {
        expect(sha256(bytes)).toBe(job.modelSha256); // the model arrived inline and intact
        return fakeResult(bytes, d);
      },
      log: (l) => agentLog.push(l),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await waitUntil(() => c.jobs.devices().some((x) => x.name === 'mem-agent'));
    const job = c.jobs.submit(parseJobRequest({ modelSha256, device: 'mem-agent', ...SPEC }));
    await waitUntil(() => c.jobs.job(job.id).state === 'done', 10_000);
    stop.abort();
    await loop;
    expect(c.jobs.job(job.id).result?.modelSha256).toBe(modelSha256);
    // Both kinds of fault fired and were recovered from: damaged frames from the coordinator
    // were refused by the agent, lost frames from the agent were sent again.
    expect(agentEvents.filter((e) => e.kind === 'corrupt').length).toBeGreaterThan(0);
    expect(agentEvents.filter((e) => e.kind === 'resend').length).toBeGreaterThan(0);
    expect(agentLog.join('\n')).toContain('result delivered');
  });

  it('answers garbage, non-protocol requests and a wrong token with clear errors, and keeps serving', async () => {
    serve();
    line.b.inject(utf8('\x00\xffAT+GMR\r\n random noise before anything'));
    const raw = rawAgentEnd();
    await raw.send(utf8('this is not JSON'));
    await raw.send(
      utf8(
        JSON.stringify({
          kind: 'request',
          id: 5,
          token: TOKEN,
          message: { protocol: PROTOCOL_VERSION, type: 'dance' },
        }),
      ),
    );
    await raw.send(
      encodeEnvelope({
        kind: 'request',
        id: 6,
        token: TOKEN,
        message: { protocol: 99, type: 'poll', deviceName: 'x' } as never,
      }),
    );
    await raw.send(
      encodeEnvelope({
        kind: 'request',
        id: 7,
        token: TOKEN,
        message: { protocol: PROTOCOL_VERSION, type: 'poll', deviceName: 'nobody' },
      }),
    );
    await waitUntil(() => raw.replies.length === 4);
    expect(raw.replies.map((r) => (r.ok ? 'ok' : [r.id, r.status, r.error.code]))).toEqual([
      [null, 400, 'PROTOCOL_INVALID'],
      [5, 400, 'PROTOCOL_INVALID'],
      [6, 400, 'PROTOCOL_INVALID'],
      // The fleet token only registers; polling takes the device's own token.
      [7, 403, 'FORBIDDEN'],
    ]);
    const failed = raw.replies[0]!;
    expect(!failed.ok && failed.error.message).toMatch(/not UTF-8 JSON/);

    const wrong = transport('wrong-token-000000');
    const err = await wrong
      .register({ protocol: PROTOCOL_VERSION, type: 'register', device: device('x'), agentVersion: '0.1.0' })
      .catch((e: unknown) => e);
    expect(isTransportError(err, 'unauthorized')).toBe(true);
    expect((err as Error).message).toBe('wrong token [AUTH_FAILED]');

    const stats = server.stats();
    expect(stats.garbageBytes).toBeGreaterThan(30);
    expect(stats.invalidRequests).toBe(3);
    expect(stats.authFailures).toBe(1);
    // still serving
    const ok = transport();
    await expect(
      ok.register({
        protocol: PROTOCOL_VERSION,
        type: 'register',
        device: device('after-garbage'),
        agentVersion: '0.1.0',
      }),
    ).resolves.toMatchObject({ type: 'registered' });
  });

  it('sorts refusals into the same failure kinds as HTTP', async () => {
    serve();
    const t = transport();
    // Before registering it holds the fleet token only, which agent messages refuse.
    const err = await t.poll('never-registered').catch((e: unknown) => e);
    expect(isTransportError(err, 'forbidden')).toBe(true);
    await t.register({
      protocol: PROTOCOL_VERSION,
      type: 'register',
      device: device('k'),
      agentVersion: '0.1.0',
    });
    const late = await t
      .report({
        protocol: PROTOCOL_VERSION,
        type: 'error',
        jobId: 'no-such-job',
        attempt: 1,
        error: { code: 'INTERNAL', message: 'x' },
      })
      .catch((e: unknown) => e);
    expect(isTransportError(late, 'refused')).toBe(true);
    expect(await t.fetchModel('/api/v1/models/abc').catch((e: unknown) => (e as Error).message)).toMatch(
      /inline/,
    );
  });

  it('refuses to start on a device path that does not exist, naming it', async () => {
    await expect(openSerialBridge(c, { path: '/dev/memnas-no-such-tty' })).rejects.toMatchObject({
      name: 'MemnasError',
      code: 'FILE_NOT_FOUND',
      message: 'no serial device at /dev/memnas-no-such-tty',
    });
  });

  it('reports a silent line as unreachable, with the device path', async () => {
    serve();
    server.detach();
    const t = new SerialTransport({
      peer: '/dev/ttyGS0',
      token: TOKEN,
      connect: async () => ({ stream: line.b, close: async () => {} }),
      link: { ackTimeoutMs: 10, maxAttempts: 2 },
    });
    cleanup.push(() => void t.close());
    const err = await t.poll('x').catch((e: unknown) => e);
    expect(isTransportError(err, 'unreachable')).toBe(true);
    expect((err as Error).message).toMatch(/^no answer on \/dev\/ttyGS0: no acknowledgement/);
  });
});

async function waitUntil(ok: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe.skipIf(!socatAvailable)('serial agent over a socat pty pair (end to end)', () => {
  const log: string[] = [];
  let c: Coordinator;
  let pty: PtyPair;
  let bridge: SerialBridge;
  let agent: ChildProcess | undefined;
  let agentOut = '';

  beforeAll(async () => {
    c = await coordinator(log);
    pty = await ptyPair();
  });
  afterAll(async () => {
    if (agent?.pid !== undefined && agent.exitCode === null) {
      const gone = new Promise((r) => agent!.once('exit', r));
      process.kill(-agent.pid, 'SIGKILL');
      await gone;
    }
    await bridge?.close();
    await pty?.close();
    await c?.close();
  });

  /** Writes bytes onto the line from outside, as noise on the cable would: they reach the far end. */
  function inject(towards: 'agent' | 'coordinator', bytes: Uint8Array): void {
    // Writing to one end's device sends the bytes out of it, to whoever reads the other end.
    const fd = openSync(towards === 'agent' ? pty.a : pty.b, constants.O_WRONLY | constants.O_NOCTTY);
    try {
      writeSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
  }

  it('profiles an ONNX model on the real agent process through garbage and damaged frames', async () => {
    let dataFrames = 0;
    let middleChunks = 0;
    const damaged: string[] = [];
    bridge = await openSerialBridge(c, {
      path: pty.a,
      link: {
        // Damage some of the bridge's own frames on their first send: a payload bit in its
        // second reply and in the middle of the job message that carries the model (the agent
        // NAKs them), and a header bit in the job message's last chunk (no NAK is possible; the
        // bridge resends after its timeout). Only the job message is long enough to have chunks
        // flagged neither FIRST nor LAST.
        tamper: (bytes, f) => {
          if (f.type !== FrameType.DATA || f.attempt !== 1) return bytes;
          dataFrames++;
          const flags = bytes[4]! & (FrameFlags.FIRST | FrameFlags.LAST);
          if (flags === 0) middleChunks++;
          if (dataFrames === 2 || (flags === 0 && middleChunks === 2)) {
            damaged.push(`payload of frame ${f.seq}`);
            return flipBit(HEADER_BYTES)(bytes);
          }
          if (flags === FrameFlags.LAST) {
            damaged.push(`header of frame ${f.seq}`);
            return flipBit(7)(bytes);
          }
          return bytes;
        },
      },
    });
    inject('agent', utf8('\r\nboot: garbage before the agent starts\r\n'));
    agent = spawn(
      process.execPath,
      [
        '--import',
        TSX,
        join(REPO, 'test/profiler-agent/serial/helpers/serial-agent-entry.ts'),
        '--serial',
        pty.b,
        '--baud',
        '115200',
        '--name',
        'serial-1',
        '--tags',
        'usb',
      ],
      {
        cwd: REPO,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MEMNAS_TOKEN: TOKEN },
      },
    );
    agent.stdout!.on('data', (b: Buffer) => (agentOut += b.toString()));
    agent.stderr!.on('data', (b: Buffer) => (agentOut += b.toString()));
    await waitUntil(() => c.jobs.devices().some((d) => d.name === 'serial-1' && d.online), 20_000).catch(
      (e: unknown) => {
        throw new Error(`${String(e)}\nagent: ${agentOut}\ncoordinator: ${log.join('\n')}`);
      },
    );

    // Noise towards both ends, and a well-formed frame header with a damaged payload.
    inject('coordinator', utf8('\x00\x01\x02 line noise \xff\xfe'));
    const bad = encodeFrame({
      type: FrameType.DATA,
      flags: FrameFlags.FIRST | FrameFlags.LAST,
      seq: 12345,
      payload: utf8('{"kind":"request"}'),
    });
    bad[HEADER_BYTES + 2]! ^= 0x20;
    inject('coordinator', bad);
    inject('agent', utf8('more garbage towards the agent'));

    const fixture = squeezeNetFire();
    const started = Date.now();
    const result = await profileOnCoordinator(fixture.bytes, {
      coordinator: c.url,
      token: TOKEN,
      device: 'serial-1',
      batches: [1, 2],
      runs: 50,
      warmup: 2,
      timeoutMs: 60_000,
    }).catch((e: unknown) => {
      throw new Error(`${String(e)}\nagent: ${agentOut}\ncoordinator: ${log.join('\n')}`);
    });
    const elapsed = Date.now() - started;

    expect(result.modelSha256).toBe(sha256(fixture.bytes));
    expect(result.modelBytes).toBe(fixture.bytes.length);
    expect(result.device).toMatchObject({
      name: 'serial-1',
      tags: ['usb'],
      os: process.platform,
      arch: process.arch,
      runtime: { name: 'ort-node' },
    });
    expect(result.loadMs).toBeGreaterThan(0);
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    expect(result.peakMemoryBytes).toBeGreaterThan(0);
    expect(result.memory.samples.map((s) => s.batch)).toEqual([1, 2]);
    expect(result.memory.fixedBytes).not.toBeNull();
    expect(result.batches.map((b) => b.latenciesMs.length)).toEqual([50, 50]);

    const stats = bridge.stats();
    expect(damaged).toHaveLength(3);
    expect(middleChunks).toBeGreaterThan(2);
    expect(stats.garbageBytes).toBeGreaterThan(10);
    expect(stats.corruptFrames).toBeGreaterThanOrEqual(1); // the damaged frame the test wrote
    expect(stats.resends).toBeGreaterThanOrEqual(3); // the three frames the bridge damaged
    expect(agentOut).toMatch(/skipped \d+ byte\(s\) of garbage/);
    expect(agentOut).toMatch(/a damaged frame arrived \(payload checksum mismatch\); asked for it again/);
    expect(log.join('\n')).toMatch(/serial .*: a damaged frame arrived|serial .*: skipped \d+ byte/);
    console.log(`serial e2e: job done in ${elapsed} ms; bridge ${JSON.stringify(stats)}`);
  }, 60_000);

  it("classifies a deploy's images on the same agent process over the pty line, as onnxruntime-node does here", async () => {
    // Needs the agent the test above started (vitest runs a file's tests in order).
    expect(c.jobs.devices().some((d) => d.name === 'serial-1' && d.online)).toBe(true);
    const model = plainCnnModel();
    const images = imageBlob(300);
    const started = Date.now();
    const { evaluation, profile } = await evaluateOnCoordinator(
      model,
      { ...images.layout, bytes: images.blob },
      { coordinator: c.url, token: TOKEN, device: 'serial-1', timeoutMs: 60_000 },
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\nagent: ${agentOut}\ncoordinator: ${log.join('\n')}`);
    });
    expect(profile.device.name).toBe('serial-1');
    expect(evaluation.samples).toBe(300);
    expect(evaluation.predictions).toEqual(await nodeClasses(model, images.blob, images.layout));
    console.log(`serial e2e evaluate: 300 images in ${Date.now() - started} ms`);
  }, 60_000);
});
