// Joining without a browser: POST /agent/join trades a single-use join code for a device token
// bound to the name; that token registers under the name once (then it is stored like any
// device token), speaks for that device only, and gets 403 from every users' endpoint. Reused,
// expired and unknown codes get 401 with a one-line JSON error; a taken name leaves the code
// usable; an address that sends too many refused codes is refused for a while.
import { describe, expect, it } from 'vitest';
import { startTestCoordinator } from '../helpers/test-coordinator.ts';
import { HTTP_PATHS } from '../../../profiler-agent/protocol-http.ts';
import { PROTOCOL_VERSION } from '../../../profiler-agent/protocol.ts';
import { device } from '../helpers/fixtures.ts';
import { postJson, raw } from '../helpers/http.ts';
import { JoinCodes } from '../../../devices/join/join-codes.ts';
import { MAX_FAILURES } from '../../../devices/dashboard/login-throttle.ts';

const TOKEN = 'join-route-token-123';

const register = (base: string, token: string, name: string) =>
  postJson(base, HTTP_PATHS.register, token, {
    protocol: PROTOCOL_VERSION,
    type: 'register',
    device: device(name, ['phone']),
    agentVersion: 'test',
  });
const join = (base: string, body: unknown) =>
  raw(base, 'POST', '/agent/join', { contentType: 'application/json', body: JSON.stringify(body) });

describe('POST /agent/join', () => {
  it('trades a code for a device token that registers once under its name and reaches only agent endpoints', async () => {
    const c = await startTestCoordinator(TOKEN);
    try {
      const code = c.joinCodes.mint().code;
      const joined = await join(c.url, { code, name: 'phone-1' });
      expect(joined.status).toBe(200);
      expect(joined.headers['cache-control']).toBe('no-store');
      const { deviceToken, name } = joined.json as { deviceToken: string; name: string };
      expect(name).toBe('phone-1');
      // Another name with it: 403, as for any device token.
      expect((await register(c.url, deviceToken, 'phone-2')).status).toBe(403);
      const first = await register(c.url, deviceToken, 'phone-1');
      expect(first.status).toBe(200);
      expect((first.json as { deviceToken?: string }).deviceToken).toBeUndefined(); // it keeps its own
      // Stored now: it registers again (a page reload) and polls as the device.
      expect((await register(c.url, deviceToken, 'phone-1')).status).toBe(200);
      const poll = { protocol: PROTOCOL_VERSION, type: 'poll', deviceName: 'phone-1' };
      expect((await postJson(c.url, HTTP_PATHS.poll, deviceToken, poll)).json).toMatchObject({
        type: 'idle',
      });
      const job = { modelSha256: 'a'.repeat(64), device: 'phone-1', batches: [1] };
      expect((await postJson(c.url, HTTP_PATHS.jobs, deviceToken, job)).status).toBe(403);
      for (const path of [
        HTTP_PATHS.jobs,
        `${HTTP_PATHS.jobs}/x`,
        HTTP_PATHS.devices,
        '/dashboard/api/state',
      ])
        expect((await raw(c.url, 'GET', path, { token: deviceToken })).status, path).toBe(403);
      expect((await postJson(c.url, '/api/v1/join-codes', deviceToken, {})).status).toBe(403);
      expect(
        (await raw(c.url, 'GET', '/api/v1/models/' + 'a'.repeat(64), { token: deviceToken })).status,
      ).toBe(404);
    } finally {
      await c.close();
    }
  });

  it('refuses reused, expired and unknown codes with 401 and one line, and a taken name without spending the code', async () => {
    const c = await startTestCoordinator(TOKEN);
    try {
      const code = c.joinCodes.mint().code;
      await register(c.url, TOKEN, 'taken'); // online under the fleet-issued credential
      const taken = await join(c.url, { code, name: 'taken' });
      expect(taken.status).toBe(409);
      expect(taken.json).toMatchObject({ code: 'DEVICE_NAME_TAKEN' });
      expect((await join(c.url, { code, name: 'free' })).status).toBe(200); // the code survived the 409
      const cases: [string, RegExp][] = [
        [code, /already used/],
        [c.joinCodes.mint(1).code, /expired/],
        ['never-issued', /not one this coordinator issued/],
      ];
      await new Promise((r) => setTimeout(r, 10));
      for (const [bad, why] of cases) {
        const r = await join(c.url, { code: bad, name: 'again' });
        expect(r.status).toBe(401);
        const body = r.json as { code: string; message: string };
        expect(body.code).toBe('AUTH_FAILED');
        expect(body.message).toMatch(why);
        expect(body.message).not.toContain('\n');
      }
      expect((await join(c.url, { name: 'x' })).status).toBe(400);
      expect((await join(c.url, { code: c.joinCodes.mint().code, name: '' })).status).toBe(400);
    } finally {
      await c.close();
    }
  }, 20_000);

  it('refuses an address that sent too many refused codes, the right code included', async () => {
    const c = await startTestCoordinator(TOKEN);
    try {
      const attempts = Array.from({ length: MAX_FAILURES }, () => join(c.url, { code: 'guess', name: 'g' }));
      expect((await Promise.all(attempts)).every((r) => r.status === 401)).toBe(true);
      const r = await join(c.url, { code: c.joinCodes.mint().code, name: 'g' });
      expect(r.status).toBe(401);
      expect((r.json as { message: string }).message).toMatch(
        /too many refused join codes.*try again in \d+ s/,
      );
    } finally {
      await c.close();
    }
  }, 20_000);
});

describe('POST /api/v1/join-codes', () => {
  it('mints codes for the fleet token only, with a lifetime it may choose', async () => {
    const c = await startTestCoordinator(TOKEN);
    try {
      const minted = await postJson(c.url, '/api/v1/join-codes', TOKEN, { ttlSeconds: 30 });
      expect(minted.status).toBe(201);
      const body = minted.json as { code: string; expiresAt: string; path: string; url: string };
      expect(body.path).toBe(`/agent#join=${body.code}`);
      expect(body.url).toBe(`${c.url}/agent#join=${body.code}`);
      expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(25_000);
      expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
      expect((await raw(c.url, 'POST', '/join-codes', { token: TOKEN })).status).toBe(201);
      expect((await postJson(c.url, '/api/v1/join-codes', TOKEN, { ttlSeconds: 0 })).status).toBe(400);
      expect((await raw(c.url, 'POST', '/api/v1/join-codes')).status).toBe(401);
    } finally {
      await c.close();
    }
  });
});

describe('JoinCodes', () => {
  it('lasts its lifetime, is spent once, and says which of those refused it', () => {
    let now = 1_000_000;
    const codes = new JoinCodes(600_000, () => now);
    const a = codes.mint();
    expect(a.expiresAt).toBe(now + 600_000);
    expect(codes.problem(a.code)).toBeNull();
    codes.spend(a.code);
    expect(codes.problem(a.code)).toMatch(/already used/);
    expect(() => codes.spend(a.code)).toThrow(/already used/);
    const b = codes.mint();
    now += 600_000;
    expect(codes.problem(b.code)).toMatch(/expired/);
    expect(codes.mint().code).not.toBe(b.code);
  });
});
