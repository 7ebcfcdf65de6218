// ONNX bytes → the calibration model's GraphFigures (search/calibration/figures.ts): the memory
// model's activation figures at batch 1, plus a per-kernel-class table of node counts, MACs and
// bytes read from the inferred shapes and the nodes' attributes. Works on any ONNX file the
// memory model can size (memnas exports and public exports alike).
import { analyzeMemory } from '../../../search/memory/analyze.ts';
import type { MemoryGraph } from '../../../search/memory/graph.ts';
import { blockedRuntimeGraph, convMode } from './blocked-graph.ts';
import {
  type BlockedFigures,
  CHANNEL_BLOCKS,
  EMPTY_KERNEL,
  HEAP_TENSOR_LIMIT_BYTES,
  KERNEL_CLASSES,
  type GraphFigures,
  type KernelClass,
  type KernelFigures,
} from '../../../search/calibration/figures.ts';
import { int64, type OnnxTypes } from '../proto.ts';
import { readOnnxModel } from '../read-model.ts';
import { onnxToMemoryGraph } from '../to-memory-graph.ts';
import { initializerBytes as initializerSize } from '../tensor-info.ts';

type Dims = readonly number[];

const SHAPE_OPS = new Set([
  'Reshape',
  'Flatten',
  'Shape',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Constant',
  'Dropout',
  'Identity',
  'Cast',
  'ConstantOfShape',
]);
const ELEMENTWISE_OPS = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Relu',
  'Clip',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'LeakyRelu',
  'BatchNormalization',
  'Max',
  'Min',
  'Sum',
  'Neg',
  'Exp',
  'Sqrt',
  'Pow',
]);
const POOL_OPS = new Set(['MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'ReduceMean']);

const numel = (dims: Dims): number => dims.reduce((a, b) => a * b, 1);

function intAttr(node: OnnxTypes.INodeProto, name: string): number | undefined {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a ? int64(a.i) : undefined;
}

function intsAttr(node: OnnxTypes.INodeProto, name: string): number[] | undefined {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a ? (a.ints ?? []).map((v) => int64(v)) : undefined;
}

interface Classified {
  readonly kernel: KernelClass;
  /** Per sample. */
  readonly macs: number;
}

/** The node's kernel class and per-sample work, from its input and output dims at batch 1. */
function classify(node: OnnxTypes.INodeProto, dimsOf: (name: string) => Dims | undefined): Classified {
  const op = node.opType ?? '';
  const inputs = node.input ?? [];
  const out = dimsOf(node.output?.[0] ?? '') ?? [];
  const outN = numel(out);
  if (op === 'Conv') {
    const w = dimsOf(inputs[1] ?? '') ?? [];
    const group = intAttr(node, 'group') ?? 1;
    const area = numel(w.slice(2));
    const macs = outN * (w[1] ?? 1) * area;
    if (group > 1) return { kernel: 'depthwise', macs };
    return { kernel: area === 1 ? 'conv1x1' : 'conv', macs };
  }
  if (op === 'Gemm' || op === 'MatMul') {
    const a = dimsOf(inputs[0] ?? '') ?? [];
    const transA = op === 'Gemm' && intAttr(node, 'transA') === 1;
    const k = transA ? (a[a.length - 2] ?? 1) : (a[a.length - 1] ?? 1);
    return { kernel: 'gemm', macs: outN * k };
  }
  if (POOL_OPS.has(op)) {
    const kernel = intsAttr(node, 'kernel_shape');
    const inN = numel(dimsOf(inputs[0] ?? '') ?? []);
    return { kernel: 'pool', macs: kernel ? outN * numel(kernel) : inN };
  }
  if (op === 'Concat') return { kernel: 'concat', macs: outN };
  if (SHAPE_OPS.has(op)) return { kernel: 'shape', macs: 0 };
  if (ELEMENTWISE_OPS.has(op)) return { kernel: 'elementwise', macs: outN };
  return { kernel: 'other', macs: outN };
}

const roundUp = (n: number, block: number): number => Math.ceil(n / block) * block;

/** Weight bytes of a Conv or Gemm in a channel-blocked layout; other nodes' weights as they are. */
function blockedWeightBytes(node: OnnxTypes.INodeProto, dims: Dims | undefined, block: number): number {
  if (dims === undefined) return 0;
  const op = node.opType ?? '';
  if (op === 'Conv' && dims.length === 4) {
    const group = intAttr(node, 'group') ?? 1;
    const [m, c, kh, kw] = dims as [number, number, number, number];
    const cin = group > 1 ? c : c >= block ? roundUp(c, block) : c;
    return roundUp(m, block) * cin * kh * kw * 4;
  }
  if (op === 'Gemm' && dims.length === 2) return roundUp(dims[0]!, block) * dims[1]! * 4;
  return numel(dims) * 4;
}

/**
 * Bytes an allocation planner that reuses a dead tensor's buffer only for a tensor of exactly
 * the same size (onnxruntime's) allocates for the graph in file order: the distinct buffers
 * it plans. Graph inputs are not counted; outputs are kept to the end.
 */
export function exactReusePlanBytes(graph: MemoryGraph): number {
  const lastUse = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.inputs.forEach((t) => lastUse.set(t, i)));
  for (const t of graph.graphOutputs) lastUse.set(t, Infinity);
  const inputs = new Set(graph.graphInputs);
  const free = new Map<number, number>();
  let planned = 0;
  graph.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      const bytes = graph.tensors.get(o) ?? 0;
      if (bytes === 0) continue;
      const k = free.get(bytes) ?? 0;
      if (k > 0) free.set(bytes, k - 1);
      else planned += bytes;
    }
    for (const t of new Set(n.inputs)) {
      if (inputs.has(t) || lastUse.get(t) !== i) continue;
      const bytes = graph.tensors.get(t) ?? 0;
      if (bytes > 0) free.set(bytes, (free.get(bytes) ?? 0) + 1);
    }
  });
  return planned;
}

