import { describe, expect, it } from 'vitest';
import { kernelList } from '../../../app/calibrate/kernel-figures.ts';
import { kernelProbe } from '../../../exporter/onnx/kernel-probe.ts';
import type { FusedKernel } from '../../../search/calibration/fused-kernels.ts';
import { denseBlock, fireModules, invertedResiduals } from '../../fixtures/onnx/calibration-test-set.ts';

/** What a probe must reproduce: the kernel's class, operator, activation, shapes and window. */
const shape = (k: FusedKernel): unknown[] => [
  k.kind,
  k.op,
  k.activation,
  k.inputDims,
  k.outputDims,
  k.window,
  k.stride,
  k.group,
  k.macs,
];

describe('kernelProbe', () => {
  const kernels = [invertedResiduals(11, 16, 32), denseBlock(12, 8, 4, 24), fireModules(13, 8, 16, 33)]
    .flatMap((m) => kernelList(m.bytes))
    .filter((k) => k.kind !== 'reshape');

  it('runs every kind of kernel of public-architecture graphs, once per copy, with the same shapes', () => {
    expect(new Set(kernels.map((k) => k.kind)).size).toBeGreaterThanOrEqual(8);
    for (const k of kernels) {
      const probe = kernelList(kernelProbe(k, 3)!);
      expect(probe.map(shape)).toEqual([shape(k), shape(k), shape(k)]);
    }
  });

  it('has no probe for a reshape and refuses a kernel without shapes in one line', () => {
    const reshape = kernelList(invertedResiduals(11, 16, 32).bytes).find((k) => k.kind === 'reshape')!;
    expect(kernelProbe(reshape)).toBeNull();
    expect(() => kernelProbe({ ...kernels[0]!, inputDims: [] })).toThrow(/without input or output shape/);
  });
});
