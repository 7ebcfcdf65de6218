// For the phone tests: Debian's Chromium with a host-resolver rule that sends a .test name to
// 127.0.0.1 (so the page is at a non-localhost origin, as on a LAN), a Pixel 7 context (viewport,
// touch, user agent) with 4× CPU throttling, and https requests from Node that trust exactly the
// coordinator's self-signed certificate.
import { request } from 'node:https';
import { type Browser, type BrowserContext, devices, type Page } from 'playwright-core';
import { launchChromium } from '../../profiler-agent/browser/helpers.ts';

/** The name a phone would reach the coordinator by; Chromium resolves it to 127.0.0.1. */
export const PHONE_HOST = 'phone-fleet.test';

export function launchPhoneChromium(): Promise<Browser> {
  return launchChromium([`--host-resolver-rules=MAP ${PHONE_HOST} 127.0.0.1`]);
}

/** A phone: Pixel 7 viewport, touch and user agent; the self-signed certificate accepted. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ...devices['Pixel 7'], ignoreHTTPSErrors: true });
}

/** A new page in `context`, its CPU slowed `rate`× (4: a mid-range phone), its console kept in `log`. */
export async function phonePage(
  context: BrowserContext,
  label: string,
  log: string[],
  rate = 4,
): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => log.push(`[${label}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[${label}] page error: ${e.message}`));
  if (rate !== 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  }
  return page;
}

export interface HttpsReply {
  readonly status: number;
  readonly body: unknown;
}

/** One JSON request over https to 127.0.0.1, verifying the certificate against `ca` for `servername`. */
export function httpsJson(
  url: string,
  o: { ca: string; servername: string; method?: string; token?: string; body?: unknown },
): Promise<HttpsReply> {
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: o.method ?? 'GET',
        ca: o.ca,
        servername: o.servername,
        headers: {
          ...(o.token === undefined ? {} : { authorization: `Bearer ${o.token}` }),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text === '' ? null : (JSON.parse(text) as unknown) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