function blockedFigures(
  model: OnnxTypes.IModelProto,
  graph: MemoryGraph,
  paramBytes: number,
  dimsOf: (name: string) => Dims | undefined,
  initializers: ReadonlyMap<string, number>,
  block: number,
  orderBudget: number | undefined,
): BlockedFigures {
  const runtime = blockedRuntimeGraph(
    { model, graph, dimsOf, isInitializer: (t) => initializers.has(t) },
    block,
  );
  const analysis = analyzeMemory(runtime, paramBytes, orderBudget === undefined ? {} : { orderBudget });
  const inputs = new Set(runtime.graphInputs);
  let sumActivationBytes = 0;
  for (const [name, b] of runtime.tensors) if (!inputs.has(name)) sumActivationBytes += b;
  let convParamBytes = 0;
  let im2colBytes = 0;
  const weightBytes: Partial<Record<KernelClass, number>> = {};
  for (const node of model.graph?.node ?? []) {
    const op = node.opType ?? '';
    if (op !== 'Conv' && op !== 'Gemm' && op !== 'MatMul') continue;
    const weight = node.input?.[1] ?? '';
    if (!initializers.has(weight)) continue;
    const bytes = blockedWeightBytes(node, dimsOf(weight), block);
    convParamBytes += bytes;
    const { kernel } = classify(node, dimsOf);
    weightBytes[kernel] = (weightBytes[kernel] ?? 0) + bytes;
    const w = dimsOf(weight);
    // Unblocked convolutions run through im2col: those the NCHWc transformer leaves, or at block
    // 1 (no transformer) every dense one.
    const unblocked = block === 1 ? (intAttr(node, 'group') ?? 1) === 1 : convMode(node, w, block) === 'no';
    if (op === 'Conv' && w?.length === 4 && unblocked) {
      const out = dimsOf(node.output?.[0] ?? '') ?? [];
      const area = w[2]! * w[3]!;
      const strided = (intsAttr(node, 'strides') ?? []).some((x) => x !== 1);
      if (area > 1 || strided) im2colBytes = Math.max(im2colBytes, w[1]! * area * numel(out.slice(2)) * 4);
    }
  }
  return {
    block,
    nodes: runtime.nodes.length,
    convNodes: runtime.nodes.filter((n) => n.op === 'Conv').length,
    reorderNodes: runtime.nodes.filter((n) => n.op.startsWith('Reorder')).length,
    bestPeakBytes: analysis.peakActivationBytes,
    filePeakBytes: analysis.fileOrderPeakActivationBytes,
    sumActivationBytes,
    convParamBytes,
    weightBytes,
    im2colBytes,
    exactReuseBytes: exactReusePlanBytes(runtime),
  };
}

