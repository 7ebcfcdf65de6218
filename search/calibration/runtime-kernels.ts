// The kernels a runtime actually runs, read off the graph it writes after its own optimizations
// (nn-Meter's "kernel detection": each backend fuses and re-lays-out the graph in its own way).
// onnxruntime on x86 rewrites convolutions and pools into a blocked layout (NCHWc, the
// com.microsoft.nchwc domain) and inserts ReorderInput / ReorderOutput nodes wherever a tensor
// crosses between that layout and plain NCHW: a convolution whose output channels are not a
// multiple of the block, a concatenation, a flatten. Those reorders appear nowhere in the ONNX
// file memnas exports, and they are what the file-level kernel list (fused-kernels.ts) misses:
// on this machine's 40 calibration networks, adding them took the latency fit from 50% to 88%
// within ±10% (leave-one-out; docs/benchmarks.md, Calibration). The blocked convolutions also
// compute on channels padded to the block (16 floats with AVX-512: a 24-channel convolution runs
// 32), so their work is counted as the runtime stores their weights, not as the file does.
// Pure: the app layer gets the graph and the convolutions' work from the runtime.

import { BINARY, GLOBAL_POOLS, RESHAPES, UNARY, WINDOW_POOLS } from './fused-kernels.ts';

export const RUNTIME_KERNEL_CLASSES = [
  'blockedConv',
  'blockedConvActivationPass',
  'conv',
  'reorderOutput',
  'reorderInput',
  'blockedPool',
  'pool',
  'elementwise',
  'concat',
  'gemm',
  'reshape',
  'other',
] as const;
export type RuntimeKernelClass = (typeof RUNTIME_KERNEL_CLASSES)[number];

/** A convolution's work by kind: blocked dense k×k, blocked 1×1, blocked depthwise, or plain (not blocked). */
export const RUNTIME_CONV_KINDS = ['dense', 'pointwise', 'depthwise', 'plain'] as const;
export type RuntimeConvKind = (typeof RUNTIME_CONV_KINDS)[number];

/** What a convolution of the runtime's graph computes, per sample, as the runtime stores it. */
export interface RuntimeConvWork {
  /** Kernel window: a 1×1, a depthwise (one input channel per group) or any other. */
  readonly window: 'dense' | 'pointwise' | 'depthwise';
  /** Multiply-accumulates: the stored weight's elements × output pixels. */
  readonly macs: number;
  /** The output's bytes, channels as stored (padded to the block in the blocked layout). */
  readonly outputBytes: number;
}

/** One node of the runtime's optimized graph. */
export interface RuntimeNode {
  readonly op: string;
  /** The operator's domain ('' for ONNX's own, 'com.microsoft.nchwc', …). */
  readonly domain: string;
  /** The activation fused into a convolution (its 'activation' attribute), '' when none. */
  readonly activation: string;
  /** A reorder's plain-layout tensor, bytes per sample; 0 for other nodes or when unknown. */
  readonly reorderBytes: number;
  /** A convolution's work; absent for other nodes. */
  readonly conv?: RuntimeConvWork;
}

/**
 * Per class, the kernels the runtime runs per inference; the bytes its reorders copy per sample;
 * its convolutions' MACs by kind; and the bytes the second activation passes go over.
 */
export interface RuntimeKernelTable {
  readonly nodes: Readonly<Record<RuntimeKernelClass, number>>;
  readonly reorderOutputBytes: number;
  readonly reorderInputBytes: number;
  readonly convMacs: Readonly<Record<RuntimeConvKind, number>>;
  readonly activationPassBytes: number;
}

const POOLS = new Set([...WINDOW_POOLS, ...GLOBAL_POOLS]);
const ELEMENTWISE = new Set([...BINARY, ...UNARY]);
const GEMMS = new Set(['Gemm', 'MatMul', 'FusedGemm', 'FusedMatMul']);

/**
 * The class of one runtime node: a blocked-layout domain (…nchwc) marks the blocked kernels. A
 * blocked convolution applies a fused ReLU inside its kernel but any other activation (Clip for
 * ReLU6, HardSigmoid, …) in a second pass over its output: a class of its own. Measured: the
 * inverted-residual test networks (ReLU6) came out 15–20% under their p50 without it.
 */
export function runtimeKernelClass(
  node: Pick<RuntimeNode, 'op' | 'domain' | 'activation'>,
): RuntimeKernelClass {
  const blocked = node.domain.endsWith('nchwc');
  if (node.op === 'ReorderOutput') return 'reorderOutput';
  if (node.op === 'ReorderInput') return 'reorderInput';
  if ((node.op === 'Conv' || node.op === 'FusedConv') && !blocked) return 'conv';
  if (node.op === 'Conv')
    return node.activation === '' || node.activation === 'Relu' ? 'blockedConv' : 'blockedConvActivationPass';
  if (POOLS.has(node.op)) return blocked ? 'blockedPool' : 'pool';
  if (ELEMENTWISE.has(node.op)) return 'elementwise';
  if (node.op === 'Concat') return 'concat';
  if (GEMMS.has(node.op)) return 'gemm';
  if (RESHAPES.has(node.op)) return 'reshape';
  return 'other';
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The table of a runtime's optimized graph. */
export function runtimeKernelTable(nodes: readonly RuntimeNode[]): RuntimeKernelTable {
  const counts = zeros(RUNTIME_KERNEL_CLASSES);
  const convMacs = zeros(RUNTIME_CONV_KINDS);
  let reorderOutputBytes = 0;
  let reorderInputBytes = 0;
  let activationPassBytes = 0;
  for (const n of nodes) {
    const kind = runtimeKernelClass(n);
    counts[kind] += 1;
    if (kind === 'reorderOutput') reorderOutputBytes += n.reorderBytes;
    if (kind === 'reorderInput') reorderInputBytes += n.reorderBytes;
    if (n.conv === undefined) continue;
    convMacs[kind === 'conv' ? 'plain' : n.conv.window] += n.conv.macs;
    if (kind === 'blockedConvActivationPass') activationPassBytes += n.conv.outputBytes;
  }
  return { nodes: counts, reorderOutputBytes, reorderInputBytes, convMacs, activationPassBytes };
}

/** Whether a table carries the convolutions' work (tables stored before it was counted do not). */
export const hasConvWork = (t: RuntimeKernelTable): boolean =>
  t.convMacs !== undefined && t.activationPassBytes !== undefined;
