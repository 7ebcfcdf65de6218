// The kernels a runtime runs after its graph optimisations, grouped into classes whose cost per
// unit of work is alike (nn-Meter's "kernel" units): the latency model (latency-features.ts) is
// linear in each class's MACs, bytes moved and node count. The fusion rules are onnxruntime's at
// graphOptimizationLevel 'all' on its CPU provider (Node and WebAssembly alike):
// - constant folding: a node whose inputs are all constant (initializers, Constant nodes, shapes
//   of statically shaped tensors) is computed once at load, not per run;
// - Dropout and Identity are removed (EliminateDropout, EliminateIdentity);
// - ConvBNFusion folds a BatchNormalization that alone consumes a Conv's output into the Conv,
//   and ConvActivationFusion then folds one following Relu, Clip, Sigmoid, Tanh, LeakyRelu or
//   HardSigmoid into it (FusedConv): one kernel, reading the Conv's input and weights and
//   writing the last fused op's output. HardSwish is not among them (its own kernel);
// - reshapes (Reshape, Flatten, Squeeze, Unsqueeze) alias their input: a dispatch, no bytes.
// fusedKernelList gives the kernels one by one, with their shapes (what a kernel probe,
// exporter/onnx/kernel-probe.ts, reproduces). Residual additions stay their own class: whether
// a runtime folds them into the Conv (NCHWc's Sum input) differs between Node's x86 build and
// WebAssembly, and a class of its own lets each device's fit find its cost.
import { product } from '../architecture/ops/op-spec.ts';

/** Fused-kernel classes. 'conv' is a dense k×k (k > 1) Conv, 'pointwise' a 1×1 one. */
export const FUSED_CLASSES = [
  'conv',
  'pointwise',
  'depthwise',
  'gemm',
  'pool',
  'globalPool',
  'add',
  'elementwise',
  'concat',
  'reshape',
  'other',
] as const;
export type FusedClass = (typeof FUSED_CLASSES)[number];

export interface FusedKernelFigures {
  /** Kernels the runtime runs per inference. */
  readonly nodes: number;
  /** Multiply-accumulates (windowed ops: window reads), per sample. */
  readonly macs: number;
  /** Activation bytes read and written (inputs and the fused output), per sample. */
  readonly activationBytes: number;
  /** Constant bytes read (weights, biases, folded batch norms), once per batch. */
  readonly weightBytes: number;
  /**
   * Rows a convolution's im2col copies per sample (im2colRows below); absent in tables stored
   * before they were counted.
   */
  readonly im2colRows?: number;
}

export type FusedKernelTable = Readonly<Record<FusedClass, FusedKernelFigures>>;

/**
 * One kernel the runtime runs, with the shapes a per-kernel latency predictor reads (nn-Meter's
 * kernel configuration): its class and work, the first activation input's and the fused output's
 * dimensions at batch 1, and a convolution's or pool's window, stride and group.
 */
export interface FusedKernel extends Omit<FusedKernelFigures, 'nodes'> {
  readonly kind: FusedClass;
  /** The head operator (Conv, Gemm, MaxPool, Add, …) and the activation fused into it, if any. */
  readonly op: string;
  readonly activation: string | null;
  /** Activation inputs read (an Add's two, a Concat's n). */
  readonly inputs: number;
  readonly inputDims: readonly number[];
  readonly outputDims: readonly number[];
  readonly window: readonly number[];
  readonly stride: number;
  readonly group: number;
}

/** One node of the file, as the fusion rules need it. */
export interface OpNode {
  readonly op: string;
  /** Input and output tensor names ('' for absent optional inputs removed). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Conv's group attribute (1 when absent). */
  readonly group: number;
  /** Spatial area of a Conv's kernel; 0 for other ops. */
  readonly kernelArea: number;
  /** Multiply-accumulates (or element reads) per sample at batch 1. */
  readonly macs: number;
  /** A Conv's or pool's window (kernel_shape) and first stride; absent read as none and 1. */
  readonly window?: readonly number[];
  readonly stride?: number;
}

