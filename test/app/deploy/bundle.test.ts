import { describe, expect, it } from 'vitest';
import { type BundleFigures, bundleFiles } from '../../../app/deploy/bundle.ts';
import type { MeasuredProcess } from '../../../app/deploy/start-command.ts';
import { device } from '../../devices/helpers/fixtures.ts';

const PROTOCOL: MeasuredProcess = {
  env: { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' },
  nodeFlags: ['--expose-gc', '--no-opt', '--single-threaded-gc'],
  flagsKnown: true,
};

const figures = (measuredProcess?: MeasuredProcess, plain: number | null = 1_300_000): BundleFigures => ({
  runName: 'run-1',
  dataset: 'synthetic',
  testImages: 10,
  onDeviceAccuracy: 0.9,
  hostAccuracy: 0.9,
  hostBackend: 'wasm',
  disagreements: 0,
  peakMemoryBytes: 1_000_000,
  plainPeakMemoryBytes: plain,
  ...(plain === null ? { plainNote: "device 'pi''s agent predates plain measurements" } : {}),
  latencyMs: 1,
  latencyP90Ms: 2,
  memoryMethod: 'vmhwm-reset',
  ...(measuredProcess === undefined ? {} : { measuredProcess }),
  device: device('pi'),
  analytic: { paramBytes: 1, peakActivationBytes: 1, totalBytes: 2 },
});

const files = (f: BundleFigures): Record<string, Uint8Array | string> =>
  bundleFiles(new Uint8Array(1), ['a'], { height: 8, width: 8, channels: 1 }, f);

const readme = (f: BundleFigures): string => files(f)['README.md'] as string;

const startScript = (f: BundleFigures): string =>
  (JSON.parse(files(f)['package.json'] as string) as { scripts: { start: string } }).scripts.start;

describe('the deploy bundle', () => {
  it("starts the runner, on its own command line, as the agent's measuring process ran", () => {
    expect(startScript(figures(PROTOCOL))).toBe(
      'MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1 node --expose-gc --no-opt --single-threaded-gc run-node.mjs',
    );
  });

  it('explains every variable and flag of the start command, without the old advice to add them by hand', () => {
    const text = readme(figures(PROTOCOL));
    expect(text).toContain('npm start -- sample.raw');
    for (const setting of [
      'MALLOC_MMAP_THRESHOLD_=4096',
      'UV_THREADPOOL_SIZE=1',
      '--expose-gc',
      '--no-opt',
      '--single-threaded-gc',
    ])
      expect(text).toMatch(new RegExp(`^- \`${setting}\` — \\S`, 'm'));
    expect(text).not.toContain('set by the measuring agent');
    expect(text).not.toContain('or your\nown program with the same variables');
  });

  it('gives the protocol peak and the plain peak, each in bytes', () => {
    const text = readme(figures(PROTOCOL));
    expect(text).toMatch(/\| peak memory at batch 1 \(vmhwm-reset, .*\) \| .* \(1000000 bytes\) \|/);
    expect(text).toMatch(
      /\| peak memory at batch 1 in a plain process \(`node run-node\.mjs`.*\| .* \(1300000 bytes\) \|/,
    );
  });

  it('says why there is no plain peak when the device could not measure one', () => {
    expect(readme(figures(PROTOCOL, null))).toMatch(
      /in a plain process .*\| not measured: device 'pi''s agent predates plain measurements \|/,
    );
  });

  it('for an agent that reported its variables but not its flags, starts with the variables and says so', () => {
    const old = { env: PROTOCOL.env, nodeFlags: [], flagsKnown: false };
    expect(startScript(figures(old))).toBe(
      'MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1 node run-node.mjs',
    );
    expect(readme(figures(old))).toContain('predates reporting its node flags');
  });

  it('starts a plain process when the device measured in no process of its own (a browser)', () => {
    expect(startScript(figures())).toBe('node run-node.mjs');
    expect(readme(figures())).toContain('not in a Node process');
  });

  it("tells how to read the peak from outside the process with the runner's pause switch", () => {
    const text = readme(figures(PROTOCOL));
    expect(text).toContain('MEMNAS_MEASURE_PAUSE=1 npm start -- sample.raw');
    expect(text).toContain('echo 5 > /proc/PID/clear_refs');
    expect(files(figures(PROTOCOL))['run-node.mjs']).toContain("process.env.MEMNAS_MEASURE_PAUSE === '1'");
  });

  it("marks the latency of an emulated device as the emulator's timing", () => {
    const emulated = { ...figures(PROTOCOL), device: { ...device('pi-emu'), emulated: true } };
    expect(readme(emulated)).toMatch(
      /latency at batch 1, p50 \/ p90 \(an emulated device: the emulator's timing/,
    );
    expect(readme(figures(PROTOCOL))).not.toContain('emulated');
  });
});
