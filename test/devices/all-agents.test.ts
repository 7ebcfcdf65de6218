// The fleet's acceptance test: one coordinator, and the same ONNX model profiled by all three
// kinds of agent — a Node agent process over HTTP, the browser agent page in headless Chromium,
// and a Node agent on a serial line (a socat pty pair standing in for the cable).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CoordinatorClient, profileOnCoordinator } from '../../devices/client.ts';
import type { Coordinator } from '../../devices/coordinator.ts';
import { startTestCoordinator } from './helpers/test-coordinator.ts';
import { openSerialBridge, type SerialBridge } from '../../devices/serial-bridge.ts';
import type { ProfileResult } from '../../profiler-agent/protocol.ts';
import { HAVE_CHROMIUM, launchChromium, NO_CHROMIUM_MESSAGE } from '../profiler-agent/browser/helpers.ts';
import { ptyPair, socatAvailable, type PtyPair } from '../profiler-agent/serial/helpers/socat.ts';
import { squeezeNetFire } from '../fixtures/onnx/public-architectures.ts';
import { spawnAgent, spawnTs, stopAll, waitFor } from './helpers/processes.ts';

const TOKEN = 'all-agents-token-0123';
const ready = HAVE_CHROMIUM && socatAvailable;
if (!ready)
  console.warn(
    `SKIPPED: needs Chromium and socat (apt-get install -y chromium socat). ${HAVE_CHROMIUM ? '' : NO_CHROMIUM_MESSAGE}`,
  );

describe.runIf(ready)('one model, three kinds of agent', () => {
  let c: Coordinator;
  let client: CoordinatorClient;
  let browser: Browser;
  let pty: PtyPair;
  let bridge: SerialBridge;

  beforeAll(async () => {
    c = await startTestCoordinator(TOKEN);
    client = new CoordinatorClient({ url: c.url, token: TOKEN });
    pty = await ptyPair();
    bridge = await openSerialBridge(c, { path: pty.a });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await bridge?.close();
    await pty?.close();
    await c?.close();
  });

  it('gets complete results from the Node, browser and serial agents', async () => {
    spawnAgent(c.url, TOKEN, 'node-1', ['fleet']);
    spawnTs('profiler-agent/agent-cli.ts', ['--serial', pty.b, '--name', 'serial-1', '--tags', 'fleet'], {
      MEMNAS_TOKEN: TOKEN,
    });
    const page = await browser.newPage();
    await page.goto(`${c.url}/agent?token=${TOKEN}&name=web-1&tags=fleet`);
    for (const name of ['node-1', 'serial-1', 'web-1']) {
      await waitFor(
        `${name} online`,
        async () => ((await client.devices()).some((d) => d.name === name && d.online) ? true : undefined),
        30_000,
      );
    }

    const model = squeezeNetFire().bytes;
    const results: Record<string, ProfileResult> = {};
    for (const device of ['node-1', 'serial-1', 'web-1']) {
      results[device] = await profileOnCoordinator(model, {
        coordinator: c.url,
        token: TOKEN,
        device,
        batches: [1, 2],
        runs: 50,
        warmup: 2,
        timeoutMs: 90_000,
      });
    }
    for (const [device, r] of Object.entries(results)) {
      expect(r.device.name, device).toBe(device);
      expect(r.modelSha256).toBe(results['node-1']!.modelSha256);
      expect(r.loadMs).toBeGreaterThan(0);
      for (const k of ['first', 'p50', 'p90', 'p99', 'mean', 'std'] as const)
        expect(r.latencyMs[k], `${device} ${k}`).toBeGreaterThanOrEqual(0);
      expect(r.latencyMs.p50).toBeLessThanOrEqual(r.latencyMs.p99);
      expect(r.memory.samples.map((s) => s.batch)).toEqual([1, 2]);
      expect(r.batches.every((b) => b.latenciesMs.length === 50)).toBe(true);
      expect(r.sessionOptions.intraOpNumThreads).toBe(1);
    }
    expect(results['node-1']!.runtime.name).toBe('ort-node');
    expect(results['serial-1']!.runtime.name).toBe('ort-node');
    expect(results['web-1']!.runtime.name).toBe('ort-web');
    expect(results['web-1']!.memory.method).toBe('wasm-heap');
    expect(results['node-1']!.peakMemoryBytes).toBeGreaterThan(0);
    await page.close();
  }, 240_000);
});
