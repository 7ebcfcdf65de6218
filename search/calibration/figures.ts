// The analytic figures of one graph that the calibration model reads: parameter bytes, activation
// bytes under several liveness rules, and a per-kernel-class table (node count, MACs, output and
// parameter bytes). Plain JSON-able data, computed once per graph at batch 1 (activation figures
// are per sample: they scale with the batch), from an ONNX file by exporter/onnx/analysis/onnx-figures.ts.
import type { RuntimeKernelTable } from './runtime-kernels.ts';
import type { FusedKernelTable } from './fused-kernels.ts';

/**
 * Kernel classes, in the manner of nn-Meter's kernels: operators whose cost per unit of work is
 * alike share a class. 'conv' is a dense k×k (k > 1) convolution, 'conv1x1' a pointwise one
 * (a plain GEMM in the runtime), 'depthwise' a grouped one, 'gemm' Gemm/MatMul, 'pool' windowed
 * and global pooling, 'elementwise' Add/ReLU/Clip/BatchNormalization/…, 'concat' Concat,
 * 'shape' Reshape/Flatten/Shape/Dropout/… (no arithmetic), 'other' everything else.
 */
export const KERNEL_CLASSES = [
  'conv',
  'conv1x1',
  'depthwise',
  'gemm',
  'pool',
  'elementwise',
  'concat',
  'shape',
  'other',
] as const;

export type KernelClass = (typeof KERNEL_CLASSES)[number];

export interface KernelFigures {
  readonly nodes: number;
  /** Multiply-accumulates (or element operations for non-MAC kernels) per sample. */
  readonly macs: number;
  /** Bytes of the outputs these nodes write, per sample. */
  readonly outputBytes: number;
  /** Bytes of the parameters (initializers) these nodes read. */
  readonly paramBytes: number;
}

/**
 * The same figures under a channel-blocked layout: every 4-D activation's channel count rounded
 * up to a multiple of `block`, and convolution weights padded likewise. onnxruntime's CPU provider
 * runs convolutions in NCHWc (channels in blocks of 8 with AVX2, 16 with AVX-512) at the highest
 * graph optimisation level, so a 4-channel feature map costs it 16 channels; which block (if any)
 * a device uses is for the fit to find, so the figures carry several. Block 1 is the runtime's
 * graph without NCHWc (ARM boards, onnxruntime-web's WebAssembly): the same fusions (activations
 * into convolutions, reshapes as aliases), no padding and no reorder copies.
 */
export interface BlockedFigures {
  readonly block: number;
  /** Peak of the runtime's blocked graph (reorder copies included, fused ops excluded), best order. */
  readonly bestPeakBytes: number;
  /** The same in the file's order (what a runtime that keeps the file's order runs). */
  readonly filePeakBytes: number;
  readonly sumActivationBytes: number;
  /** Nodes the runtime runs: fused element-wise ops and aliasing reshapes excluded, reorders included. */
  readonly nodes: number;
  /** Of those, convolutions, and reorder copies between the blocked and plain layouts. */
  readonly convNodes: number;
  readonly reorderNodes: number;
  /** Conv/Gemm weights with output (and, past one block, input) channels padded to the block. */
  readonly convParamBytes: number;
  /**
   * The same per kernel class ('conv', 'conv1x1', 'depthwise', 'gemm'): the runtime copies each
   * class's weights into its own layout (blocked convolutions, packed GEMM panels), so each class
   * has its own cost per byte at load. Absent in figures from before version 2 (read as 0).
   */
  readonly weightBytes?: Readonly<Partial<Record<KernelClass, number>>>;
  /**
   * Per sample, the largest im2col buffer of a convolution the runtime runs unblocked (channel
   * counts the transformer does not take): input channels × kernel area × output positions.
   */
  readonly im2colBytes?: number;
  /**
   * Per sample, what a planner that reuses a dead tensor's buffer only for one of exactly the
   * same size allocates for the runtime graph in file order (onnxruntime's allocation planner).
   */
  readonly exactReuseBytes?: number;
}

/**
 * Allocations below this come from glibc's heap, larger ones are mmap'd (and returned to the
 * system when freed). The measuring child pins glibc's threshold to this value
 * (MALLOC_MMAP_THRESHOLD_ in profiler-agent/measure/run-child.ts, where the choice of one page
 * is explained) so it does not drift.
 */
export const HEAP_TENSOR_LIMIT_BYTES = 4096;

/** Channel blocks the figures are computed for (1: no blocking, the fused graph alone). */
export const CHANNEL_BLOCKS = [1, 8, 16] as const;

export interface GraphFigures {
  /** Sum of the initializer bytes. */
  readonly paramBytes: number;
  /**
   * Weight bytes of the convolutions a BatchNormalization follows directly (batch norms not
   * folded in the file): the runtime folds them at load, holding old and new weights for a while.
   */
  readonly bnFoldParamBytes: number;
  /**
   * Parameter bytes in initializers smaller than HEAP_TENSOR_LIMIT_BYTES: the runtime's copies of
   * these come from the C heap, whose freed holes stay resident, while larger ones are mapped
   * and unmapped whole (with glibc's 128 KiB threshold, a small-tensor network kept ~3× its
   * weights after loading and a large-tensor one ~1×; at one page few weights stay in the heap).
   * Absent in figures from before it existed (read as 0).
   */
  readonly heapParamBytes?: number;
  /**
   * The largest initializer: loading copies a tensor several times over (file, graph, blocked
   * layout, session buffer) one tensor at a time, so a network whose weights sit in one tensor
   * peaks higher per weight byte (4.2× measured) than one whose weights are spread (2.6×).
   * Absent in figures from before it existed (read as 0).
   */
  readonly maxParamTensorBytes?: number;
  /** Bytes of the graph inputs and outputs, per sample. */
  readonly inputBytes: number;
  readonly outputBytes: number;
  /** Peak of live activations, best order found (strict rule), per sample. */
  readonly bestPeakBytes: number;
  /** The same in the file's node order. */
  readonly filePeakBytes: number;
  /** The MemNAS paper's level-by-level rule. */
  readonly methodPeakBytes: number;
  /** Sum of every tensor a node writes (what a runtime without buffer reuse would hold), per sample. */
  readonly sumActivationBytes: number;
  /** The largest single activation tensor, per sample. */
  readonly maxTensorBytes: number;
  /** Every node in the file, Constant nodes included. */
  readonly nodeCount: number;
  readonly kernels: Readonly<Record<KernelClass, KernelFigures>>;
  /** One entry per CHANNEL_BLOCKS value, in that order. */
  readonly blocked: readonly BlockedFigures[];
  /**
   * The kernels the runtime runs after its fusions, per class (fused-kernels.ts): what the latency
   * model reads. Added by app/calibrate/kernel-figures.ts; absent in figures made without it (a
   * search's memory refinements, calibrations before version 3), which the latency fit skips.
   */
  readonly fusedKernels?: FusedKernelTable;
  /**
   * The kernels the device's runtime itself runs, read off the graph it writes after its
   * optimizations (runtime-kernels.ts; app/calibrate/runtime-kernels.ts). Only where this machine
   * reproduces the device's runtime exactly; the runtime latency model reads it.
   */
  readonly runtimeKernels?: RuntimeKernelTable;
}

export const EMPTY_KERNEL: KernelFigures = Object.freeze({
  nodes: 0,
  macs: 0,
  outputBytes: 0,
  paramBytes: 0,
});
