// The features the calibration model is linear in. Memory: a fixed part, a per-node part (kernel
// objects, their allocations), parameter bytes (all of them; the convolution weights padded to a
// channel block, as a blocked runtime reorders them; those of convolutions whose batch norms the
// runtime folds at load, holding old and new weights at once), and per-sample activation figures
// (plain and blocked, peak and sum, concatenations, inputs and outputs) times the batch. Latency, in
// the manner of nn-Meter's kernel-level predictors: a fixed call cost, a per-node dispatch cost,
// and per kernel class a cost per MAC and per output byte, times the batch.
import { CHANNEL_BLOCKS, type GraphFigures, type KernelClass } from './figures.ts';

export interface Feature {
  readonly name: string;
  readonly value: (f: GraphFigures, batch: number) => number;
}

const kernel = (f: GraphFigures, k: KernelClass) => f.kernels[k];

/**
 * Hinges on the batch's activation bytes: allocators change regime with size (onnxruntime keeps
 * the first run's arena chunks and then reserves one block for the planned pattern, glibc moves
 * allocations above its mmap threshold out of the heap), so the per-sample cost is convex in the
 * activation bytes. max(0, x − knee) terms let a non-negative fit follow that without a cliff.
 */
const KNEES = [256e3, 1e6, 4e6];

/** Nodes the runtime runs (the finest block's graph: fused ops excluded). */
const runtimeNodes = (f: GraphFigures): number => f.blocked.at(-1)?.nodes ?? f.nodeCount;

const activations = (f: GraphFigures, b: number): number =>
  b * (f.blocked.at(-1)?.bestPeakBytes ?? f.bestPeakBytes);

export const MEMORY_FEATURES: readonly Feature[] = [
  { name: 'fixed', value: () => 1 },
  { name: 'runtimeNodes', value: runtimeNodes },
  { name: 'paramBytes', value: (f) => f.paramBytes },
  { name: 'bnFoldParamBytes', value: (f) => f.bnFoldParamBytes },
  ...CHANNEL_BLOCKS.map((block) => ({
    name: `convParamBytes@${block}`,
    value: (f: GraphFigures) => f.blocked.find((x) => x.block === block)?.convParamBytes ?? 0,
  })),
  { name: 'batch×bestPeakBytes', value: (f, b) => b * f.bestPeakBytes },
  { name: 'batch×sumActivationBytes', value: (f, b) => b * f.sumActivationBytes },
  { name: 'batch×concatBytes', value: (f, b) => b * kernel(f, 'concat').outputBytes },
  { name: 'batch×ioBytes', value: (f, b) => b * (f.inputBytes + f.outputBytes) },
  ...CHANNEL_BLOCKS.flatMap((block) => {
    const of = (f: GraphFigures) => f.blocked.find((x) => x.block === block);
    return [
      {
        name: `batch×bestPeakBytes@${block}`,
        value: (f: GraphFigures, b: number) => b * (of(f)?.bestPeakBytes ?? 0),
      },
      {
        name: `batch×sumActivationBytes@${block}`,
        value: (f: GraphFigures, b: number) => b * (of(f)?.sumActivationBytes ?? 0),
      },
    ];
  }),
  ...KNEES.map((knee) => ({
    name: `hinge(batch×bestPeakBytes@16 − ${knee})`,
    value: (f: GraphFigures, b: number) => Math.max(0, activations(f, b) - knee),
  })),
];

const MAC_CLASSES: readonly KernelClass[] = ['conv', 'conv1x1', 'depthwise', 'gemm', 'pool'];
const BYTE_CLASSES: readonly KernelClass[] = ['elementwise', 'concat', 'other'];

export const LATENCY_FEATURES: readonly Feature[] = [
  { name: 'fixed', value: () => 1 },
  { name: 'runtimeNodes', value: runtimeNodes },
  ...MAC_CLASSES.map((k) => ({
    name: `batch×${k}.macs`,
    value: (f: GraphFigures, b: number) => b * kernel(f, k).macs,
  })),
  ...[...MAC_CLASSES, ...BYTE_CLASSES].map((k) => ({
    name: `batch×${k}.outputBytes`,
    value: (f: GraphFigures, b: number) => b * kernel(f, k).outputBytes,
  })),
];

export function featureRow(features: readonly Feature[], f: GraphFigures, batch: number): number[] {
  return features.map((x) => x.value(f, batch));
}
