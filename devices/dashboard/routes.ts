// The dashboard's routes, mounted before the Bearer-token check (devices/app.ts) because a
// browser cannot send that header on a page load: the page and its assets are public (they hold
// no data), login trades the fleet token for a session cookie, and the state endpoint takes that
// cookie or the Bearer fleet token. Login and logout pass the same-origin check; logout also
// needs the session's CSRF token.
import express, { type Request, type Response, Router } from 'express';
import { MemnasError } from '../../search/errors.ts';
import { callerOf, requireToken } from '../auth.ts';
import { type Credentials, requireFleet } from '../service/credentials.ts';
import type { JobService } from '../service/job-service.ts';
import { dashboardScript } from './assets.ts';
import { SESSION_COOKIE, readCookie, sessionCookie } from './cookies.ts';
import { DEFAULT_FAILURE_DELAY_MS, LoginThrottle } from './login-throttle.ts';
import { DASHBOARD_CSP, DASHBOARD_CSS, DASHBOARD_PATHS, dashboardHtml } from './page-html.ts';
import { crossOriginProblem } from './same-origin.ts';
import { DEFAULT_SESSION_MS, type Session, SessionStore, csrfMatches } from './sessions.ts';
import { dashboardState } from './snapshot.ts';

export interface DashboardOptions {
  readonly credentials: Pick<Credentials, 'identify'>;
  readonly jobs: JobService;
  /** How long a login lasts; default 12 h. */
  readonly sessionMs?: number;
  /** Delay before answering a wrong token; default 500 ms. */
  readonly failureDelayMs?: number;
}

/** Longest token the login form accepts (the fleet token is a few dozen characters). */
const MAX_TOKEN_LENGTH = 1_024;

function refuseCrossOrigin(req: Request): void {
  const problem = crossOriginProblem({
    origin: req.get('origin'),
    secFetchSite: req.get('sec-fetch-site'),
    host: req.get('host'),
  });
  if (problem !== null)
    throw new MemnasError('FORBIDDEN', `${problem}; log in from the dashboard page itself`);
}

/** Secure over https, including a TLS proxy the browser's Origin reveals. */
const isHttps = (req: Request): boolean => req.secure || (req.get('origin') ?? '').startsWith('https:');

function sendPage(res: Response): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.type('html').send(dashboardHtml());
}

function tokenOf(body: unknown): string {
  const token = (body as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH)
    throw new MemnasError('REQUEST_INVALID', 'send the fleet token as JSON: {"token": "..."}');
  return token;
}

export function dashboardRoutes(o: DashboardOptions): Router {
  const sessions = new SessionStore(o.sessionMs ?? DEFAULT_SESSION_MS);
  const throttle = new LoginThrottle();
  const script = dashboardScript();
  const bearer = requireToken(o.credentials);
  const sessionOf = (req: Request): Session | undefined =>
    sessions.get(readCookie(req.get('cookie'), SESSION_COOKIE));

  const router = Router();
  router.use(DASHBOARD_PATHS.page, (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.get(DASHBOARD_PATHS.page, (_req, res) => sendPage(res));
  router.get(DASHBOARD_PATHS.script, async (_req, res) => {
    res.type('text/javascript').send(await script());
  });
  router.get(DASHBOARD_PATHS.style, (_req, res) => {
    res.type('text/css').send(DASHBOARD_CSS);
  });

  router.post(DASHBOARD_PATHS.login, express.json({ limit: '4kb' }), login(o, sessions, throttle));

  router.post(DASHBOARD_PATHS.logout, (req, res) => {
    refuseCrossOrigin(req);
    const id = readCookie(req.get('cookie'), SESSION_COOKIE);
    const session = sessions.get(id);
    if (session !== undefined && !csrfMatches(session, req.get('x-csrf-token')))
      throw new MemnasError('FORBIDDEN', 'logging out needs the X-CSRF-Token header the login returned');
    sessions.delete(id);
    res.setHeader('Set-Cookie', sessionCookie('', { maxAgeSeconds: 0, secure: isHttps(req) }));
    res.status(204).end();
  });

  router.get(DASHBOARD_PATHS.state, (req, res) => {
    const session = sessionOf(req);
    if (session === undefined) {
      if (req.get('authorization') === undefined)
        throw new MemnasError(
          'AUTH_FAILED',
          'log in at /dashboard, or send Authorization: Bearer <fleet token>',
        );
      bearer(req, res, () => {});
      requireFleet(callerOf(res));
    }
    const state = dashboardState(o.jobs, Date.now());
    res.json(session === undefined ? state : { ...state, csrfToken: session.csrfToken });
  });
  return router;
}

/** POST /dashboard/login: same origin, not throttled, the fleet token → a fresh session cookie. */
function login(
  o: DashboardOptions,
  sessions: SessionStore,
  throttle: LoginThrottle,
): (req: Request, res: Response) => Promise<void> {
  const delayMs = o.failureDelayMs ?? DEFAULT_FAILURE_DELAY_MS;
  return async (req, res) => {
    refuseCrossOrigin(req);
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = throttle.waitSeconds(address);
    if (wait > 0)
      throw new MemnasError('AUTH_FAILED', `too many wrong tokens from this address; try again in ${wait} s`);
    const token = tokenOf(req.body);
    // Constant-time: Credentials compares sha256 digests with timingSafeEqual.
    if (o.credentials.identify(token)?.kind !== 'fleet') {
      throttle.fail(address);
      await new Promise((r) => setTimeout(r, delayMs));
      throw new MemnasError('AUTH_FAILED', 'wrong token: the dashboard takes the fleet token');
    }
    throttle.succeed(address);
    sessions.delete(readCookie(req.get('cookie'), SESSION_COOKIE)); // never keep a pre-login id
    const s = sessions.create();
    const maxAgeSeconds = (s.expiresAt - Date.now()) / 1000;
    res.setHeader('Set-Cookie', sessionCookie(s.id, { maxAgeSeconds, secure: isHttps(req) }));
    res.json({ csrfToken: s.csrfToken, expiresAt: new Date(s.expiresAt).toISOString() });
  };
}
