// Per-device credentials (issue 18, items 2 and 3): registration with the fleet token returns a
// device token; agent endpoints take only the token of the device they name (the fleet token and
// another device's token get 403, including a report on an attempt leased to another device); a
// second registration of an online name gets 409; user endpoints refuse device tokens; device
// tokens are stored hashed; a generated fleet token survives a coordinator restart.
import { statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCoordinator } from '../../devices/coordinator.ts';
import { fleetToken, TOKEN_FILE } from '../../devices/fleet-token.ts';
import { HttpTransport } from '../../profiler-agent/agent/http-transport.ts';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { HTTP_PATHS, jobPath, modelPath } from '../../profiler-agent/protocol-http.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { device, fakeResult, tinyModel } from './helpers/fixtures.ts';
import { postJson, raw } from './helpers/http.ts';
import { registerDevice } from './helpers/register.ts';

const TOKEN = 'fleet-token-123456';
const MODEL = tinyModel();
const SHA = sha256(MODEL);
const c = useCoordinator('cred', { token: TOKEN, heartbeatMs: 60_000 });

beforeAll(() => {
  c.coordinator.jobs.putModel(MODEL);
});

const poll = (token: string, name: string) =>
  postJson(c.url, HTTP_PATHS.poll, token, { protocol: 1, type: 'poll', deviceName: name });
const code = (r: { json: unknown }) => (r.json as { code: string }).code;

