// The browser agent end to end: a coordinator in this process, the agent page in headless
// Chromium (Debian's, through playwright-core), real onnxruntime-web measuring real ONNX models
// built in the repo. Skipped, with a visible message, where /usr/bin/chromium is absent.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CoordinatorClient,
  profileOnCoordinator,
  type ProfileOnCoordinatorOptions,
} from '../../../devices/client.ts';
import type { Coordinator } from '../../../devices/coordinator.ts';
import { startTestCoordinator } from '../../devices/helpers/test-coordinator.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../../profiler-agent/defaults.ts';
import { parseProfileResult, type ProfileResult } from '../../../profiler-agent/protocol.ts';
import { mobileNetV2Stack } from '../../fixtures/onnx/public-architectures.ts';
import { wideActivationModel } from '../fixtures.ts';
import {
  agentOrigin,
  HAVE_CHROMIUM,
  launchChromium,
  NO_CHROMIUM_MESSAGE,
  type PageOrigin,
  waitUntilOnline,
} from './helpers.ts';

const TOKEN = 'browser-agent-token-123';
const ORT_VERSION = (
  JSON.parse(
    readFileSync(new URL('../../../node_modules/onnxruntime-web/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;

if (!HAVE_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('the browser agent in headless Chromium', () => {
  const log: string[] = [];
  let coordinator: Coordinator;
  let origin: PageOrigin;
  let browser: Browser;
  let client: CoordinatorClient;

  beforeAll(async () => {
    coordinator = await startTestCoordinator(TOKEN, { log: (l) => log.push(l) });
    client = new CoordinatorClient({ url: coordinator.url, token: TOKEN });
    origin = await agentOrigin(coordinator.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await coordinator?.close();
  });

  async function open(name: string, query: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (m) => log.push(`[${name}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[${name}] page error: ${e.message}`));
    await page.goto(`${origin.url}/agent${query}`);
    return page;
  }

  async function openAgent(name: string, tags: string): Promise<Page> {
    const page = await open(name, `?token=${TOKEN}&name=${name}&tags=${tags}`);
    await waitUntilOnline(client, name, log);
    return page;
  }

  async function profile(
    model: Uint8Array,
    device: string,
    options: Partial<ProfileOnCoordinatorOptions>,
  ): Promise<ProfileResult> {
    try {
      return parseProfileResult(
        await profileOnCoordinator(model, {
          coordinator: coordinator.url,
          token: TOKEN,
          device,
          timeoutMs: 80_000,
          ...options,
        }),
      );
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n${log.join('\n')}`, { cause: e });
    }
  }

  it('registers with the browser description and profiles a small model completely', async () => {
    const page = await openAgent('chromium-1', 'web,test');
    expect(page.url()).not.toContain('token='); // moved out of the address bar at once
    const registered = (await client.devices()).find((d) => d.name === 'chromium-1')!;
    const agentDevice = await page.evaluate(() => ({
      cores: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
      isolated: crossOriginIsolated,
    }));
    expect(agentDevice.isolated).toBe(true);
    expect(registered.description).toMatchObject({
      name: 'chromium-1',
      tags: ['web', 'test'],
      cpuModel: `browser: ${agentDevice.userAgent}`,
      cores: agentDevice.cores,
      arch: 'wasm32',
      os: 'Linux',
      runtime: { name: 'ort-web', version: ORT_VERSION },
      sessionOptions: DEFAULT_SESSION_OPTIONS,
    });

    const fixture = mobileNetV2Stack();
    const result = await profile(fixture.bytes, 'chromium-1', { batches: [1, 8], runs: 50, warmup: 5 });
    console.log(
      `mobilenet-v2-stack in Chromium: load ${result.loadMs.toFixed(1)} ms, first ${result.latencyMs.first.toFixed(2)} ms, p50 ${result.latencyMs.p50.toFixed(3)} ms, p99 ${result.latencyMs.p99.toFixed(3)} ms; memory peaks ${JSON.stringify(result.memory.samples)}`,
    );
    expect(result.device).toEqual(registered.description);
    expect(result.runtime).toEqual({ name: 'ort-web', version: ORT_VERSION });
    expect(result.sessionOptions).toEqual(DEFAULT_SESSION_OPTIONS);
    expect(result.memory.method).toBe('wasm-heap');
    expect(result.runs).toBe(50);
    expect(result.warmup).toBe(5);
    expect(result.latencyBatch).toBe(1);
    expect(result.batches.map((b) => b.batch)).toEqual([1, 8]);
    for (const b of result.batches) {
      expect(b.latenciesMs).toHaveLength(50);
      expect(b.loadMs).toBeGreaterThan(0);
      expect(b.latencyMs.first).toBeGreaterThan(0);
      expect(b.latencyMs.p50).toBeGreaterThan(0);
      // The heap's high-water mark lies inside ort-web's initial 16 MiB memory, which the stack
      // (a few hundred KB of activations per sample) need not grow at batch 1 and 8.
      expect(b.baselineBytes).toBeGreaterThan(0);
      expect(b.baselineBytes).toBeLessThan(16 * 2 ** 20);
      expect(b.loadPeakBytes!).toBeGreaterThan(fixture.bytes.byteLength);
      expect(b.runPeakBytes!).toBeGreaterThan(b.loadPeakBytes!);
      expect(b.peakBytes).toBe(b.runPeakBytes);
      expect(b.reservedPeakBytes).toBeGreaterThanOrEqual(0);
    }
    expect(result.batches[1]!.peakBytes).toBeGreaterThan(result.batches[0]!.peakBytes);
    expect(result.batches[1]!.latencyMs.p50).toBeGreaterThan(result.batches[0]!.latencyMs.p50);
    expect(result.memory.samples).toHaveLength(2);
    expect(result.memory.fit).not.toBeNull();
    expect(result.notes.join('\n')).toContain('highest byte onnxruntime-web ever wrote');
    await page.close();
  });

  it('measures higher latency under 4x CPU throttling through the DevTools protocol', async () => {
    const page = await openAgent('chromium-throttle', 'web');
    const model = mobileNetV2Stack().bytes;
    const job = { batches: [16], runs: 50, warmup: 5 };
    const normal = await profile(model, 'chromium-throttle', job);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const slow = await profile(model, 'chromium-throttle', job);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    // The unthrottled fastest run is the floor other load on this machine cannot lower. The
    // throttle suspends the page's thread for 3/4 of the time in slices longer than one short
    // run, so a throttled run can slip through untouched: compare the runs' plain median
    // (runsP50), not a minimum — nor p50, the median of block minimums, which such runs set.
    const fastest = (r: ProfileResult): number => Math.min(...r.batches[0]!.latenciesMs);
    const median = (r: ProfileResult): number => r.latencyMs.runsP50!;
    console.log(
      `mobilenet-v2-stack batch 16: runs' median ${median(normal).toFixed(2)} → ${median(slow).toFixed(2)} ms, ` +
        `p50 ${normal.latencyMs.p50.toFixed(2)} → ${slow.latencyMs.p50.toFixed(2)} ms, ` +
        `fastest run ${fastest(normal).toFixed(2)} → ${fastest(slow).toFixed(2)} ms at 4x CPU throttling`,
    );
    expect(median(slow)).toBeGreaterThan(median(normal));
    expect(median(slow)).toBeGreaterThan(2 * fastest(normal));
    await page.close();
  });

  it('follows the heap high-water mark from batch 1 up to batches that grow the memory', async () => {
    const page = await openAgent('chromium-memory', 'web');
    // 8×32×32 in, 64 channels in the middle: 256 KiB of activation per sample, 32 KiB in and out.
    const result = await profile(wideActivationModel(), 'chromium-memory', {
      batches: [1, 32, 128],
      runs: 10,
      warmup: 2,
    });
    console.log(
      `wide-activation model: memory peaks ${JSON.stringify(result.memory.samples)}, ${result.memory.perSampleBytes} bytes per sample`,
    );
    const [small, mid, large] = result.memory.samples;
    expect(small!.peakBytes).toBeGreaterThan(256 * 1024);
    expect(mid!.peakBytes).toBeGreaterThan(small!.peakBytes);
    expect(large!.peakBytes).toBeGreaterThan(mid!.peakBytes);
    // 128 samples × 256 KiB outgrow the initial 16 MiB: the memory was reserved in steps above it.
    expect(result.batches[2]!.reservedPeakBytes!).toBeGreaterThan(0);
    expect(result.memory.perSampleBytes!).toBeGreaterThan(256 * 1024);
    expect(result.memory.perSampleBytes!).toBeLessThan(1024 * 1024);
    await page.close();
  });

  it('asks for the token and name when they are missing, and again when the token is wrong', async () => {
    const blank = await open('blank', '');
    await blank.waitForSelector('body[data-state="needs-input"] form#connect:not([hidden])');
    await blank.close();
    const wrong = await open('wrong', '?token=not-the-token&name=intruder');
    await wrong.waitForSelector('body[data-state="needs-input"]', { timeout: 20_000 });
    expect(await wrong.textContent('#status')).toMatch(/refused the token/);
    expect(await wrong.inputValue('input[name="name"]')).toBe('intruder');
    expect((await client.devices()).some((d) => d.name === 'intruder')).toBe(false);
    await wrong.close();
  });
});
