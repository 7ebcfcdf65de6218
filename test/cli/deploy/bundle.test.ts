import { describe, expect, it } from 'vitest';
import { type BundleFigures, bundleFiles } from '../../../cli/deploy/bundle.ts';
import { device } from '../../devices/helpers/fixtures.ts';

const figures = (runtime: { name: string; version: string }): BundleFigures => ({
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
  device: { ...device('pi'), runtime },
  analytic: { paramBytes: 1, peakActivationBytes: 1, totalBytes: 2 },
});

const readme = (runtime: { name: string; version: string }): string =>
  bundleFiles(new Uint8Array(1), ['a'], { height: 8, width: 8, channels: 1 }, figures(runtime))[
    'README.md'
  ] as string;

describe('the deploy bundle README', () => {
  it('tells how to start a Node process that holds to a peak onnxruntime-node measured', () => {
    expect(readme({ name: 'ort-node', version: '1.30.0' })).toContain(
      'started with `UV_THREADPOOL_SIZE=1 MALLOC_MMAP_THRESHOLD_=4096`',
    );
  });

  it('says nothing of the Node process when the peak was measured in a browser', () => {
    expect(readme({ name: 'ort-web', version: '1.30.0' })).not.toContain('MALLOC_MMAP_THRESHOLD_');
  });
});