describe('device credentials', () => {
  it("refuses another device's report on a leased attempt (403), and the holder's is accepted", async () => {
    const a = await registerDevice(c.url, TOKEN, device('cred-a', ['cred']));
    const b = await registerDevice(c.url, TOKEN, device('cred-b'));
    expect(a).not.toBe(b);
    expect(a).not.toBe(TOKEN);
    const job = await postJson(c.url, HTTP_PATHS.jobs, TOKEN, {
      modelSha256: SHA,
      device: 'cred-a',
      batches: [1],
    });
    const id = (job.json as { id: string }).id;
    expect((await poll(a, 'cred-a')).json).toMatchObject({ type: 'job', id, attempt: 1 });
    const result = {
      protocol: 1,
      type: 'result',
      jobId: id,
      attempt: 1,
      result: fakeResult(MODEL, device('cred-b')),
    };
    const forged = await postJson(c.url, HTTP_PATHS.result, b, result);
    expect(forged.status).toBe(403);
    expect(forged.json).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining("leased to device 'cred-a'"),
    });
    const failed = await postJson(c.url, HTTP_PATHS.error, b, {
      protocol: 1,
      type: 'error',
      jobId: id,
      attempt: 1,
      error: { code: 'MODEL_INVALID', message: 'forged' },
    });
    expect(failed.status).toBe(403);
    // B cannot take A's work by polling under A's name, nor beat for A.
    expect((await poll(b, 'cred-a')).status).toBe(403);
    expect(
      (
        await postJson(c.url, HTTP_PATHS.heartbeat, b, {
          protocol: 1,
          type: 'heartbeat',
          deviceName: 'cred-a',
          jobId: id,
        })
      ).status,
    ).toBe(403);
    // A's own result is recorded, not discarded as a duplicate.
    const real = await postJson(c.url, HTTP_PATHS.result, a, {
      ...result,
      result: fakeResult(MODEL, device('cred-a')),
    });
    expect(real.json).toEqual({ protocol: 1, type: 'ack', duplicate: false });
    const done = (await raw(c.url, 'GET', jobPath(id), { token: TOKEN })).json as {
      state: string;
      result: { device: { name: string } };
    };
    expect(done.state).toBe('done');
    expect(done.result.device.name).toBe('cred-a');
  });

  it('refuses the fleet token on every agent endpoint with 403', async () => {
    await registerDevice(c.url, TOKEN, device('cred-f'));
    const messages: [string, unknown][] = [
      [HTTP_PATHS.heartbeat, { protocol: 1, type: 'heartbeat', deviceName: 'cred-f', jobId: null }],
      [HTTP_PATHS.poll, { protocol: 1, type: 'poll', deviceName: 'cred-f' }],
      [
        HTTP_PATHS.result,
        { protocol: 1, type: 'result', jobId: 'x', attempt: 1, result: fakeResult(MODEL, device('cred-f')) },
      ],
      [
        HTTP_PATHS.error,
        { protocol: 1, type: 'error', jobId: null, attempt: null, error: { code: 'INTERNAL', message: 'x' } },
      ],
    ];
    for (const [path, body] of messages) {
      const res = await postJson(c.url, path, TOKEN, body);
      expect([path, res.status, code(res)]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect((await raw(c.url, 'GET', modelPath(SHA), { token: TOKEN })).status).toBe(403);
  });

  it("refuses a device token on the users' endpoints with 403", async () => {
    const t = await registerDevice(c.url, TOKEN, device('cred-u'));
    for (const [method, path] of [
      ['GET', HTTP_PATHS.jobs],
      ['GET', jobPath('x')],
      ['GET', HTTP_PATHS.devices],
      ['POST', HTTP_PATHS.models],
    ] as const) {
      const res = await raw(c.url, method, path, {
        token: t,
        contentType: 'application/octet-stream',
        body: MODEL,
      });
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect((await postJson(c.url, HTTP_PATHS.jobs, t, { modelSha256: SHA, device: 'cred-u' })).status).toBe(
      403,
    );
  });

  it('answers a second registration of an online name with 409, and lets the device itself register again', async () => {
    const first = await registerDevice(c.url, TOKEN, device('cred-dup'));
    const reg = { protocol: 1, type: 'register', device: device('cred-dup'), agentVersion: '0' };
    const second = await postJson(c.url, HTTP_PATHS.register, TOKEN, reg);
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({
      code: 'DEVICE_NAME_TAKEN',
      message: expect.stringContaining('--name'),
    });
    const again = await postJson(c.url, HTTP_PATHS.register, first, reg);
    expect(again.status).toBe(200);
    expect((await poll(first, 'cred-dup')).status).toBe(200);
    // Another device's token cannot register under this name either.
    const other = await registerDevice(c.url, TOKEN, device('cred-other'));
    expect((await postJson(c.url, HTTP_PATHS.register, other, reg)).status).toBe(403);
  });

  it('stores device tokens hashed, never as issued', async () => {
    const t = await registerDevice(c.url, TOKEN, device('cred-hash'));
    const db = new Database(c.dbPath, { readonly: true });
    try {
      const row = db.prepare('SELECT * FROM devices WHERE name = ?').get('cred-hash') as Record<
        string,
        unknown
      >;
      expect(JSON.stringify(row)).not.toContain(t);
      expect(row.token_sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      db.close();
    }
  });
});

describe('the fleet token', () => {
  it('is generated once, kept with mode 0600 beside the database and reused', () => {
    const home = mkdtempSync(join(c.dir, 'tok-'));
    const first = fleetToken(join(home, 'c.db'), undefined);
    expect(first.source).toBe('generated');
    expect(statSync(join(home, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    const again = fleetToken(join(home, 'c.db'), '');
    expect(again).toEqual({ token: first.token, source: 'reused', path: join(home, TOKEN_FILE) });
    expect(fleetToken(join(home, 'c.db'), 'from-env-123').source).toBe('env');
  });

  it('refuses a token with whitespace, from the environment, the file or the options', async () => {
    expect(() => fleetToken(join(c.dir, 'x.db'), 'abc defgh')).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
    const home = mkdtempSync(join(c.dir, 'ws-'));
    writeFileSync(join(home, TOKEN_FILE), 'two words here\n');
    expect(() => fleetToken(join(home, 'c.db'), undefined)).toThrow(/whitespace/);
    await expect(
      startCoordinator({ port: 0, host: '127.0.0.1', dbPath: ':memory:', token: 'token-with\nnewline' }),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('whitespace') });
  });

  it('keeps an agent connected across a restart of a coordinator whose token was generated', async () => {
    const home = mkdtempSync(join(c.dir, 'restart-'));
    const db = join(home, 'c.db');
    const options = { host: '127.0.0.1', dbPath: db, heartbeatMs: 60_000, log: () => {} };
    let coordinator = await startCoordinator({ ...options, port: 0, token: fleetToken(db, undefined).token });
    const port = coordinator.port;
    const agent = new HttpTransport({ url: coordinator.url, token: fleetToken(db, undefined).token });
    await agent.register({ protocol: 1, type: 'register', device: device('survivor'), agentVersion: '0' });
    await coordinator.close();
    coordinator = await startCoordinator({ ...options, port, token: fleetToken(db, undefined).token });
    try {
      await expect(agent.poll('survivor')).resolves.toMatchObject({ type: 'idle' });
      await agent.heartbeat({ protocol: 1, type: 'heartbeat', deviceName: 'survivor', jobId: null });
    } finally {
      await coordinator.close();
    }
  });
});
