// Expensive (~20–30 s, headless Chromium). The browser agent's evaluate job end to end: a
// coordinator in this process, the agent page in headless Chromium (Debian's, through
// playwright-core), an evaluate job submitted as `memnas deploy --device` submits it
// (devices/evaluate-client.ts), onnxruntime-web classifying in the page; its classes must be
// onnxruntime-node's for the same images, image by image. Skipped visibly without Chromium.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../../devices/client.ts';
import type { Coordinator } from '../../../devices/coordinator.ts';
import { startTestCoordinator } from '../../devices/helpers/test-coordinator.ts';
import { evaluateOnCoordinator } from '../../../devices/evaluate-client.ts';
import {
  agentOrigin,
  HAVE_CHROMIUM,
  launchChromium,
  NO_CHROMIUM_MESSAGE,
  type PageOrigin,
  waitUntilOnline,
} from './helpers.ts';
import { imageBlob, nodeClasses, nodeMargin, plainCnnModel } from './evaluate-fixture.ts';

const TOKEN = 'browser-evaluate-token-123';
const IMAGES = 2000;

if (!HAVE_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('evaluate jobs on the browser agent in headless Chromium', () => {
  const log: string[] = [];
  let coordinator: Coordinator;
  let origin: PageOrigin;
  let browser: Browser;

  beforeAll(async () => {
    coordinator = await startTestCoordinator(TOKEN, { log: (l) => log.push(l) });
    origin = await agentOrigin(coordinator.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await coordinator?.close();
  });

  it("classifies every image as onnxruntime-node does and returns the page's profile", async () => {
    const client = new CoordinatorClient({ url: coordinator.url, token: TOKEN });
    const page = await browser.newPage();
    page.on('console', (m) => log.push(`[page] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[page] page error: ${e.message}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin.url}/agent?token=${TOKEN}&name=chromium-eval&tags=web`);
    await waitUntilOnline(client, 'chromium-eval', log);

    const model = plainCnnModel();
    const { blob, layout } = imageBlob(IMAGES);
    const nodeStarted = performance.now();
    const expected = await nodeClasses(model, blob, layout);
    const nodeMs = performance.now() - nodeStarted;
    const started = performance.now();
    let run;
    try {
      run = await evaluateOnCoordinator(
        model,
        { ...layout, dims: [...layout.dims], bytes: blob },
        { coordinator: coordinator.url, token: TOKEN, device: 'chromium-eval', timeoutMs: 50_000 },
      );
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n${log.join('\n')}`, { cause: e });
    }
    const { evaluation, profile } = run;
    const seconds = evaluation.inferenceMs / 1000;
    console.log(
      `browser evaluate: ${evaluation.samples} images 28×28 in ${evaluation.inferenceMs.toFixed(0)} ms ` +
        `(${(evaluation.samples / seconds).toFixed(0)} images/s, batches of ${evaluation.batch}); ` +
        `whole job with profile ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `onnxruntime-node in this process ${((IMAGES / nodeMs) * 1000).toFixed(0)} images/s (load included); ` +
        `${new Set(expected).size} distinct classes, ${expected.filter((c, i) => evaluation.predictions[i] !== c).length} disagreements`,
    );

    expect(profile.device.name).toBe('chromium-eval');
    expect(profile.runtime.name).toBe('ort-web');
    expect(profile.memory.method).toBe('wasm-heap');
    expect(evaluation.samples).toBe(IMAGES);
    expect(evaluation.predictions).toHaveLength(IMAGES);
    expect(new Set(expected).size).toBeGreaterThanOrEqual(3); // a test that every answer could pass is none
    // Image by image. A disagreement is only excused on a near tie under onnxruntime-node (the
    // wasm kernels sum in another order), and there may be a handful at most.
    const differ = expected.flatMap((c, i) => (evaluation.predictions[i] === c ? [] : [i]));
    for (const i of differ) expect(await nodeMargin(model, blob, i), `image ${i}`).toBeLessThan(1e-4);
    expect(differ.length).toBeLessThanOrEqual(2);

    // onnxruntime-web came from the page's own origin, never from a CDN.
    const ortFiles = requests.filter((u) => /ort[.-]/.test(new URL(u).pathname));
    expect(ortFiles.length).toBeGreaterThan(0);
    for (const u of ortFiles) expect(new URL(u).origin).toBe(origin.url);
    expect(await page.textContent('#log')).toContain(`evaluate: ${IMAGES} of ${IMAGES} samples classified`);
    await page.close();
  }, 60_000);
});
