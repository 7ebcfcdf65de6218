import { describe, expect, it } from 'vitest';
import { calibrationFigures, kernelList, kernelTable } from '../../../app/calibrate/kernel-figures.ts';
import { kernelTableOf } from '../../../search/calibration/fused-kernels.ts';
import { exportArchitecture } from '../../../exporter/export-model.ts';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { invertedResiduals } from '../../fixtures/onnx/calibration-test-set.ts';
import { calibrationSet } from '../../../search/calibration/generate.ts';

describe('kernel figures', () => {
  it("counts a PyTorch-style export's kernels as onnxruntime runs them (BN and ReLU6 fused, Dropout gone)", () => {
    const { bytes } = invertedResiduals(11, 16, 32);
    const t = kernelTable(bytes);
    const f = calibrationFigures(bytes);
    // Every Conv is one kernel; its BatchNormalization and Clip are not.
    expect(t.conv.nodes + t.pointwise.nodes + t.depthwise.nodes).toBe(
      f.kernels.conv.nodes + f.kernels.conv1x1.nodes + f.kernels.depthwise.nodes,
    );
    expect(t.elementwise.nodes).toBe(0);
    expect(t.depthwise.nodes).toBe(f.kernels.depthwise.nodes);
    expect(t.gemm).toMatchObject({ nodes: 1, macs: f.kernels.gemm.macs });
    expect(t.other.nodes).toBe(0);
    expect(f.fusedKernels).toEqual(t);
  });

  it('gives a naive and a lean export of one architecture the same kernels and MACs', () => {
    const m = calibrationSet(4, 1)[1]!;
    const w = randomWeights(m.arch, m.weightSeed);
    const naive = kernelTable(exportArchitecture(m.arch, w, { lean: false }).bytes);
    const lean = kernelTable(exportArchitecture(m.arch, w, { lean: true }).bytes);
    for (const k of ['conv', 'pointwise', 'depthwise', 'gemm', 'add', 'elementwise'] as const) {
      expect(naive[k].nodes).toBe(lean[k].nodes);
      expect(naive[k].macs).toBe(lean[k].macs);
    }
  });
});

describe('kernelList', () => {
  it("reads each kernel's shapes, window and stride off the file", () => {
    const kernels = kernelList(invertedResiduals(11, 16, 32).bytes);
    expect(kernels[0]).toMatchObject({
      kind: 'conv',
      activation: 'Clip',
      inputDims: [1, 3, 32, 32],
      outputDims: [1, 16, 16, 16],
      window: [3, 3],
      stride: 2,
      group: 1,
    });
    expect(kernels.filter((k) => k.kind === 'depthwise').every((k) => k.group === k.inputDims[1])).toBe(true);
    expect(kernelTableOf(kernels)).toEqual(kernelTable(invertedResiduals(11, 16, 32).bytes));
  });
});
