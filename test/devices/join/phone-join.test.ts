// Expensive (~40–70 s, headless Chromium). Phones that join by QR over TLS, end to end: a
// coordinator serving https with a self-signed certificate (devices/tls/self-signed.ts), the
// agent page in headless Chromium under Pixel 7 emulation with 4× CPU throttling, at a
// non-localhost name (phone-fleet.test, mapped to 127.0.0.1 by a host-resolver rule). The page
// joins with a single-use join code in its fragment, is cross-origin isolated, profiles a model
// and evaluates images; its device credential gets 403 from the users' endpoints; a reused or
// expired code gets one line on the page. Over plain http at the same name the page says it is
// not isolated, and so do its results. Skipped visibly without Chromium.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorClient, profileOnCoordinator, runJob } from '../../../devices/client.ts';
import { type Coordinator, startCoordinator } from '../../../devices/coordinator.ts';
import { joinPagePath } from '../../../devices/routes/join.ts';
import { selfSignedCertificate, type TlsMaterial } from '../../../devices/tls/self-signed.ts';
import { parseProfileResult, type ProfileResult } from '../../../profiler-agent/protocol.ts';
import { mobileNetV2Stack } from '../../fixtures/onnx/public-architectures.ts';
import { imageBlob, nodeClasses, plainCnnModel } from '../../profiler-agent/browser/evaluate-fixture.ts';
import { HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE, waitUntilOnline } from '../../profiler-agent/browser/helpers.ts';
import { startTestCoordinator } from '../helpers/test-coordinator.ts';
import { httpsJson, launchPhoneChromium, PHONE_HOST, phoneContext, phonePage } from '../helpers/phone.ts';

const TOKEN = 'phone-fleet-token-123';
const IMAGES = 100;

