// The features the calibration model is linear in. Memory has two parts, the peak while loading
// (the parsed file and the weights' per-kernel-class copies) and the peak while running (kept
// weights, a per-node part, per-sample activation figures times the batch); the measured peak is
// the larger of the two (model.ts). Latency's terms, per fused-kernel class, are in
// latency-features.ts.
import { CHANNEL_BLOCKS, type GraphFigures, type KernelClass } from './figures.ts';

export interface Feature {
  readonly name: string;
  readonly value: (f: GraphFigures, batch: number) => number;
}

const kernel = (f: GraphFigures, k: KernelClass) => f.kernels[k];

/**
 * A negative constant (non-negative fits take it with a non-negative coefficient): the baseline
 * process has free heap, left by the runtime's start and the trivial session, that a model's
 * first allocations reuse before the resident size grows. Measured with glibc's 128 KiB mmap
 * threshold: a 13-node network's load raised the peak by 10–40 KB, a 131-node one's by 1.8 MB;
 * without a credit the linear fit could not have both. Since the Node agent maps every block of
 * a page or more on its own (profiler-agent/measure/run-child.ts) Node fits give it 0; the
 * browser's WebAssembly heap still has free space that a model's first allocations reuse.
 */
const CREDIT: Feature = { name: 'credit', value: () => -1 };

/**
 * Hinges on the batch's activation bytes: allocators change regime with size (onnxruntime keeps
 * the first run's arena chunks and then reserves one block for the planned pattern, glibc moves
 * allocations above its mmap threshold out of the heap), so the per-sample cost is convex in the
 * activation bytes. max(0, x − knee) terms let a non-negative fit follow that without a cliff.
 */
const KNEES = [256e3, 1e6, 4e6];

/**
 * Kernel classes whose code a network pages in only if it has one: the measured peak includes
 * the runtime's code pages the model's kernels touch for the first time (a Gemm head's packing
 * and SGEMM kernels: ~66 KB measured), so each class present costs a constant.
 */
const CODE_CLASSES: readonly KernelClass[] = ['conv1x1', 'depthwise', 'gemm', 'pool', 'concat'];

/** Nodes the runtime runs (the finest block's graph: fused ops excluded). */
const runtimeNodes = (f: GraphFigures): number => f.blocked.at(-1)?.nodes ?? f.nodeCount;

const activations = (f: GraphFigures, b: number): number =>
  b * (f.blocked.at(-1)?.bestPeakBytes ?? f.bestPeakBytes);

const blockedAt = (f: GraphFigures, block: number) => f.blocked.find((x) => x.block === block);
const finest = (f: GraphFigures) => f.blocked.at(-1);

/**
 * Computing nodes of the file: shape-class nodes (Shape, Gather, Unsqueeze, Constant, Reshape,
 * Flatten, Dropout, …) excluded. Those are folded at load or alias their input, and a PyTorch
 * export has dozens of them (shufflenet's channel shuffles: 439 nodes); costed like computing
 * nodes they made shufflenet's predicted peak 72% too high on Node and two PyTorch-style
 * inverted residuals' load 12% too high in the browser (all three within 10% without them).
 */
const fileComputeNodes = (f: GraphFigures): number => f.nodeCount - f.kernels.shape.nodes;

/**
 * Terms of both memory parts: a fixed part, the free-heap credit, per runtime node and per
 * computing file node, all parameter bytes, those of small (heap) tensors, and the batch norms
 * folded at load.
 * The two parts fit them apart (each with its own coefficient) when the agent measured the load
 * and the run apart; the max() alternation shares one coefficient per name.
 */
const SHARED_FEATURES: readonly Feature[] = [
  { name: 'fixed', value: () => 1 },
  CREDIT,
  { name: 'runtimeNodes', value: runtimeNodes },
  { name: 'paramBytes', value: (f) => f.paramBytes },
  { name: 'heapParamBytes', value: (f) => f.heapParamBytes ?? 0 },
  { name: 'fileComputeNodes', value: fileComputeNodes },
  { name: 'bnFoldParamBytes', value: (f) => f.bnFoldParamBytes },
];

