import { describe, expect, it } from 'vitest';
import {
  type OpNode,
  fusedKernelList,
  fusedKernels,
  kernelTableOf,
} from '../../../search/calibration/fused-kernels.ts';

const node = (op: string, inputs: string[], outputs: string[], extra: Partial<OpNode> = {}): OpNode => ({
  op,
  inputs,
  outputs,
  group: 1,
  kernelArea: 0,
  macs: 0,
  ...extra,
});

/** Every tensor 100 bytes; initializers are the names starting with 'w'. */
const tensors = { bytes: () => 100, isInitializer: (t: string) => t.startsWith('w') };

describe('fusedKernels', () => {
  it('runs Conv + BatchNormalization + Relu as one conv kernel reading its input and weights', () => {
    const t = fusedKernels(
      [
        node('Conv', ['x', 'w1'], ['c'], { kernelArea: 9, macs: 1000 }),
        node('BatchNormalization', ['c', 'w2', 'w3'], ['b']),
        node('Relu', ['b'], ['y']),
      ],
      tensors,
    );
    // No shapes known: no rows counted.
    expect(t.conv).toEqual({ nodes: 1, macs: 1000, activationBytes: 200, weightBytes: 300, im2colRows: 0 });
    expect(t.elementwise.nodes).toBe(0);
  });

  it('keeps an activation whose input has a second reader, and HardSwish, as their own kernels', () => {
    const t = fusedKernels(
      [
        node('Conv', ['x', 'w1'], ['c'], { kernelArea: 1, macs: 10 }),
        node('Relu', ['c'], ['r']),
        node('Add', ['c', 'r'], ['s']),
        node('Conv', ['s', 'w2'], ['d'], { kernelArea: 9, group: 4, macs: 5 }),
        node('HardSwish', ['d'], ['y']),
      ],
      tensors,
    );
    expect(t.pointwise.nodes).toBe(1);
    expect(t.depthwise.nodes).toBe(1);
    expect(t.elementwise.nodes).toBe(2);
    expect(t.add).toEqual({ nodes: 1, macs: 0, activationBytes: 300, weightBytes: 0, im2colRows: 0 });
  });

  it('folds constant and shape-only subgraphs, removes Dropout, and moves no bytes for a reshape', () => {
    const t = fusedKernels(
      [
        node('Shape', ['x'], ['s']),
        node('Gather', ['s', 'w0'], ['g']),
        node('Concat', ['g', 'w1'], ['shape']),
        node('Dropout', ['x'], ['d']),
        node('Reshape', ['d', 'shape'], ['r']),
        node('Gemm', ['r', 'w2', 'w3'], ['y'], { macs: 40 }),
      ],
      tensors,
    );
    expect(t.concat.nodes).toBe(0);
    expect(t.other.nodes).toBe(0);
    expect(t.reshape).toEqual({ nodes: 1, macs: 0, activationBytes: 0, weightBytes: 0, im2colRows: 0 });
    expect(t.gemm).toEqual({ nodes: 1, macs: 40, activationBytes: 200, weightBytes: 200, im2colRows: 0 });
  });
});

describe('fusedKernelList', () => {
  it('lists each kernel with its fused activation, window, stride and the shapes around it', () => {
    const dims: Record<string, number[]> = {
      x: [1, 8, 16, 16],
      c: [1, 16, 8, 8],
      b: [1, 16, 8, 8],
      y: [1, 16, 8, 8],
    };
    const kernels = fusedKernelList(
      [
        node('Conv', ['x', 'w1'], ['c'], { kernelArea: 9, macs: 9216, window: [3, 3], stride: 2 }),
        node('BatchNormalization', ['c', 'w2'], ['b']),
        node('Clip', ['b'], ['y']),
      ],
      { ...tensors, dims: (t) => dims[t] ?? [] },
    );
    expect(kernels).toEqual([
      {
        kind: 'conv',
        op: 'Conv',
        activation: 'Clip',
        inputs: 1,
        inputDims: [1, 8, 16, 16],
        outputDims: [1, 16, 8, 8],
        window: [3, 3],
        stride: 2,
        group: 1,
        macs: 9216,
        activationBytes: 200,
        weightBytes: 200,
        // 8 input channels × 9 kernel elements × 8 output rows.
        im2colRows: 576,
      },
    ]);
    expect(kernelTableOf(kernels).conv).toEqual({
      nodes: 1,
      macs: 9216,
      activationBytes: 200,
      weightBytes: 200,
      im2colRows: 576,
    });
  });

  it('counts im2col rows for every convolution but a 1×1 stride-1 one (a plain GEMM)', () => {
    const dims: Record<string, number[]> = {
      x: [1, 32, 8, 8],
      d: [1, 32, 8, 8],
      p: [1, 16, 8, 8],
      s: [1, 16, 4, 4],
    };
    const kernels = fusedKernelList(
      [
        node('Conv', ['x', 'w1'], ['d'], { kernelArea: 25, group: 32, window: [5, 5] }),
        node('Conv', ['d', 'w2'], ['p'], { kernelArea: 1, window: [1, 1] }),
        node('Conv', ['p', 'w3'], ['s'], { kernelArea: 1, window: [1, 1], stride: 2 }),
      ],
      { ...tensors, dims: (t) => dims[t] ?? [] },
    );
    // Depthwise: 32 channels × 25 elements × 8 rows; 1×1 stride 2: 16 channels × 4 rows.
    expect(kernels.map((k) => [k.kind, k.im2colRows])).toEqual([
      ['depthwise', 6400],
      ['pointwise', 0],
      ['pointwise', 64],
    ]);
  });
});
