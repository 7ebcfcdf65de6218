// The agent's HTTP transport against a real coordinator (in process, 127.0.0.1 port 0): each
// exchange, and every failure sorted into what the loop must do about it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Coordinator, startCoordinator } from '../../../devices/coordinator.ts';
import { HttpTransport } from '../../../profiler-agent/agent/http-transport.ts';
import type { JobMessage } from '../../../profiler-agent/protocol.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import { device, fakeResult, tinyModel } from '../../devices/helpers/fixtures.ts';
import { freePort } from '../../devices/helpers/processes.ts';

const TOKEN = 'transport-token-1234';
const dir = mkdtempSync(join(tmpdir(), 'memnas-transport-'));
const MODEL = tinyModel();
let c: Coordinator;

beforeAll(async () => {
  c = await startCoordinator({
    port: 0,
    host: '127.0.0.1',
    dbPath: join(dir, 't.db'),
    token: TOKEN,
    heartbeatMs: 60_000,
    idleRetryMs: 25,
    log: () => {},
  });
});
afterAll(async () => {
  await c.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HttpTransport', () => {
  it('registers, polls, downloads the model, and reports once; a late report is refused', async () => {
    const t = new HttpTransport({ url: c.url, token: TOKEN });
    const d = device('http-1', ['h']);
    expect(await t.register({ protocol: 1, type: 'register', device: d, agentVersion: '0.1.0' })).toEqual({
      protocol: 1,
      type: 'registered',
      deviceName: 'http-1',
      heartbeatMs: 60_000,
      deviceToken: expect.any(String),
    });
    expect(await t.poll('http-1')).toEqual({ protocol: 1, type: 'idle', retryMs: 25 });
    const { sha256: sha } = c.jobs.putModel(MODEL);
    c.jobs.submit({
      modelSha256: sha,
      target: { device: 'http-1' },
      spec: { batches: [1], runs: 50, warmup: 1, timeoutMs: 10_000 },
    });
    const job = (await t.poll('http-1')) as JobMessage;
    expect(job.type).toBe('job');
    const bytes = await t.fetchModel((job.model as { url: string }).url);
    expect(sha256(bytes)).toBe(job.modelSha256);
    await t.heartbeat({ protocol: 1, type: 'heartbeat', deviceName: 'http-1', jobId: job.id });
    const report = {
      protocol: 1,
      type: 'result',
      jobId: job.id,
      attempt: 1,
      result: fakeResult(MODEL, d),
    } as const;
    await t.report(report);
    await t.report(report); // a resend is acknowledged, not an error
    await expect(t.report({ ...report, attempt: 2 })).rejects.toMatchObject({ kind: 'refused' });
    await expect(t.report({ ...report, jobId: 'gone' })).rejects.toMatchObject({ kind: 'refused' });
  });

  it('sorts failures: wrong token, unknown device, invalid message, nobody listening', async () => {
    await expect(new HttpTransport({ url: c.url, token: 'wrong-token' }).poll('x')).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    const t = new HttpTransport({ url: c.url, token: TOKEN });
    // Unregistered, it holds only the fleet token, which agent messages refuse.
    await expect(
      t.heartbeat({ protocol: 1, type: 'heartbeat', deviceName: 'never-registered', jobId: null }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    // Registered, and then the coordinator forgets its token (a database reset): register again.
    const reg = { protocol: 1, type: 'register', device: device('forgotten'), agentVersion: '0' } as const;
    await t.register(reg);
    c.gate.credentials.issue('forgotten');
    await expect(
      t.heartbeat({ protocol: 1, type: 'heartbeat', deviceName: 'forgotten', jobId: null }),
    ).rejects.toMatchObject({ kind: 'unknown-device' });
    // Its next registration goes with the fleet token; the name is online under the other token.
    await expect(t.register(reg)).rejects.toMatchObject({
      kind: 'name-taken',
      message: expect.stringContaining('--name'),
    });
    await expect(
      t.register({
        protocol: 1,
        type: 'register',
        device: { ...device('bad'), cores: 0 },
        agentVersion: '0',
      }),
    ).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('device.cores'),
    });
    const closed = new HttpTransport({
      url: `http://127.0.0.1:${await freePort()}`,
      token: TOKEN,
      requestTimeoutMs: 2_000,
    });
    await expect(closed.poll('x')).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(() => new HttpTransport({ url: 'ftp://host', token: TOKEN })).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
  });

  it('sends the token to the coordinator only, never to another host a model URL names', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers);
      res.end('model');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const port = (other.address() as { port: number }).port;
      const t = new HttpTransport({ url: c.url, token: TOKEN });
      expect(Buffer.from(await t.fetchModel(`http://127.0.0.1:${port}/m.onnx`)).toString()).toBe('model');
      expect(seen[0]!.authorization).toBeUndefined();
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});