/** Per kernel class: node count, MACs, output and parameter bytes. */
function kernelTable(
  model: OnnxTypes.IModelProto,
  graph: MemoryGraph,
  dimsOf: (name: string) => Dims | undefined,
  initializerBytes: ReadonlyMap<string, number>,
): Record<KernelClass, KernelFigures> {
  const kernels = Object.fromEntries(KERNEL_CLASSES.map((k) => [k, { ...EMPTY_KERNEL }])) as Record<
    KernelClass,
    KernelFigures
  >;
  for (const node of model.graph?.node ?? []) {
    const { kernel, macs } = classify(node, dimsOf);
    const outputBytes = (node.output ?? []).reduce((s, o) => s + (graph.tensors.get(o) ?? 0), 0);
    const params = (node.input ?? []).reduce((s, i) => s + (initializerBytes.get(i) ?? 0), 0);
    const k = kernels[kernel];
    kernels[kernel] = {
      nodes: k.nodes + 1,
      macs: k.macs + macs,
      outputBytes: k.outputBytes + outputBytes,
      paramBytes: k.paramBytes + params,
    };
  }
  return kernels;
}

/** Sum and largest size of the activations (every tensor but the graph inputs). */
function activationTotals(graph: MemoryGraph): { sumActivationBytes: number; maxTensorBytes: number } {
  const inputs = new Set(graph.graphInputs);
  let sumActivationBytes = 0;
  let maxTensorBytes = 0;
  for (const [name, b] of graph.tensors) {
    if (inputs.has(name)) continue;
    sumActivationBytes += b;
    maxTensorBytes = Math.max(maxTensorBytes, b);
  }
  return { sumActivationBytes, maxTensorBytes };
}

/** Parameter figures: the conv weights a batch-norm fold rewrites, heap-sized and largest tensors. */
function paramFigures(
  model: OnnxTypes.IModelProto,
  initializerBytes: ReadonlyMap<string, number>,
): { bnFoldParamBytes: number; heapParamBytes: number; maxParamTensorBytes: number } {
  const bnInputs = new Set(
    (model.graph?.node ?? []).filter((n) => n.opType === 'BatchNormalization').map((n) => n.input?.[0] ?? ''),
  );
  let bnFoldParamBytes = 0;
  for (const node of model.graph?.node ?? []) {
    if (node.opType === 'Conv' && bnInputs.has(node.output?.[0] ?? ''))
      bnFoldParamBytes += initializerBytes.get(node.input?.[1] ?? '') ?? 0;
  }
  let heapParamBytes = 0;
  let maxParamTensorBytes = 0;
  for (const b of initializerBytes.values()) {
    if (b < HEAP_TENSOR_LIMIT_BYTES) heapParamBytes += b;
    maxParamTensorBytes = Math.max(maxParamTensorBytes, b);
  }
  return { bnFoldParamBytes, heapParamBytes, maxParamTensorBytes };
}

/**
 * The calibration figures of an ONNX model at batch 1.
 * @throws MemnasError ONNX_INVALID / ONNX_SHAPE / ONNX_UNSUPPORTED_OP, as `memnas estimate`.
 */
export function onnxFigures(bytes: Uint8Array, orderBudget?: number): GraphFigures {
  const model = readOnnxModel(bytes);
  const { graph, paramBytes, shapes } = onnxToMemoryGraph(model, { batch: 1 });
  const analysis = analyzeMemory(graph, paramBytes, orderBudget === undefined ? {} : { orderBudget });
  const dimsOf = (name: string): Dims | undefined => shapes.get(name)?.dims;
  const initializerBytes = new Map<string, number>();
  for (const t of model.graph?.initializer ?? []) initializerBytes.set(t.name ?? '', initializerSize(t));
  const kernels = kernelTable(model, graph, dimsOf, initializerBytes);
  const { sumActivationBytes, maxTensorBytes } = activationTotals(graph);
  const { bnFoldParamBytes, heapParamBytes, maxParamTensorBytes } = paramFigures(model, initializerBytes);
  const sizeOf = (names: readonly string[]): number =>
    names.reduce((s, n) => s + (graph.tensors.get(n) ?? 0), 0);
  return {
    paramBytes,
    bnFoldParamBytes,
    heapParamBytes,
    maxParamTensorBytes,
    inputBytes: sizeOf(graph.graphInputs),
    outputBytes: sizeOf(graph.graphOutputs),
    bestPeakBytes: analysis.peakActivationBytes,
    filePeakBytes: analysis.fileOrderPeakActivationBytes,
    methodPeakBytes: analysis.methodPeakActivationBytes,
    sumActivationBytes,
    maxTensorBytes,
    nodeCount: graph.nodes.length,
    kernels,
    blocked: CHANNEL_BLOCKS.map((block) =>
      blockedFigures(model, graph, paramBytes, dimsOf, initializerBytes, block, orderBudget),
    ),
  };
}
