// The terms the latency model is linear in, per fused-kernel class (fused-kernels.ts), in the
// manner of nn-Meter's kernel-level predictors: a kernel's time is a cost per MAC, a cost per
// byte it moves and a cost per launch, each class with its own, plus one constant per inference
// (the session's run call, input and output copies). Work scales with the batch; a weight is read
// once per batch (the runtime packs it at load and reuses the packed copy for every sample).
import type { Feature } from './features.ts';
import type { GraphFigures } from './figures.ts';
import { FUSED_CLASSES, type FusedClass, type FusedKernelFigures } from './fused-kernels.ts';
import { hasConvWork, RUNTIME_CONV_KINDS, RUNTIME_KERNEL_CLASSES } from './runtime-kernels.ts';

/** Classes whose arithmetic, not their memory traffic, bounds them. */
const MAC_CLASSES: readonly FusedClass[] = ['conv', 'pointwise', 'depthwise', 'gemm', 'pool', 'globalPool'];
/**
 * Classes whose weight reads the file-level model costs. A depthwise convolution's weights are a
 * few bytes per channel: what their term fitted was the per-row cost of its im2col
 * (IM2COL_CLASSES), which scales with the kernel's area as they do (a 3×3-only test set came out
 * 11–31% slow in the browser); the runtime model keeps the term as measured.
 */
const WEIGHT_CLASSES: readonly FusedClass[] = ['conv', 'pointwise', 'gemm'];
/** Classes MLAS runs as im2col + GEMM where it has no direct kernel (fused-kernels.ts, im2colRows). */
const IM2COL_CLASSES: readonly FusedClass[] = ['conv', 'pointwise', 'depthwise'];
/** Classes that move bytes (a reshape aliases its input). */
const BYTE_CLASSES: readonly FusedClass[] = FUSED_CLASSES.filter((k) => k !== 'reshape');

const NONE: FusedKernelFigures = { nodes: 0, macs: 0, activationBytes: 0, weightBytes: 0 };
const kernel = (f: GraphFigures, k: FusedClass): FusedKernelFigures => f.fusedKernels?.[k] ?? NONE;

/** The name of a class's MAC term. */
const macsTerm = (k: FusedClass): string => `batch×${k}.macs`;

const weightTerm = (k: FusedClass): Feature => ({
  name: `${k}.weightBytes`,
  value: (f: GraphFigures) => kernel(f, k).weightBytes,
});
const DEPTHWISE_WEIGHTS = weightTerm('depthwise');

/** The terms both models share. */
const SHARED_TERMS: readonly Feature[] = [
  { name: 'fixed', value: () => 1 },
  ...FUSED_CLASSES.map((k) => ({
    name: `${k}.nodes`,
    value: (f: GraphFigures) => kernel(f, k).nodes,
  })),
  ...MAC_CLASSES.map((k) => ({
    name: macsTerm(k),
    value: (f: GraphFigures, b: number) => b * kernel(f, k).macs,
  })),
  ...BYTE_CLASSES.map((k) => ({
    name: `batch×${k}.activationBytes`,
    value: (f: GraphFigures, b: number) => b * kernel(f, k).activationBytes,
  })),
  ...WEIGHT_CLASSES.map(weightTerm),
];

/** The file-level terms of im2col rows (fused-kernels.ts), which tables stored before lack. */
export const IM2COL_TERMS: readonly Feature[] = IM2COL_CLASSES.map((k) => ({
  name: `batch×${k}.im2colRows`,
  value: (f: GraphFigures, b: number) => b * (kernel(f, k).im2colRows ?? 0),
}));

/**
 * The file-level model: the shared terms and a cost per im2col row. Measured in the browser agent
 * (docs/benchmarks.md, Calibration): the test set within ±10% 88% → 94–100% in four calibrations,
 * the second set 61–72% → 78–94%.
 */
export const LATENCY_FEATURES: readonly Feature[] = [...SHARED_TERMS, ...IM2COL_TERMS];

/**
 * The file-level model before im2col rows were counted: fitted when a sample's table has none
 * (stored before), since a row-less sample would read as a graph without im2col.
 */
export const ROWLESS_LATENCY_FEATURES: readonly Feature[] = [...SHARED_TERMS, DEPTHWISE_WEIGHTS];

/** Whether the figures' kernel table counts im2col rows (tables stored before do not). */
export const hasIm2colRows = (f: GraphFigures): boolean =>
  f.fusedKernels !== undefined && Object.values(f.fusedKernels).every((k) => k.im2colRows !== undefined);

/** Whether the figures carry the fused-kernel table the latency terms read. */
export const hasKernelTable = (f: GraphFigures): boolean => f.fusedKernels !== undefined;

/** The file-level MAC terms of convolutions, which the runtime model counts as the runtime computes them. */
const FILE_CONV_MACS = new Set((['conv', 'pointwise', 'depthwise'] as const).map(macsTerm));

/** The runtime model's own terms, which only figures with the runtime's kernel table carry. */
export const RUNTIME_TERMS: readonly Feature[] = [
  ...RUNTIME_KERNEL_CLASSES.map((k) => ({
    name: `runtime.${k}.nodes`,
    value: (f: GraphFigures) => f.runtimeKernels?.nodes[k] ?? 0,
  })),
  {
    name: 'batch×runtime.reorderOutputBytes',
    value: (f: GraphFigures, b: number) => b * (f.runtimeKernels?.reorderOutputBytes ?? 0),
  },
  {
    name: 'batch×runtime.reorderInputBytes',
    value: (f: GraphFigures, b: number) => b * (f.runtimeKernels?.reorderInputBytes ?? 0),
  },
  ...RUNTIME_CONV_KINDS.map((k) => ({
    name: `batch×runtime.${k}.macs`,
    value: (f: GraphFigures, b: number) => b * (f.runtimeKernels?.convMacs?.[k] ?? 0),
  })),
  {
    name: 'batch×runtime.activationPassBytes',
    value: (f: GraphFigures, b: number) => b * (f.runtimeKernels?.activationPassBytes ?? 0),
  },
];

/**
 * The runtime model's terms: the shared ones above (with a depthwise convolution's weight bytes,
 * without im2col rows: the runtime's blocked convolutions are direct), plus a cost per kernel of
 * each class the runtime itself runs (runtime-kernels.ts), per byte its layout reorders copy and
 * per byte its second activation passes go over; convolutions' MACs are the runtime's (channels
 * padded to its block) instead of the file's. Measured on this machine (docs/benchmarks.md, Calibration): with
 * the file's MACs a 24-channel inverted-residual network came out 17% under its p50, its
 * 12-channel layers computed as 16 and its 24-channel ones as 32.
 */
export const RUNTIME_LATENCY_FEATURES: readonly Feature[] = [
  ...SHARED_TERMS.filter((f) => !FILE_CONV_MACS.has(f.name)),
  DEPTHWISE_WEIGHTS,
  ...RUNTIME_TERMS,
];

/** Every term either model may name: a stored model is read by its terms' names. */
export const ALL_LATENCY_FEATURES: readonly Feature[] = [
  ...new Set([...LATENCY_FEATURES, ...ROWLESS_LATENCY_FEATURES, ...RUNTIME_LATENCY_FEATURES]),
];

/**
 * Whether the figures carry the runtime's own kernel table as well, with its convolutions' work
 * (app/calibrate/runtime-kernels.ts; tables stored before the work was counted have none).
 */
export const hasRuntimeTable = (f: GraphFigures): boolean =>
  hasKernelTable(f) && f.runtimeKernels !== undefined && hasConvWork(f.runtimeKernels);
