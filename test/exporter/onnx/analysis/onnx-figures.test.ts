import { describe, expect, it } from 'vitest';
import { exactReusePlanBytes, onnxFigures } from '../../../../exporter/onnx/analysis/onnx-figures.ts';
import { FixtureNet } from '../../../fixtures/onnx/fixture-net.ts';
import { estimateOnnx } from '../../../../exporter/onnx/to-memory-graph.ts';
import { HEAP_TENSOR_LIMIT_BYTES } from '../../../../search/calibration/figures.ts';
import {
  PUBLIC_ARCHITECTURES,
  denseNetDenseBlock,
  mobileNetV2Stack,
  squeezeNetFire,
} from '../../../fixtures/onnx/public-architectures.ts';

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
    // Block 1 (no NCHWc): the fused graph, no reorder copies, no padding.
    const d1 = dense.blocked.find((b) => b.block === 1)!;
    expect(d1.reorderNodes).toBe(0);
    expect(d1.convParamBytes).toBeLessThan(d8.convParamBytes);
    expect(d1.sumActivationBytes).toBeLessThan(d8.sumActivationBytes);
    expect(d1.nodes).toBeLessThan(dense.nodeCount);
  });

  it('computes a fire module by hand: 3×3 stem conv MACs and the concat bytes', () => {
    const f = onnxFigures(squeezeNetFire().bytes);
    // Stem: 3→16 channels, 3×3, stride 2, no padding on 33×33 → 16×16 output.
    expect(f.kernels.conv.macs).toBeGreaterThanOrEqual(16 * 16 * 16 * 3 * 9);
    expect(f.kernels.concat.nodes).toBe(3);
    expect(f.kernels.concat.outputBytes).toBeGreaterThan(0);
    expect(f.kernels.gemm.nodes).toBe(0);
  });

  it('splits the blocked weights per kernel class and sizes im2col buffers of unblocked convs', () => {
    const mobile = onnxFigures(mobileNetV2Stack().bytes);
    for (const b of mobile.blocked) {
      const perClass = Object.values(b.weightBytes ?? {}).reduce((s, x) => s + x, 0);
      expect(perClass).toBe(b.convParamBytes);
      expect(b.weightBytes?.depthwise).toBeGreaterThan(0);
      expect(b.weightBytes?.conv1x1).toBeGreaterThan(0);
      // Every channel count there is a multiple of 4: all convolutions run blocked. Unblocked
      // (block 1, no NCHWc), the dense 3×3 stem goes through im2col.
      if (b.block > 1) expect(b.im2colBytes).toBe(0);
      else expect(b.im2colBytes).toBeGreaterThan(0);
    }
    // 6 channels: the transformer leaves the 3×3 conv plain, im2col = 6 · 9 · 16 · 16 floats.
    const net = new FixtureNet(3);
    const x = net.relu(net.conv(net.relu(net.conv('image', 3, 6, 1)), 6, 6, 3, { pad: 1 }));
    const bytes = net.finish('image', [3, 16, 16], net.gemm(net.flatten(net.globalAvgPool(x)), 6, 10), 10);
    for (const b of onnxFigures(bytes).blocked) expect(b.im2colBytes).toBe(6 * 9 * 16 * 16 * 4);
  });

  it('splits the weights by allocator: the bytes of tensors below the heap limit', () => {
    const net = new FixtureNet(3);
    // Weights of 64×3×3×3, 64×64×3×3 and 16×64×3×3 floats (6,912, 147,456 and 36,864 bytes:
    // mapped); biases of 64 and 16 floats (256 and 64 bytes: heap).
    let x = net.conv('image', 3, 64, 3, { bias: false });
    x = net.conv(x, 64, 64, 3);
    x = net.conv(x, 64, 16, 3);
    const f = onnxFigures(net.finish('image', [3, 8, 8], net.flatten(net.globalAvgPool(x)), 1024));
    expect(HEAP_TENSOR_LIMIT_BYTES).toBe(4096);
    expect(f.heapParamBytes).toBe(64 * 4 + 16 * 4);
    expect(f.paramBytes - f.heapParamBytes!).toBe((64 * 3 + 64 * 64 + 16 * 64) * 9 * 4);
  });

  it('plans buffers as a runtime that reuses only exactly equal sizes', () => {
    const node = (name: string, inputs: string[], outputs: string[]) => ({ name, op: 'X', inputs, outputs });
    const graph = {
      tensors: new Map([
        ['in', 100],
        ['a', 400],
        ['b', 400],
        ['c', 400],
        ['d', 200],
        ['e', 400],
      ]),
      nodes: [
        node('1', ['in'], ['a']),
        node('2', ['a'], ['b']), // a dies: its 400 bytes are free
        node('3', ['b'], ['c']), // reuses a's buffer
        node('4', ['c'], ['d']), // 200 bytes: no free buffer of that size
        node('5', ['d'], ['e']), // reuses b's or c's
      ],
      graphInputs: ['in'],
      graphOutputs: ['e'],
    };
    expect(exactReusePlanBytes(graph)).toBe(400 + 400 + 200);
  });
});
