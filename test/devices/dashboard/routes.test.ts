// The dashboard's HTTP surface without a browser, on an in-process coordinator: the public page
// and its headers, login (wrong token, cross-origin, cookie flags), the state endpoint's
// authorisation (cookie, Bearer fleet token, device token, nothing), and logout's CSRF token.
import { describe, expect, it } from 'vitest';
import type { DashboardState } from '../../../devices/dashboard/state.ts';
import { useCoordinator } from '../helpers/file-coordinator.ts';
import { device } from '../helpers/fixtures.ts';
import { registerDevice } from '../helpers/register.ts';
import { cookiePair, login, send } from './http.ts';

const TOKEN = 'dash-token-123456';
const XSS = '<img src=x onerror=alert(1)>';
const c = useCoordinator('dash-routes', { token: TOKEN, heartbeatMs: 60_000 });

async function loggedIn(): Promise<{ cookie: string; csrfToken: string }> {
  const res = await login(c.url, TOKEN);
  expect(res.status).toBe(200);
  return { cookie: cookiePair(res.cookies[0]!), csrfToken: (res.json as { csrfToken: string }).csrfToken };
}

describe('the dashboard page', () => {
  it('is public, holds no token, and forbids inline script and framing', async () => {
    const res = await send(c.url, 'GET', '/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).not.toContain(TOKEN);
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a src
    expect(res.text).not.toMatch(/<style|\sstyle=/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.cookies).toEqual([]);
  });

  it('serves its script and stylesheet as separate files', async () => {
    const js = await send(c.url, 'GET', '/dashboard/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.text).toContain('/dashboard/api/state');
    expect(js.text).not.toContain('innerHTML');
    const css = await send(c.url, 'GET', '/dashboard/app.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });
});

describe('login', () => {
  it('refuses a wrong token (or a device token) with 401 and sets no cookie', async () => {
    const deviceToken = await registerDevice(c.url, TOKEN, device('dash-dev'));
    for (const token of ['wrong-token-123456', deviceToken]) {
      const res = await login(c.url, token);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ code: 'AUTH_FAILED' });
      expect(res.cookies).toEqual([]);
    }
  });

  it('sets an HttpOnly, SameSite=Strict session cookie that holds no token', async () => {
    const res = await login(c.url, TOKEN);
    expect(res.status).toBe(200);
    expect(res.cookies).toHaveLength(1);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatch(/^memnas_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // plain http here
    expect(cookie).not.toContain(TOKEN);
    expect(res.json).toMatchObject({ csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('marks the cookie Secure when the page was served over https', async () => {
    const host = new URL(c.url).host;
    const res = await login(c.url, TOKEN, { origin: `https://${host}` });
    expect(res.status).toBe(200);
    expect(res.cookies[0]).toContain('Secure');
  });

  it('refuses a login posted from another origin, even with the right token', async () => {
    for (const headers of [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await login(c.url, TOKEN, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json).toMatchObject({ code: 'FORBIDDEN' });
      expect(res.cookies).toEqual([]);
    }
  });

  it('takes JSON only: a form post (what another site can send without CORS) is refused', async () => {
    const res = await send(
      c.url,
      'POST',
      '/dashboard/login',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `token=${TOKEN}`,
    );
    expect(res.status).toBe(400);
    expect(res.cookies).toEqual([]);
  });
});

describe('the state endpoint', () => {
  it('answers 401 without a session or token, and 401 for an unknown session', async () => {
    expect((await send(c.url, 'GET', '/dashboard/api/state')).status).toBe(401);
    const forged = await send(c.url, 'GET', '/dashboard/api/state', { cookie: 'memnas_session=forged' });
    expect(forged.status).toBe(401);
    expect(forged.json).toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('takes the session cookie or the Bearer fleet token, not a device token', async () => {
    const deviceToken = await registerDevice(c.url, TOKEN, device(XSS, ['<b>t</b>']));
    const { cookie, csrfToken } = await loggedIn();
    const res = await send(c.url, 'GET', '/dashboard/api/state', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const state = res.json as DashboardState;
    expect(state.csrfToken).toBe(csrfToken);
    expect(state.devices.find((d) => d.name === XSS)).toMatchObject({
      tags: ['<b>t</b>'],
      online: true,
      runtime: 'ort-node 1.30.0',
      calibration: expect.stringContaining('not known here'),
    });
    expect(state).toMatchObject({ queue: [], results: [] });

    const bearer = await send(c.url, 'GET', '/dashboard/api/state', { authorization: `Bearer ${TOKEN}` });
    expect(bearer.status).toBe(200);
    expect((bearer.json as DashboardState).csrfToken).toBeUndefined();
    const asDevice = await send(c.url, 'GET', '/dashboard/api/state', {
      authorization: `Bearer ${deviceToken}`,
    });
    expect(asDevice.status).toBe(403);
  });
});

describe('logout', () => {
  it('needs the CSRF token and the same origin, then ends the session', async () => {
    const { cookie, csrfToken } = await loggedIn();
    const same = { cookie, origin: c.url };
    expect((await send(c.url, 'POST', '/dashboard/logout', same)).status).toBe(403);
    expect((await send(c.url, 'POST', '/dashboard/logout', { ...same, 'x-csrf-token': 'nope' })).status).toBe(
      403,
    );
    const cross = await send(c.url, 'POST', '/dashboard/logout', {
      cookie,
      origin: 'http://evil.example',
      'x-csrf-token': csrfToken,
    });
    expect(cross.status).toBe(403);
    expect((await send(c.url, 'GET', '/dashboard/api/state', { cookie })).status).toBe(200);

    const out = await send(c.url, 'POST', '/dashboard/logout', { ...same, 'x-csrf-token': csrfToken });
    expect(out.status).toBe(204);
    expect(out.cookies[0]).toMatch(/^memnas_session=; .*Max-Age=0/);
    expect((await send(c.url, 'GET', '/dashboard/api/state', { cookie })).status).toBe(401);
  });
});

describe('the rest of the API', () => {
  it('still takes the Bearer token only: a dashboard session does not open /api/v1', async () => {
    const { cookie } = await loggedIn();
    expect((await send(c.url, 'GET', '/api/v1/devices', { cookie })).status).toBe(401);
    expect((await send(c.url, 'GET', '/dashboard/nothing')).status).toBe(401);
  });
});
