// The kernels a runtime actually runs, read off the graph it writes after its own optimizations
// (nn-Meter's "kernel detection": each backend fuses and re-lays-out the graph in its own way).
// onnxruntime on x86 rewrites convolutions and pools into a blocked layout (NCHWc, the
// com.microsoft.nchwc domain) and inserts ReorderInput / ReorderOutput nodes wherever a tensor
// crosses between that layout and plain NCHW: a convolution whose output channels are not a
// multiple of the block, a concatenation, a flatten. Those reorders appear nowhere in the ONNX
// file memnas exports, and they are what the file-level kernel list (fused-kernels.ts) misses:
// on this machine's 40 calibration networks, adding them took the latency fit from 50% to 88%
// within ±10% (leave-one-out; docs/benchmarks.md, Calibration). Pure: the app layer gets the
// graph from the runtime.

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

/** One node of the runtime's optimized graph. */
export interface RuntimeNode {
  readonly op: string;
  /** The operator's domain ('' for ONNX's own, 'com.microsoft.nchwc', …). */
  readonly domain: string;
  /** The activation fused into a convolution (its 'activation' attribute), '' when none. */
  readonly activation: string;
  /** A reorder's plain-layout tensor, bytes per sample; 0 for other nodes or when unknown. */
  readonly reorderBytes: number;
}

/** Per class, the kernels the runtime runs per inference; and the bytes its reorders copy per sample. */
export interface RuntimeKernelTable {
  readonly nodes: Readonly<Record<RuntimeKernelClass, number>>;
  readonly reorderOutputBytes: number;
  readonly reorderInputBytes: number;
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

/** The table of a runtime's optimized graph. */
export function runtimeKernelTable(nodes: readonly RuntimeNode[]): RuntimeKernelTable {
  const counts = Object.fromEntries(RUNTIME_KERNEL_CLASSES.map((k) => [k, 0])) as Record<
    RuntimeKernelClass,
    number
  >;
  let reorderOutputBytes = 0;
  let reorderInputBytes = 0;
  for (const n of nodes) {
    const kind = runtimeKernelClass(n);
    counts[kind] += 1;
    if (kind === 'reorderOutput') reorderOutputBytes += n.reorderBytes;
    if (kind === 'reorderInput') reorderInputBytes += n.reorderBytes;
  }
  return { nodes: counts, reorderOutputBytes, reorderInputBytes };
}
