// The deploy bundle's index.html in headless Chromium (Debian's, through playwright-core): served
// with onnxruntime-web's files placed in ort/ as the bundle README says, it must classify samples
// exactly as onnxruntime-node does, and fetch nothing from outside its own origin.
import { mkdirSync, mkdtempSync, copyFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFiles } from '../../../app/deploy/bundle.ts';
import { ORT_WEB_FILES } from '../../../app/deploy/runner-templates.ts';
import { writeDirAtomic } from '../../../app/deploy/write-dir-atomic.ts';
import { OnnxModelBuilder, attr } from '../../../exporter/onnx/model-builder.ts';
import { evaluateModel } from '../../../profiler-agent/evaluate/run-evaluate.ts';
import { describeLocalDevice } from '../../../profiler-agent/local.ts';
import {
  CHROMIUM,
  HAVE_CHROMIUM,
  launchChromium,
  NO_CHROMIUM_MESSAGE,
} from '../../profiler-agent/browser/helpers.ts';

/** Pixel p of an 8×8 image lies in region k: 0 top half, 1 left half, 2 checkerboard. */
const inRegion = (k: number, p: number): boolean =>
  k === 0 ? p >> 3 < 4 : k === 1 ? (p & 7) < 4 : ((p >> 3) + (p & 7)) % 2 === 0;

/** x [N, 1, 8, 8] → Flatten → MatMul by region means → y [N, 3]: a model whose class depends on the image. */
function regionModel(): Uint8Array {
  const w = new Float32Array(64 * 3);
  for (let p = 0; p < 64; p++) for (let k = 0; k < 3; k++) w[p * 3 + k] = inRegion(k, p) ? 1 / 32 : -1 / 32;
  return new OnnxModelBuilder()
    .input('x', ['N', 1, 8, 8])
    .initializer('w', [64, 3], w)
    .node('Flatten', ['x'], ['f'], { axis: attr.int(1) })
    .node('MatMul', ['f', 'w'], ['y'])
    .output('y', ['N', 3])
    .toBytes();
}

const root = mkdtempSync(join(tmpdir(), 'memnas-bundle-web-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

describe.skipIf(!HAVE_CHROMIUM)(`deploy bundle index.html (${CHROMIUM})`, () => {
  it('classifies like onnxruntime-node, with onnxruntime-web from the bundle itself', async () => {
    const model = regionModel();
    const samples = 9;
    // Sample s is bright in region s mod 3 (top half, left half, checkerboard).
    const pixels = Uint8Array.from({ length: samples * 64 }, (_, i) => {
      const s = i >> 6;
      return inRegion(s % 3, i & 63) ? 200 + s : 20 + 3 * s;
    });
    const expected = (
      await evaluateModel(model, pixels, { dtype: 'uint8', dims: [samples, 1, 8, 8], scale: 1 / 255 })
    ).predictions;
    // Samples the model tells apart, so a page that ignored its input could not pass.
    expect(expected).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const bundle = resolve(root, 'bundle');
    const figures = {
      runName: 'web<test>',
      dataset: 'synthetic',
      testImages: samples,
      onDeviceAccuracy: 1,
      hostAccuracy: 1,
      hostBackend: 'wasm',
      disagreements: 0,
      peakMemoryBytes: 1,
      plainPeakMemoryBytes: 1,
      latencyMs: 1,
      latencyP90Ms: 1,
      memoryMethod: 'vmhwm-reset',
      device: await describeLocalDevice(),
      analytic: { paramBytes: 1, peakActivationBytes: 1, totalBytes: 2 },
    };
    writeDirAtomic(
      bundle,
      bundleFiles(model, ['a', 'b', 'c'], { height: 8, width: 8, channels: 1 }, figures),
    );
    // What the bundle README asks for: onnxruntime-web's files in ort/.
    mkdirSync(join(bundle, 'ort'));
    for (const f of ORT_WEB_FILES)
      copyFileSync(join('node_modules/onnxruntime-web/dist', f), join(bundle, 'ort', f));
    expect(readFileSync(join(bundle, 'index.html'), 'utf8')).toContain(
      '<title>memnas: web&lt;test&gt;</title>',
    );

    const server = await serve(bundle);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const foreign: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(origin)) foreign.push(r.url());
      });
      await page.goto(`${origin}/`);
      await page.waitForFunction(
        () => (window as unknown as { memnasReady?: boolean }).memnasReady === true,
        null,
        {
          timeout: 30_000,
        },
      );
      const got: number[] = [];
      for (let s = 0; s < samples; s++) {
        const sample = [...pixels.subarray(s * 64, (s + 1) * 64)];
        const r = await page.evaluate(
          (p) =>
            (
              window as unknown as { memnasClassifyPixels(p: number[]): Promise<{ index: number }> }
            ).memnasClassifyPixels(p),
          sample,
        );
        got.push(r.index);
      }
      expect(got).toEqual(expected);
      expect(await page.textContent('#out')).toMatch(/^ready/);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  }, 60_000);
});

describe.skipIf(HAVE_CHROMIUM)('deploy bundle index.html', () => {
  it.skip(NO_CHROMIUM_MESSAGE, () => {});
});
