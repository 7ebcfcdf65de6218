// Expensive (~30 s on an idle 2-vCPU machine: two profiles, three runner processes). Linux only (it
// reads /proc). The deploy bundle's figures hold in the deployed process: a classifier is
// profiled here as `memnas deploy --device local` profiles it (under the agent's protocol, and at
// batch 1 in a plain process), its bundle is written, and the runner is started exactly as the
// README says — `npm start -- sample.raw`, and plainly `node run-node.mjs sample.raw` — while its
// peak is read from outside (outside-peak.ts): each within 10% of the README's figure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFiles } from '../../../app/deploy/bundle.ts';
import { plainPeakOf } from '../../../app/deploy/plain-peak.ts';
import { measuredProcess } from '../../../app/deploy/start-command.ts';
import { writeDirAtomic } from '../../../app/deploy/write-dir-atomic.ts';
import { profileLocal } from '../../../profiler-agent/local.ts';
import { convClassifier } from './classifier-models.ts';
import { measureFromOutside } from './outside-peak.ts';

const onLinux = process.platform === 'linux';
const root = mkdtempSync(join(tmpdir(), 'memnas-bundle-holds-'));
const bundle = join(root, 'bundle');
const CLASSES = Array.from({ length: 10 }, (_, i) => `class-${i}`);
let readme = '';

/** The README's figure in bytes from the table row that starts with `row`. */
function figure(row: string): number {
  const line = readme.split('\n').find((l) => l.startsWith(`| ${row}`));
  const m = /\((\d+) bytes\) \|$/.exec(line ?? '');
  if (m === null) throw new Error(`the README has no figure in a row '${row}…'`);
  return Number(m[1]);
}

beforeAll(async () => {
  if (!onLinux) return;
  const model = convClassifier(3, [64, 128, 256, 256]);
  const profile = await profileLocal(model, { batches: [1] });
  const plain = plainPeakOf(await profileLocal(model, { batches: [1], environment: 'plain' }));
  const measured = measuredProcess(profile);
  const files = bundleFiles(
    model,
    CLASSES,
    { height: 32, width: 32, channels: 3 },
    {
      runName: 'holds',
      dataset: 'synthetic',
      testImages: 1,
      onDeviceAccuracy: 1,
      hostAccuracy: 1,
      hostBackend: 'cpu',
      disagreements: 0,
      peakMemoryBytes: profile.peakMemoryBytes,
      plainPeakMemoryBytes: plain.bytes,
      latencyMs: profile.latencyMs.p50,
      latencyP90Ms: profile.latencyMs.p90,
      memoryMethod: profile.memory.method,
      ...(measured === undefined ? {} : { measuredProcess: measured }),
      device: profile.device,
      analytic: { paramBytes: 1, peakActivationBytes: 1, totalBytes: 2 },
    },
  );
  writeDirAtomic(bundle, files);
  readme = files['README.md'] as string;
  // What `npm install` in the bundle provides: the pinned onnxruntime-node.
  symlinkSync(resolve('node_modules'), join(bundle, 'node_modules'));
  writeFileSync(
    join(bundle, 'sample.raw'),
    Uint8Array.from({ length: 32 * 32 * 3 }, (_, i) => (i * 37) % 256),
  );
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(onLinux)("the deploy bundle's figures in the deployed process", () => {
  it("`npm start` peaks within 10% of the README's figure, read from outside the process", async () => {
    const expected = figure('peak memory at batch 1 (');
    const { riseBytes } = await measureFromOutside('npm', ['start', '--', 'sample.raw'], { cwd: bundle });
    expect(
      Math.abs(riseBytes - expected) / expected,
      `npm start ${riseBytes} vs README ${expected}`,
    ).toBeLessThanOrEqual(0.1);
  }, 120_000);

  it("a plain `node run-node.mjs` peaks within 10% of the README's plain figure, printing what it prints unpaused", async () => {
    const expected = figure('peak memory at batch 1 in a plain process');
    const paused = await measureFromOutside('node', ['run-node.mjs', 'sample.raw'], { cwd: bundle });
    expect(
      Math.abs(paused.riseBytes - expected) / expected,
      `plain ${paused.riseBytes} vs README ${expected}`,
    ).toBeLessThanOrEqual(0.1);
    const plain = spawnSync(process.execPath, ['run-node.mjs', 'sample.raw'], {
      cwd: bundle,
      encoding: 'utf8',
    });
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^class-\d \(class \d, probability [01]\.\d{3}\)\n$/);
    expect(paused.stdout).toBe(plain.stdout);
  }, 120_000);
});