if (!HAVE_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('phones joining by QR code over TLS', () => {
  const log: string[] = [];
  let tls: TlsMaterial;
  let secure: Coordinator;
  let plain: Coordinator;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let client: CoordinatorClient;
  const rejectUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

  const secureOrigin = (): string => `https://${PHONE_HOST}:${secure.port}`;
  const api = (path: string, o: { method?: string; token?: string; body?: unknown } = {}) =>
    httpsJson(`https://127.0.0.1:${secure.port}${path}`, { ...o, ca: tls.cert, servername: PHONE_HOST });

  beforeAll(async () => {
    tls = await selfSignedCertificate(':memory:', { dns: ['localhost', PHONE_HOST], ips: ['127.0.0.1'] });
    secure = await startCoordinator({
      port: 0,
      host: '127.0.0.1',
      dbPath: ':memory:',
      token: TOKEN,
      heartbeatMs: 2_000,
      idleRetryMs: 100,
      tls: { cert: tls.cert, key: tls.key },
      log: (l) => log.push(l),
    });
    plain = await startTestCoordinator(TOKEN, { log: (l) => log.push(l) });
    // The fleet-side client uses Node's fetch, which on Node 20 cannot be given one extra CA
    // (tls.setDefaultCACertificates is Node 22); httpsJson above verifies the certificate itself.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    client = new CoordinatorClient({ url: secure.url, token: TOKEN });
    browser = await launchPhoneChromium();
    phone = await phoneContext(browser);
  });

  afterAll(async () => {
    if (rejectUnauthorized === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = rejectUnauthorized;
    await browser?.close();
    await secure?.close();
    await plain?.close();
  });

  const failWithLog = (e: unknown): never => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${log.join('\n')}`, { cause: e });
  };

  it('joins with the QR code over https, isolated, under Pixel 7 emulation, and profiles', async () => {
    const code = secure.joinCodes.mint().code;
    page = await phonePage(phone, 'pixel', log);
    await page.goto(`${secureOrigin()}/agent#join=${code}&name=pixel-7`);
    await waitUntilOnline(client, 'pixel-7', log, 30_000);
    expect(page.url()).not.toContain(code); // the fragment is dropped from the address bar at once
    expect(await page.evaluate(() => navigator.userAgent)).toContain('Pixel 7');
    expect(await page.getAttribute('#clock', 'data-isolated')).toBe('true');
    const description = (await client.devices()).find((d) => d.name === 'pixel-7')!.description;
    expect(description.crossOriginIsolated).toBe(true);
    expect(description.timerResolutionMs).toBeGreaterThan(0);
    expect(description.timerResolutionMs).toBeLessThan(0.05); // isolated Chromium: 5 µs steps
    expect(description.tags).toEqual(['phone']);

    const result: ProfileResult = parseProfileResult(
      await profileOnCoordinator(mobileNetV2Stack().bytes, {
        coordinator: secure.url,
        token: TOKEN,
        device: 'pixel-7',
        batches: [1],
        runs: 10,
        warmup: 1,
        timeoutMs: 60_000,
      }).catch(failWithLog),
    );
    console.log(
      `pixel-7 (4x throttled, https, isolated, clock step ${(description.timerResolutionMs! * 1000).toFixed(1)} µs): p50 ${result.latencyMs.p50.toFixed(2)} ms, peak ${result.peakMemoryBytes} bytes`,
    );
    expect(result.device.crossOriginIsolated).toBe(true);
    expect(result.memory.method).toBe('wasm-heap');
    expect(result.notes.join('\n')).not.toContain('not cross-origin isolated');
  }, 60_000);

  it('evaluates images on the joined phone as onnxruntime-node classifies them', async () => {
    const model = plainCnnModel();
    const { blob, layout } = imageBlob(IMAGES);
    const expected = await nodeClasses(model, blob, layout);
    const { sha256 } = await client.uploadModel(model);
    const inputs = await client.uploadInputs(blob);
    // As `memnas deploy --device` submits it (devices/evaluate-client.ts), with a short profile.
    const profile = await runJob(
      client,
      {
        modelSha256: sha256,
        device: 'pixel-7',
        batches: [1],
        runs: 10,
        warmup: 1,
        evaluate: { sha256: inputs.sha256, dtype: layout.dtype, dims: [...layout.dims], scale: layout.scale },
      },
      { timeoutMs: 50_000 },
    ).catch(failWithLog);
    expect(profile.evaluation!.samples).toBe(IMAGES);
    const differ = expected.filter((c, i) => profile.evaluation!.predictions[i] !== c).length;
    expect(differ).toBeLessThanOrEqual(1);
    expect(profile.device.crossOriginIsolated).toBe(true);
  }, 60_000);

  it("keeps the device's credential across a reload, and it reaches only the agent endpoints", async () => {
    const credential = await page.evaluate(() => localStorage.getItem('memnas-agent-device'));
    const { deviceToken, name } = JSON.parse(credential!) as { deviceToken: string; name: string };
    expect(name).toBe('pixel-7');
    await page.reload();
    await page.waitForSelector('body[data-state="running"]');
    expect(await page.textContent('#status')).toContain("Connected as 'pixel-7'");

    const job = { device: 'pixel-7', modelSha256: 'a'.repeat(64), batches: [1] };
    const submit = await api('/api/v1/jobs', { method: 'POST', token: deviceToken, body: job });
    expect(submit.status).toBe(403);
    expect(submit.body).toMatchObject({ code: 'FORBIDDEN' });
    for (const path of ['/api/v1/jobs', '/api/v1/jobs/some-job', '/api/v1/devices', '/dashboard/api/state'])
      expect((await api(path, { token: deviceToken })).status, path).toBe(403);
    expect((await api('/api/v1/join-codes', { method: 'POST', token: deviceToken })).status).toBe(403);
    // The fleet token still does all of it; the certificate is valid for the phone's name.
    expect((await api('/api/v1/jobs', { token: TOKEN })).status).toBe(200);
  }, 30_000);

  it('refuses a reused or expired join code with one line on the page and a JSON 401', async () => {
    const used = secure.joinCodes.mint().code;
    expect((await api('/agent/join', { method: 'POST', body: { code: used, name: 'first' } })).status).toBe(
      200,
    );
    const expired = secure.joinCodes.mint(1).code;
    await new Promise((r) => setTimeout(r, 20));
    for (const [code, why] of [
      [used, /already used/],
      [expired, /expired/],
    ] as const) {
      const reply = await api('/agent/join', { method: 'POST', body: { code, name: 'second' } });
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(why) });
      const other = await phoneContext(browser); // a phone that never joined: nothing kept
      const p = await phonePage(other, 'refused', log, 1);
      await p.goto(`${secureOrigin()}${joinPagePath(code)}`);
      await p.waitForSelector('body[data-state="failed"]', { timeout: 20_000 });
      const status = (await p.textContent('#status'))!;
      expect(status).toMatch(why);
      expect(status).not.toContain('\n');
      await other.close();
    }
    expect((await client.devices()).some((d) => d.name === 'second')).toBe(false);
  }, 40_000);

  it('mints join codes for the fleet token at POST /api/v1/join-codes', async () => {
    const minted = await api('/api/v1/join-codes', {
      method: 'POST',
      token: TOKEN,
      body: { ttlSeconds: 60 },
    });
    expect(minted.status).toBe(201);
    const body = minted.body as { code: string; url: string; expiresAt: string };
    expect(body.url).toBe(`https://127.0.0.1:${secure.port}/agent#join=${body.code}`);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(secure.joinCodes.problem(body.code)).toBeNull();
  });

  it('over plain http at the same name reports that the page is not isolated, and its results say so', async () => {
    const code = plain.joinCodes.mint().code;
    // Unthrottled: this page is here for its isolation, not its speed.
    const p = await phonePage(await phoneContext(browser), 'plain', log, 1);
    await p.goto(`http://${PHONE_HOST}:${plain.port}${joinPagePath(code)}&name=pixel-http`);
    const plainClient = new CoordinatorClient({ url: plain.url, token: TOKEN });
    await waitUntilOnline(plainClient, 'pixel-http', log, 30_000);
    expect(await p.getAttribute('#clock', 'data-isolated')).toBe('false');
    const description = (await plainClient.devices()).find((d) => d.name === 'pixel-http')!.description;
    expect(description.crossOriginIsolated).toBe(false);
    const state = (await (
      await fetch(`${plain.url}/dashboard/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { devices: { name: string; platform: string }[] };
    expect(state.devices.find((d) => d.name === 'pixel-http')!.platform).toContain(
      'not cross-origin isolated',
    );
    const result = parseProfileResult(
      await profileOnCoordinator(mobileNetV2Stack().bytes, {
        coordinator: plain.url,
        token: TOKEN,
        device: 'pixel-http',
        batches: [1],
        runs: 10,
        warmup: 1,
        timeoutMs: 60_000,
      }).catch(failWithLog),
    );
    console.log(
      `pixel-http (plain http, not isolated): clock step ${(description.timerResolutionMs! * 1000).toFixed(1)} µs`,
    );
    expect(result.device.crossOriginIsolated).toBe(false);
    expect(result.notes.join('\n')).toContain('not cross-origin isolated');
  }, 60_000);
});