/** Sizes of tensors at batch 1 and which of them exist before any run. */
export interface TensorTable {
  readonly bytes: (name: string) => number;
  /** Initializers and graph-level constants. */
  readonly isInitializer: (name: string) => boolean;
  /** Dimensions at batch 1 (absent: the kernel list carries no shapes). */
  readonly dims?: (name: string) => readonly number[];
}

const ACTIVATIONS = new Set(['Relu', 'Clip', 'Sigmoid', 'Tanh', 'LeakyRelu', 'HardSigmoid']);
const REMOVED = new Set(['Dropout', 'Identity']);
export const RESHAPES = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);
/** Ops whose output depends only on the input's static shape: folded at load. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);
export const WINDOW_POOLS = new Set(['MaxPool', 'AveragePool']);
export const GLOBAL_POOLS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'ReduceMean', 'ReduceMax']);
export const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Sum', 'Max', 'Min']);
export const UNARY = new Set([
  ...ACTIVATIONS,
  'HardSwish',
  'BatchNormalization',
  'Neg',
  'Exp',
  'Sqrt',
  'Pow',
]);

/** The outputs computed once at load: constant folding, closed over the graph in file order. */
function constantTensors(nodes: readonly OpNode[], tensors: TensorTable): Set<string> {
  const constant = new Set<string>();
  const isConstant = (t: string): boolean => constant.has(t) || tensors.isInitializer(t);
  for (const n of nodes) {
    if (n.op === 'Constant' || SHAPE_ONLY.has(n.op) || n.inputs.every(isConstant))
      n.outputs.forEach((o) => constant.add(o));
  }
  return constant;
}

function classOf(n: OpNode): FusedClass {
  if (n.op === 'Conv') {
    if (n.group > 1) return 'depthwise';
    return n.kernelArea === 1 ? 'pointwise' : 'conv';
  }
  if (n.op === 'Gemm' || n.op === 'MatMul') return 'gemm';
  if (WINDOW_POOLS.has(n.op)) return 'pool';
  if (GLOBAL_POOLS.has(n.op)) return 'globalPool';
  if (n.op === 'Concat') return 'concat';
  if (RESHAPES.has(n.op)) return 'reshape';
  if (BINARY.has(n.op)) return 'add';
  if (UNARY.has(n.op)) return 'elementwise';
  return 'other';
}

/** The graph's consumers per tensor, with removed ops (Dropout, Identity) seen through. */
function consumerIndex(nodes: readonly OpNode[]): Map<string, OpNode[]> {
  const consumers = new Map<string, OpNode[]>();
  for (const n of nodes)
    for (const t of new Set(n.inputs)) consumers.set(t, [...(consumers.get(t) ?? []), n]);
  return consumers;
}

/**
 * The nodes a Conv absorbs, in order: an optional BatchNormalization, then an optional
 * activation, each only when it is the sole consumer of the previous output (a second reader
 * needs the unfused tensor, so the runtime keeps it). Removed ops in between are passed over.
 */
function convChain(conv: OpNode, consumers: ReadonlyMap<string, OpNode[]>): OpNode[] {
  const chain: OpNode[] = [];
  let tail = conv;
  let stage = 0; // 0: BN or activation may follow; 1: activation only; 2: done
  for (;;) {
    const next = consumers.get(tail.outputs[0] ?? '') ?? [];
    if (next.length !== 1 || stage === 2) return chain;
    const n = next[0]!;
    if (REMOVED.has(n.op)) {
      chain.push(n);
    } else if (n.op === 'BatchNormalization' && stage === 0) {
      chain.push(n);
      stage = 1;
    } else if (ACTIVATIONS.has(n.op)) {
      chain.push(n);
      stage = 2;
    } else {
      return chain;
    }
    tail = n;
  }
}

const empty = (): Record<FusedClass, FusedKernelFigures> =>
  Object.fromEntries(
    FUSED_CLASSES.map((k) => [k, { nodes: 0, macs: 0, activationBytes: 0, weightBytes: 0, im2colRows: 0 }]),
  ) as Record<FusedClass, FusedKernelFigures>;

