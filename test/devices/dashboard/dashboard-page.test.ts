// The dashboard end to end in headless Chromium (Debian's, driven by playwright-core; never a
// downloaded browser): log in with the fleet token, watch a real Node agent come online and a
// profiled model's result row appear by polling, check that a device named like an HTML tag is
// shown as text, and save a screenshot.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../../devices/client.ts';
import { HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE, launchChromium } from '../../profiler-agent/browser/helpers.ts';
import { useCoordinator } from '../helpers/file-coordinator.ts';
import { device, tinyModel } from '../helpers/fixtures.ts';
import { spawnAgent, stopAll, waitFor } from '../helpers/processes.ts';
import { registerDevice } from '../helpers/register.ts';

const TOKEN = 'dash-browser-token-123456';
const XSS = '<img src=x onerror=alert(1)>';
const XSS_TAG = '<b>bold</b>';
const c = useCoordinator('dash-browser', { token: TOKEN, heartbeatMs: 1_000, idleRetryMs: 100 });
const shots = mkdtempSync(join(tmpdir(), 'memnas-dash-shot-'));
let browser: Browser | undefined;

if (!HAVE_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

beforeAll(async () => {
  if (HAVE_CHROMIUM) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stopAll();
  rmSync(shots, { recursive: true, force: true });
});

describe.skipIf(!HAVE_CHROMIUM)('the dashboard in headless Chromium', () => {
  it(
    'logs in, shows a profiled model live, and renders device names as text',
    { timeout: 400_000 },
    async () => {
      await registerDevice(c.url, TOKEN, device(XSS, [XSS_TAG]));
      const page = await browser!.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${c.url}/dashboard`);
      await page.locator('#login-form').waitFor();
      await page.fill('#token', 'wrong-token-123456');
      await page.click('#login-form button[type=submit]');
      await expect.poll(() => page.textContent('#login-error')).toContain('wrong token');
      await page.fill('#token', TOKEN);
      await page.click('#login-form button[type=submit]');
      await page.locator('#board').waitFor();
      expect(await page.context().cookies()).toEqual([
        expect.objectContaining({ name: 'memnas_session', httpOnly: true, sameSite: 'Strict' }),
      ]);
      expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: out of the script's reach

      spawnAgent(c.url, TOKEN, 'dash-agent', ['e2e']);
      await page.locator('#devices td', { hasText: 'dash-agent' }).waitFor({ timeout: 120_000 });
      const client = new CoordinatorClient({ url: c.url, token: TOKEN });
      await waitFor('dash-agent online', async () =>
        (await client.devices()).some((d) => d.name === 'dash-agent' && d.online) ? true : undefined,
      );
      const { sha256 } = await client.uploadModel(tinyModel());
      const { id } = await client.submitJob({
        modelSha256: sha256,
        device: 'dash-agent',
        batches: [1, 2],
        runs: 20,
        warmup: 2,
      });
      const row = page.locator(`#results tr[data-job="${id}"]`);
      await row.waitFor({ timeout: 180_000 });
      const cells = await row.locator('td').allTextContents();
      expect(cells[0]).toBe(id);
      expect(cells[1]).toBe(sha256.slice(0, 12));
      expect(cells[2]).toBe('dash-agent');
      expect(cells[3]).toMatch(/^\d+\.\d KB$/);
      expect(cells[4]).toMatch(/^\d+\.\d{3} ms \(batch 1\)$/);

      // The hostile name and tag are text: no element was made from them, no script ran.
      const names = await page.locator('#devices tbody tr td:first-child').allTextContents();
      expect(names).toContain(XSS);
      expect(await page.locator('#devices tbody').innerText()).toContain(XSS_TAG);
      expect(await page.locator('#devices img, #devices b').count()).toBe(0);
      expect(dialogs).toEqual([]);

      const file = join(shots, 'dashboard.png');
      await page.screenshot({ path: file, fullPage: true });
      const png = readFileSync(file);
      expect(png.byteLength).toBeGreaterThan(1_000);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      await page.close();
    },
  );
});
