import { describe, expect, it } from 'vitest';
import {
  hasConvWork,
  RUNTIME_KERNEL_CLASSES,
  runtimeKernelClass,
  runtimeKernelTable,
} from '../../../search/calibration/runtime-kernels.ts';

const NCHWC = 'com.microsoft.nchwc';
const node = (op: string, domain = '', reorderBytes = 0, activation = '') => ({
  op,
  domain,
  reorderBytes,
  activation,
});

describe('runtime kernel classes', () => {
  it('separates the blocked layout from the plain one', () => {
    expect(runtimeKernelClass(node('Conv', NCHWC))).toBe('blockedConv');
    expect(runtimeKernelClass(node('Conv', NCHWC, 0, 'Relu'))).toBe('blockedConv');
    // Any other fused activation runs as a second pass over the output.
    expect(runtimeKernelClass(node('Conv', NCHWC, 0, 'Clip'))).toBe('blockedConvActivationPass');
    expect(runtimeKernelClass(node('FusedConv', 'com.microsoft', 0, 'Clip'))).toBe('conv');
    expect(runtimeKernelClass(node('Conv'))).toBe('conv');
    expect(runtimeKernelClass(node('FusedConv', 'com.microsoft'))).toBe('conv');
    expect(runtimeKernelClass(node('GlobalAveragePool', NCHWC))).toBe('blockedPool');
    expect(runtimeKernelClass(node('MaxPool'))).toBe('pool');
    expect(runtimeKernelClass(node('ReorderOutput', NCHWC))).toBe('reorderOutput');
    expect(runtimeKernelClass(node('ReorderInput', NCHWC))).toBe('reorderInput');
  });

  it('classes the rest by what they do, and names an unknown operator other', () => {
    expect(runtimeKernelClass(node('Add'))).toBe('elementwise');
    expect(runtimeKernelClass(node('BatchNormalization'))).toBe('elementwise');
    expect(runtimeKernelClass(node('Concat'))).toBe('concat');
    expect(runtimeKernelClass(node('Gemm'))).toBe('gemm');
    expect(runtimeKernelClass(node('Flatten'))).toBe('reshape');
    expect(runtimeKernelClass(node('Resize'))).toBe('other');
  });
});

describe('runtime kernel table', () => {
  it('counts every node once and sums the bytes of reorders only', () => {
    const nodes = [
      node('Conv', NCHWC, 999),
      node('ReorderOutput', NCHWC, 6144),
      node('ReorderOutput', NCHWC, 1024),
      node('ReorderInput', NCHWC, 512),
      node('Add'),
      node('Flatten'),
      node('Gemm'),
    ];
    const t = runtimeKernelTable(nodes);
    expect(RUNTIME_KERNEL_CLASSES.reduce((s, k) => s + t.nodes[k], 0)).toBe(nodes.length);
    expect(t.nodes).toMatchObject({ blockedConv: 1, reorderOutput: 2, reorderInput: 1, elementwise: 1 });
    expect(t.reorderOutputBytes).toBe(7168);
    expect(t.reorderInputBytes).toBe(512);
  });

  it("sums convolutions' work by kind, and the output bytes of second activation passes only", () => {
    const conv = (window: 'dense' | 'pointwise' | 'depthwise', macs: number) => ({
      window,
      macs,
      outputBytes: 100,
    });
    const t = runtimeKernelTable([
      { ...node('Conv', NCHWC), conv: conv('dense', 1000) },
      { ...node('Conv', NCHWC, 0, 'Clip'), conv: conv('pointwise', 200) },
      { ...node('Conv', NCHWC, 0, 'Relu'), conv: conv('depthwise', 30) },
      { ...node('Conv'), conv: conv('dense', 4) }, // not blocked: plain, whatever its window
      node('Add'),
    ]);
    expect(t.convMacs).toEqual({ dense: 1000, pointwise: 200, depthwise: 30, plain: 4 });
    expect(t.activationPassBytes).toBe(100);
    expect(hasConvWork(t)).toBe(true);
    const { convMacs: _, ...older } = t;
    expect(hasConvWork(older as typeof t)).toBe(false);
  });

  it('gives an empty graph an all-zero table', () => {
    const t = runtimeKernelTable([]);
    expect(Object.values(t.nodes).every((v) => v === 0)).toBe(true);
    expect(t.reorderOutputBytes + t.reorderInputBytes + t.activationPassBytes).toBe(0);
    expect(Object.values(t.convMacs).every((v) => v === 0)).toBe(true);
  });
});