/**
 * The rows a convolution's im2col copies per sample: one per input channel, kernel element and
 * output row (every spatial dimension but the last), each a strided copy of one output row's
 * inputs. MLAS runs every convolution but a 1×1 stride-1 one (a plain GEMM) as im2col + GEMM
 * where it has no direct kernel — on WebAssembly all of them, depthwise included, a GEMM per
 * channel — and each row costs a loop's setup whatever its length. Measured in the browser
 * agent (bench/im2col-rows.ts: one depthwise convolution, 16–512 channels, 3×3 and 5×5, 4–32
 * pixels, strides 1 and 2): 4.7 ns a row besides 0.19 ns a MAC; without rows 21 of 56 graphs
 * came out within ±10%, with them 41 (docs/benchmarks.md, Calibration).
 */
function im2colRows(n: OpNode, inputDims: readonly number[], outputDims: readonly number[]): number {
  if (n.op !== 'Conv' || (n.kernelArea === 1 && (n.stride ?? 1) === 1)) return 0;
  return (inputDims[1] ?? 0) * n.kernelArea * product(outputDims.slice(2, -1));
}

/** The kernel a node heads, with the nodes it absorbs (`chain`). */
function kernelOf(
  n: OpNode,
  chain: readonly OpNode[],
  tensors: TensorTable,
  isConstant: (t: string) => boolean,
): FusedKernel {
  const members = [n, ...chain];
  const reads = members.flatMap((m) => m.inputs).filter((t, i, all) => all.indexOf(t) === i);
  const internal = new Set(members.flatMap((m) => m.outputs));
  const kind = classOf(n);
  const moved = kind === 'reshape' ? 0 : 1; // a reshape aliases its input: no bytes move, its shape is folded
  const activationIn = reads.filter((t) => !isConstant(t) && !internal.has(t));
  const outputs = members.at(-1)?.outputs ?? [];
  const output = outputs.reduce((s, o) => s + tensors.bytes(o), 0);
  const dims = tensors.dims ?? ((): readonly number[] => []);
  const inputDims = dims(activationIn[0] ?? '');
  const outputDims = dims(outputs[0] ?? '');
  return {
    kind,
    op: n.op,
    activation: chain.find((c) => ACTIVATIONS.has(c.op))?.op ?? null,
    inputs: activationIn.length,
    inputDims,
    outputDims,
    window: n.window ?? [],
    stride: n.stride ?? 1,
    group: n.group,
    macs: n.macs,
    activationBytes: moved * (output + activationIn.reduce((s, t) => s + tensors.bytes(t), 0)),
    weightBytes: moved * reads.filter(isConstant).reduce((s, t) => s + tensors.bytes(t), 0),
    im2colRows: im2colRows(n, inputDims, outputDims),
  };
}

/** The kernels the runtime runs per inference, in file order. */
export function fusedKernelList(nodes: readonly OpNode[], tensors: TensorTable): FusedKernel[] {
  const constant = constantTensors(nodes, tensors);
  const isConstant = (t: string): boolean => constant.has(t) || tensors.isInitializer(t);
  const consumers = consumerIndex(nodes);
  const absorbed = new Set<OpNode>();
  const kernels: FusedKernel[] = [];
  for (const n of nodes) {
    if (absorbed.has(n) || REMOVED.has(n.op) || n.outputs.every((o) => constant.has(o))) continue;
    const chain = n.op === 'Conv' ? convChain(n, consumers) : [];
    chain.forEach((c) => absorbed.add(c));
    kernels.push(kernelOf(n, chain, tensors, isConstant));
  }
  return kernels;
}

/** Per class, the kernels' figures summed. */
export function kernelTableOf(kernels: readonly FusedKernel[]): FusedKernelTable {
  const table = empty();
  for (const k of kernels) {
    const was = table[k.kind];
    table[k.kind] = {
      nodes: was.nodes + 1,
      macs: was.macs + k.macs,
      activationBytes: was.activationBytes + k.activationBytes,
      weightBytes: was.weightBytes + k.weightBytes,
      im2colRows: (was.im2colRows ?? 0) + (k.im2colRows ?? 0),
    };
  }
  return table;
}

/** The fused-kernel table of a graph: one entry per class, figures summed over its kernels. */
export function fusedKernels(nodes: readonly OpNode[], tensors: TensorTable): FusedKernelTable {
  return kernelTableOf(fusedKernelList(nodes, tensors));
}
