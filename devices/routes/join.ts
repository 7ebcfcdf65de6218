// Joining by QR code over HTTP. POST /agent/join is public (a phone has nothing but the code):
// {code, name} → {name, deviceToken}, the code spent; failed attempts are counted per address
// and slowed like the dashboard's login. POST /api/v1/join-codes (alias /join-codes) takes the
// fleet token and mints a code: {ttlSeconds?} → {code, expiresAt, path, url}.
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { MemnasError } from '../../search/errors.ts';
import { callerOf } from '../auth.ts';
import { jsonBody } from '../json-body.ts';
import { DEFAULT_FAILURE_DELAY_MS, LoginThrottle } from '../dashboard/login-throttle.ts';
import { type JoinCodes, MAX_JOIN_CODE_TTL_MS } from '../join/join-codes.ts';
import type { AgentGate } from '../service/agent-gate.ts';
import { requireFleet } from '../service/credentials.ts';
import { jsonObject } from './body.ts';

export const JOIN_PATHS = Object.freeze({
  /** POST {code, name} → {name, deviceToken}; public. */
  join: '/agent/join',
  /** POST {ttlSeconds?} → a fresh join code; fleet token only. */
  codes: '/api/v1/join-codes',
  /** The same, shorter. */
  codesAlias: '/join-codes',
});

/** The agent page's address for `code`: in the fragment, which browsers never send to a server. */
export function joinPagePath(code: string): string {
  return `/agent#join=${encodeURIComponent(code)}`;
}

const joinBody = z.object({
  code: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200, 'is too long'),
  name: z.string({ error: 'must be a string' }),
});

const mintBody = z.object({
  ttlSeconds: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_JOIN_CODE_TTL_MS / 1000, `must be at most ${MAX_JOIN_CODE_TTL_MS / 1000} (a day)`)
    .optional(),
});

function parsed<T>(schema: z.ZodType<T>, body: unknown, example: string): T {
  const r = schema.safeParse(jsonObject(body));
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new MemnasError(
    'REQUEST_INVALID',
    `'${issue.path.join('.')}' ${issue.message}: send JSON like ${example}`,
  );
}

export interface JoinRouteOptions {
  /** Delay before answering a refused code; default 500 ms, as the dashboard's login. */
  readonly failureDelayMs?: number;
}

/** POST /agent/join, mounted before the Bearer-token check: the code is the credential. */
export function joinRoute(gate: AgentGate, codes: JoinCodes, o: JoinRouteOptions = {}): Router {
  const throttle = new LoginThrottle();
  const delayMs = o.failureDelayMs ?? DEFAULT_FAILURE_DELAY_MS;
  const router = Router();
  router.post(JOIN_PATHS.join, jsonBody(4 * 1024), async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = throttle.waitSeconds(address);
    if (wait > 0)
      throw new MemnasError(
        'AUTH_FAILED',
        `too many refused join codes from this address; try again in ${wait} s`,
      );
    const { code, name } = parsed(joinBody, req.body, '{"code": "...", "name": "pixel-7"}');
    const problem = codes.problem(code);
    if (problem !== null) {
      throttle.fail(address);
      await new Promise((r) => setTimeout(r, delayMs));
      throw new MemnasError('AUTH_FAILED', problem);
    }
    // A taken or bad name refuses the join without spending the code: pick another name, retry.
    const deviceToken = gate.join(name.trim());
    codes.spend(code);
    throttle.succeed(address);
    res.json({ name: name.trim(), deviceToken });
  });
  return router;
}

/** POST /api/v1/join-codes (and /join-codes), behind the Bearer-token check: fleet token only. */
export function joinCodeRoutes(codes: JoinCodes): Router {
  const router = Router();
  router.post([JOIN_PATHS.codes, JOIN_PATHS.codesAlias], (req, res) => {
    requireFleet(callerOf(res));
    const body = req.body === undefined ? {} : req.body;
    const { ttlSeconds } = parsed(mintBody, body, '{"ttlSeconds": 600}');
    const minted = codes.mint(ttlSeconds === undefined ? undefined : ttlSeconds * 1000);
    const path = joinPagePath(minted.code);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({
      code: minted.code,
      expiresAt: new Date(minted.expiresAt).toISOString(),
      path,
      // The address the minter reached this coordinator at: the one to show a phone on its network.
      url: `${req.protocol}://${req.get('host') ?? 'localhost'}${path}`,
    });
  });
  return router;
}
