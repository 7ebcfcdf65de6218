// Shared by the browser agent tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser), a coordinator in this process, and the origin that serves the agent page.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type Browser, chromium } from 'playwright-core';
import type { TargetOptions } from '../../../app/calibrate/target.ts';
import { mountBrowserAgent } from '../../../devices/browser-agent-route.ts';
import type { CoordinatorClient } from '../../../devices/client.ts';
import { HTTP_PATHS } from '../../../profiler-agent/protocol-http.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE = `SKIPPED: the browser agent tests need Debian's Chromium at ${CHROMIUM} (apt-get install -y chromium); it is not installed`;

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface PageOrigin {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Where the agent page is served, on the same origin as the coordinator's API (the page calls
 * it with fetch, and the coordinator sends no CORS headers): the coordinator itself once it
 * mounts the page (mountBrowserAgent in devices/app.ts), else a front server in this process
 * that serves the page and forwards everything else to the coordinator unchanged.
 */
export async function agentOrigin(coordinatorUrl: string): Promise<PageOrigin> {
  const direct = await fetch(new URL(HTTP_PATHS.agentPage, coordinatorUrl));
  if (direct.ok && (direct.headers.get('content-type') ?? '').startsWith('text/html'))
    return { url: coordinatorUrl, close: async () => {} };

  const app = express();
  mountBrowserAgent(app);
  app.use(express.raw({ type: () => true, limit: '64mb' }), async (req, res) => {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type']) {
      const value = req.get(name);
      if (value !== undefined) headers[name] = value;
    }
    const body =
      Buffer.isBuffer(req.body) && req.method !== 'GET' && req.method !== 'HEAD'
        ? new Uint8Array(req.body)
        : undefined;
    const upstream = await fetch(new URL(req.originalUrl, coordinatorUrl), {
      method: req.method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    res.status(upstream.status);
    const type = upstream.headers.get('content-type');
    if (type !== null) res.type(type);
    res.send(Buffer.from(await upstream.arrayBuffer()));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the coordinator lists `name` online (a page registered), or throws with the log. */
export async function waitUntilOnline(
  client: CoordinatorClient,
  name: string,
  log: readonly string[],
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await client.devices()).some((d) => d.name === name && d.online)) {
    if (Date.now() > deadline) throw new Error(`the page never registered '${name}':\n${log.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RunningBrowserAgent {
  /** The coordinator's URL and token, for `openTarget` / CoordinatorClient. */
  readonly url: string;
  readonly token: string;
  /** The device name the page registered under. */
  readonly device: string;
  /** What `openTarget` takes to calibrate or profile this agent. */
  readonly target: TargetOptions;
  close(): Promise<void>;
}

/**
 * A coordinator in this process (in-memory database) and one browser agent page in headless
 * Chromium registered with it, online: what a calibration or a benchmark of the browser agent
 * needs.
 */
export async function startBrowserAgent(device = 'web-1'): Promise<RunningBrowserAgent> {
  const { startCoordinator } = await import('../../../devices/coordinator.ts');
  const { CoordinatorClient } = await import('../../../devices/client.ts');
  const token = 'browser-agent-token';
  const c = await startCoordinator({
    port: 0,
    host: '127.0.0.1',
    dbPath: ':memory:',
    token,
    heartbeatMs: 5_000,
    idleRetryMs: 100,
    log: () => {},
  });
  const origin = await agentOrigin(c.url);
  const browser = await launchChromium();
  const log: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => log.push(m.text()));
    await page.goto(`${origin.url}/agent?token=${token}&name=${device}&tags=web`);
    await waitUntilOnline(new CoordinatorClient({ url: c.url, token }), device, log, 30_000);
  } catch (e) {
    await browser.close();
    await origin.close();
    await c.close();
    throw e;
  }
  return {
    url: c.url,
    token,
    device,
    target: { device, coordinator: c.url, token },
    close: async () => {
      await browser.close();
      await origin.close();
      await c.close();
    },
  };
}
