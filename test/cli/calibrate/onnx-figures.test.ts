import { describe, expect, it } from 'vitest';
import { onnxFigures } from '../../../cli/calibrate/onnx-figures.ts';
import { estimateOnnx } from '../../../exporter/onnx/to-memory-graph.ts';
import {
  PUBLIC_ARCHITECTURES,
  denseNetDenseBlock,
  mobileNetV2Stack,
  squeezeNetFire,
} from '../../fixtures/onnx/public-architectures.ts';

describe('ONNX calibration figures', () => {
  it('agrees with the memory model and counts MACs per kernel class', () => {
    for (const make of PUBLIC_ARCHITECTURES) {
      const { bytes, name } = make();
      const f = onnxFigures(bytes);
      const e = estimateOnnx(bytes);
      expect(f.paramBytes, name).toBe(e.paramBytes);
      expect(f.bestPeakBytes, name).toBe(e.peakActivationBytes);
      expect(f.nodeCount, name).toBe(e.nodeCount);
      expect(f.sumActivationBytes, name).toBeGreaterThanOrEqual(f.bestPeakBytes - f.inputBytes);
      const nodes = Object.values(f.kernels).reduce((s, k) => s + k.nodes, 0);
      expect(nodes, name).toBe(f.nodeCount);
      // The runtime's graph: fused element-wise ops and folded constants leave, reorders join.
      for (const b of f.blocked) {
        expect(b.nodes - b.reorderNodes, name).toBeLessThanOrEqual(f.nodeCount);
        expect(b.convNodes, name).toBe(
          f.kernels.conv.nodes + f.kernels.conv1x1.nodes + f.kernels.depthwise.nodes,
        );
        expect(b.bestPeakBytes, name).toBeGreaterThan(0);
      }
    }
  });

  it('runs the runtime graph blocked: padded channels, fused batch norms and ReLU6, reorder copies', () => {
    const mobile = onnxFigures(mobileNetV2Stack().bytes);
    const at16 = mobile.blocked.find((b) => b.block === 16)!;
    // Every BatchNormalization and Clip (and the Clip bounds' Constant nodes) is folded away.
    expect(at16.nodes - at16.reorderNodes).toBeLessThan(mobile.nodeCount / 2);
    const dense = onnxFigures(denseNetDenseBlock().bytes);
    const d16 = dense.blocked.find((b) => b.block === 16)!;
    const d8 = dense.blocked.find((b) => b.block === 8)!;
    // Growth 8: concatenations of 16 + 8k channels stay blocked at 8 but need plain copies at 16.
    expect(d16.reorderNodes).toBeGreaterThan(d8.reorderNodes);
    expect(d16.sumActivationBytes).toBeGreaterThan(d8.sumActivationBytes);
    // Conv weights with 8 output channels are padded to 16 at block 16.
    expect(d16.convParamBytes).toBeGreaterThan(d8.convParamBytes);
  });

  it('computes a fire module by hand: 3×3 stem conv MACs and the concat bytes', () => {
    const f = onnxFigures(squeezeNetFire().bytes);
    // Stem: 3→16 channels, 3×3, stride 2, no padding on 33×33 → 16×16 output.
    expect(f.kernels.conv.macs).toBeGreaterThanOrEqual(16 * 16 * 16 * 3 * 9);
    expect(f.kernels.concat.nodes).toBe(3);
    expect(f.kernels.concat.outputBytes).toBeGreaterThan(0);
    expect(f.kernels.gemm.nodes).toBe(0);
  });
});