/**
 * Memory while the runtime runs the model: a fixed part, a per-node part (runtime nodes, and
 * the file's computing nodes), the weights it keeps (as in the file and in the blocked layout)
 * and what the load left behind — the C heap keeps the holes of the small tensors' freed copies
 * resident (heapParamBytes: measured with glibc's 128 KiB threshold, ~3× such weights stayed
 * after loading against ~1× for mapped ones; below a page, few weights are left there), the
 * batch norms it folded — and per-sample activation figures of the graph the runtime runs
 * (fused, and channel-blocked; not the file's unfused graph, which no runtime runs: with it the
 * fit leaned on a ReLU output onnxruntime never allocates): peak and sum, concatenations, the
 * largest im2col buffer of an unblocked convolution, times the batch.
 */
export const MEMORY_FEATURES: readonly Feature[] = [
  ...SHARED_FEATURES,
  ...CHANNEL_BLOCKS.map((block) => ({
    name: `convParamBytes@${block}`,
    value: (f: GraphFigures) => blockedAt(f, block)?.convParamBytes ?? 0,
  })),
  ...CODE_CLASSES.map((k) => ({
    name: `uses:${k}`,
    value: (f: GraphFigures) => (kernel(f, k).nodes > 0 ? 1 : 0),
  })),
  { name: 'batch×concatBytes', value: (f, b) => b * kernel(f, 'concat').outputBytes },
  ...CHANNEL_BLOCKS.flatMap((block) => [
    {
      name: `batch×bestPeakBytes@${block}`,
      value: (f: GraphFigures, b: number) => b * (blockedAt(f, block)?.bestPeakBytes ?? 0),
    },
    {
      name: `batch×sumActivationBytes@${block}`,
      value: (f: GraphFigures, b: number) => b * (blockedAt(f, block)?.sumActivationBytes ?? 0),
    },
  ]),
  { name: 'batch×im2colBytes', value: (f, b) => b * (finest(f)?.im2colBytes ?? 0) },
  { name: 'batch×exactReuseBytes', value: (f, b) => b * (finest(f)?.exactReuseBytes ?? 0) },
  ...KNEES.map((knee) => ({
    name: `hinge(batch×bestPeakBytes@16 − ${knee})`,
    value: (f: GraphFigures, b: number) => Math.max(0, activations(f, b) - knee),
  })),
];

/**
 * Weight classes with a load cost of their own: dense k×k and pointwise convolutions, the bulk of
 * any network's weights, which the runtime reorders into its blocked layout (other classes'
 * weights are small everywhere, and a term of their own is not identifiable from a calibration
 * set: they share the paramBytes term).
 */
const WEIGHT_CLASSES: readonly KernelClass[] = ['conv', 'conv1x1'];

/**
 * Memory while the runtime loads the model, before any batch: the parsed file (all parameter
 * bytes; the small tensors' copies again, as heap holes outlive them), the file's computing
 * nodes (each is built, then fused or kept), the convolution weights' copies in the runtime's
 * own layout (each class its own cost per byte) and the batch norms it folds into convolutions
 * (old and new weights held at once).
 * SHARED_FEATURES are named by both parts: the session and the kept weights outlive the load.
 * The measured peak is the larger of the two parts (model.ts).
 */
export const LOAD_FEATURES: readonly Feature[] = [
  ...SHARED_FEATURES,
  { name: 'maxParamTensorBytes', value: (f) => f.maxParamTensorBytes ?? 0 },
  ...WEIGHT_CLASSES.map((k) => ({
    name: `${k}.paramBytes`,
    value: (f: GraphFigures) => kernel(f, k).paramBytes,
  })),
];

export function featureRow(features: readonly Feature[], f: GraphFigures, batch: number): number[] {
  return features.map((x) => x.value(f, batch));
}
