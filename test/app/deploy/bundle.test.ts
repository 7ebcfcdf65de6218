import { describe, expect, it } from 'vitest';
import { type BundleFigures, bundleFiles } from '../../../app/deploy/bundle.ts';
import { device } from '../../devices/helpers/fixtures.ts';

const NODE_ENV = { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' };

const figures = (measuringEnv?: Record<string, string>): BundleFigures => ({
  runName: 'run-1',
  dataset: 'synthetic',
  testImages: 10,
  onDeviceAccuracy: 0.9,
  hostAccuracy: 0.9,
  hostBackend: 'wasm',
  disagreements: 0,
  peakMemoryBytes: 1_000_000,
  latencyMs: 1,
  latencyP90Ms: 2,
  memoryMethod: 'vmhwm-reset',
  device: { ...device('pi'), ...(measuringEnv === undefined ? {} : { measuringEnv }) },
  analytic: { paramBytes: 1, peakActivationBytes: 1, totalBytes: 2 },
});

const readme = (measuringEnv?: Record<string, string>): string =>
  bundleFiles(new Uint8Array(1), ['a'], { height: 8, width: 8, channels: 1 }, figures(measuringEnv))[
    'README.md'
  ] as string;

describe('the deploy bundle README', () => {
  it("tells how to start a process that holds to the peak, from the agent's measuring environment", () => {
    const text = readme(NODE_ENV);
    expect(text).toContain('started with `MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1`');
    expect(text).toContain('`MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1 node run-node.mjs …`');
  });

  it('says nothing of it when the agent reported none (a browser, an older Node agent)', () => {
    expect(readme()).not.toContain('started with');
    expect(readme({})).not.toContain('started with');
  });
});
