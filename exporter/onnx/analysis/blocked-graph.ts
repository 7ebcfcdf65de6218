// The activation graph a channel-blocked CPU runtime actually runs, approximated from an ONNX
// graph: onnxruntime's NCHWc transformer (highest optimisation level, x86 with AVX2/AVX-512)
// runs eligible convolutions with channels padded to a block (8 or 16), keeps pools, additions
// and concatenations of blocked tensors blocked, and inserts a reorder copy wherever a blocked
// tensor meets an operator that needs the plain layout (or a plain tensor meets a blocked conv).
// Unary element-wise operators directly after their producer are fused or run in place, and
// reshapes alias their input, so neither adds a tensor. The result is a MemoryGraph whose peak
// in file order is the calibration's "activation bytes under the runtime's rules".
import type { OnnxTypes } from '../proto.ts';
import { int64 } from '../proto.ts';
import type { MemoryGraph, MemoryNode } from '../../../search/memory/graph.ts';

type Dims = readonly number[];

const UNARY = new Set([
  'Relu',
  'Clip',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'LeakyRelu',
  'BatchNormalization',
  'Dropout',
  'Identity',
]);
const ALIASES = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);
const BLOCKED_POOLS = new Set(['MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool']);
/** Channel counts the transformer accepts must be multiples of this. */
const CHANNEL_ALIGNMENT = 4;

function intAttr(node: OnnxTypes.INodeProto, name: string): number | undefined {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a ? int64(a.i) : undefined;
}

/** Whether onnxruntime's NCHWc transformer would run this Conv blocked (and on what input). */
export function convMode(
  node: OnnxTypes.INodeProto,
  w: Dims | undefined,
  block: number,
): 'no' | 'plain-input' | 'blocked-input' {
  if (w?.length !== 4) return 'no';
  if (block === 1) return 'blocked-input';
  const group = intAttr(node, 'group') ?? 1;
  const [m, c] = [w[0]!, w[1]! * group];
  if (m % CHANNEL_ALIGNMENT !== 0) return 'no';
  if (group > 1) return m === group && c === group ? 'blocked-input' : 'no';
  if (c < block) return 'plain-input';
  return c % CHANNEL_ALIGNMENT === 0 ? 'blocked-input' : 'no';
}

export interface BlockedGraphInput {
  readonly model: OnnxTypes.IModelProto;
  /** The plain memory graph (onnxToMemoryGraph) at batch 1. */
  readonly graph: MemoryGraph;
  readonly dimsOf: (name: string) => Dims | undefined;
  readonly isInitializer: (name: string) => boolean;
}

export function blockedRuntimeGraph(input: BlockedGraphInput, block: number): MemoryGraph {
  const { model, graph, dimsOf, isInitializer } = input;
  const onnxNodes = model.graph?.node ?? [];
  const consumers = new Map<string, number>();
  for (const n of onnxNodes)
    for (const i of n.input ?? []) if (i !== '') consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const alias = new Map<string, string>();
  const resolve = (t: string): string => alias.get(t) ?? t;
  const blocked = new Set<string>();
  const tensors = new Map<string, number>();
  const nodes: MemoryNode[] = [];
  const plainCopy = new Map<string, string>();
  const blockedCopy = new Map<string, string>();
  const channels = (t: string): number => dimsOf(t)?.[1] ?? 0;
  const bytesOf = (t: string): number => graph.tensors.get(t) ?? 0;
  const padded = (t: string): number => {
    const c = channels(t);
    return c > 0 && dimsOf(t)?.length === 4 ? (bytesOf(t) / c) * Math.ceil(c / block) * block : bytesOf(t);
  };
  for (const t of graph.graphInputs) tensors.set(t, bytesOf(t));

  /** The plain-layout name of activation `t` (a reorder copy when it is blocked). */
  const asPlain = (t: string): string => {
    // Block 1 is the plain layout itself: the fused graph of a runtime without NCHWc.
    if (!blocked.has(t) || block === 1) return t;
    if (t.endsWith('#blocked')) return t.slice(0, -'#blocked'.length);
    let copy = plainCopy.get(t);
    if (copy === undefined) {
      copy = `${t}#plain`;
      plainCopy.set(t, copy);
      tensors.set(copy, bytesOf(t));
      nodes.push({ name: `reorder-out:${t}`, op: 'ReorderOutput', inputs: [t], outputs: [copy] });
    }
    return copy;
  };
  const asBlocked = (t: string): string => {
    if (blocked.has(t) || block === 1) return t;
    let copy = blockedCopy.get(t);
    if (copy === undefined) {
      copy = `${t}#blocked`;
      blockedCopy.set(t, copy);
      tensors.set(copy, padded(t));
      blocked.add(copy);
      nodes.push({ name: `reorder-in:${t}`, op: 'ReorderInput', inputs: [t], outputs: [copy] });
    }
    return copy;
  };

  const producerOp = new Map<string, string>();
  for (const n of onnxNodes) for (const o of n.output ?? []) producerOp.set(o, n.opType ?? '');
  // Constant nodes, and nodes computing from constants only, are folded before the runtime runs.
  const constants = new Set<string>();
  const isConstant = (t: string): boolean => isInitializer(t) || constants.has(t);
  onnxNodes.forEach((n, i) => {
    const op = n.opType ?? '';
    const outs = (n.output ?? []).filter((o) => o !== '');
    const all = (n.input ?? []).filter((x) => x !== '');
    if (op === 'Constant' || all.every(isConstant)) {
      outs.forEach((o) => constants.add(o));
      return;
    }
    const ins = all.filter((x) => !isConstant(x) && (tensors.has(resolve(x)) || alias.has(x)));
    const out = outs[0] ?? '';
    const src = ins.map(resolve);
    // Fused or in-place unary ops and aliasing reshapes: the output is the input's buffer. A batch
    // norm is folded only into the Conv that produces its input; elsewhere it writes a new tensor.
    const foldable = op !== 'BatchNormalization' || producerOp.get(ins[0] ?? '') === 'Conv';
    if (
      (foldable && UNARY.has(op) && src.length === 1 && (consumers.get(ins[0]!) ?? 0) === 1) ||
      (ALIASES.has(op) && src.length >= 1 && !blocked.has(src[0]!))
    ) {
      alias.set(out, src[0]!);
      return;
    }
    let inputs: string[];
    let isBlocked = false;
    if (op === 'Conv') {
      const mode = convMode(n, dimsOf(n.input?.[1] ?? ''), block);
      isBlocked = mode !== 'no';
      inputs = src.map((t) => (mode === 'blocked-input' ? asBlocked(t) : asPlain(t)));
    } else if (
      (op === 'Add' || op === 'Sum' || BLOCKED_POOLS.has(op) || UNARY.has(op)) &&
      src.length > 0 &&
      src.every((t) => blocked.has(t))
    ) {
      isBlocked = true;
      inputs = src;
    } else if (
      op === 'Concat' &&
      src.length > 0 &&
      src.every((t) => blocked.has(t) && channels(t.replace(/#.*$/, '')) % block === 0)
    ) {
      isBlocked = true;
      inputs = src;
    } else {
      inputs = src.map(asPlain);
    }
    for (const o of outs) {
      tensors.set(o, isBlocked ? padded(o) : bytesOf(o));
      if (isBlocked) blocked.add(o);
    }
    nodes.push({ name: `${op}#${i}`, op, inputs, outputs: outs });
  });
  const graphOutputs = graph.graphOutputs.map(resolve).map((t) => (blocked.has(t) ? asPlain(t) : t));
  return { tensors, nodes, graphInputs: graph.graphInputs, graphOutputs };
}
