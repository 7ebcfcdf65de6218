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

/** The graph being built: which activations are blocked, their sizes, and the reorder copies. */
class BlockedLayout {
  readonly alias = new Map<string, string>();
  readonly blocked = new Set<string>();
  readonly tensors = new Map<string, number>();
  readonly nodes: MemoryNode[] = [];
  private readonly plainCopy = new Map<string, string>();
  private readonly blockedCopy = new Map<string, string>();

  constructor(
    private readonly input: BlockedGraphInput,
    readonly block: number,
  ) {
    for (const t of input.graph.graphInputs) this.tensors.set(t, this.bytesOf(t));
  }

  resolve(t: string): string {
    return this.alias.get(t) ?? t;
  }

  channels(t: string): number {
    return this.input.dimsOf(t)?.[1] ?? 0;
  }

  bytesOf(t: string): number {
    return this.input.graph.tensors.get(t) ?? 0;
  }

  /** Bytes of `t` with its channels padded to the block. */
  padded(t: string): number {
    const c = this.channels(t);
    return c > 0 && this.input.dimsOf(t)?.length === 4
      ? (this.bytesOf(t) / c) * Math.ceil(c / this.block) * this.block
      : this.bytesOf(t);
  }

  /** The plain-layout name of activation `t` (a reorder copy when it is blocked). */
  asPlain(t: string): string {
    // Block 1 is the plain layout itself: the fused graph of a runtime without NCHWc.
    if (!this.blocked.has(t) || this.block === 1) return t;
    if (t.endsWith('#blocked')) return t.slice(0, -'#blocked'.length);
    let copy = this.plainCopy.get(t);
    if (copy === undefined) {
      copy = `${t}#plain`;
      this.plainCopy.set(t, copy);
      this.tensors.set(copy, this.bytesOf(t));
      this.nodes.push({ name: `reorder-out:${t}`, op: 'ReorderOutput', inputs: [t], outputs: [copy] });
    }
    return copy;
  }

  /** The blocked-layout name of activation `t` (a reorder copy when it is plain). */
  asBlocked(t: string): string {
    if (this.blocked.has(t) || this.block === 1) return t;
    let copy = this.blockedCopy.get(t);
    if (copy === undefined) {
      copy = `${t}#blocked`;
      this.blockedCopy.set(t, copy);
      this.tensors.set(copy, this.padded(t));
      this.blocked.add(copy);
      this.nodes.push({ name: `reorder-in:${t}`, op: 'ReorderInput', inputs: [t], outputs: [copy] });
    }
    return copy;
  }

  /** Records a node's outputs (padded when blocked) and the node itself. */
  add(name: string, op: string, inputs: string[], outputs: string[], isBlocked: boolean): void {
    for (const o of outputs) {
      this.tensors.set(o, isBlocked ? this.padded(o) : this.bytesOf(o));
      if (isBlocked) this.blocked.add(o);
    }
    this.nodes.push({ name, op, inputs, outputs });
  }
}

function countConsumers(onnxNodes: readonly OnnxTypes.INodeProto[]): Map<string, number> {
  const consumers = new Map<string, number>();
  for (const n of onnxNodes)
    for (const i of n.input ?? []) if (i !== '') consumers.set(i, (consumers.get(i) ?? 0) + 1);
  return consumers;
}

/** The layout a node runs in and the (possibly reordered) inputs it reads. */
function placeInputs(
  layout: BlockedLayout,
  n: OnnxTypes.INodeProto,
  src: readonly string[],
  dimsOf: BlockedGraphInput['dimsOf'],
): { inputs: string[]; isBlocked: boolean } {
  const op = n.opType ?? '';
  const allBlocked = src.length > 0 && src.every((t) => layout.blocked.has(t));
  if (op === 'Conv') {
    const mode = convMode(n, dimsOf(n.input?.[1] ?? ''), layout.block);
    const inputs = src.map((t) => (mode === 'blocked-input' ? layout.asBlocked(t) : layout.asPlain(t)));
    return { inputs, isBlocked: mode !== 'no' };
  }
  if ((op === 'Add' || op === 'Sum' || BLOCKED_POOLS.has(op) || UNARY.has(op)) && allBlocked)
    return { inputs: [...src], isBlocked: true };
  if (
    op === 'Concat' &&
    allBlocked &&
    src.every((t) => layout.channels(t.replace(/#.*$/, '')) % layout.block === 0)
  )
    return { inputs: [...src], isBlocked: true };
  return { inputs: src.map((t) => layout.asPlain(t)), isBlocked: false };
}

export function blockedRuntimeGraph(input: BlockedGraphInput, block: number): MemoryGraph {
  const { model, graph, dimsOf, isInitializer } = input;
  const onnxNodes = model.graph?.node ?? [];
  const consumers = countConsumers(onnxNodes);
  const layout = new BlockedLayout(input, block);
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
    const ins = all.filter(
      (x) => !isConstant(x) && (layout.tensors.has(layout.resolve(x)) || layout.alias.has(x)),
    );
    const src = ins.map((t) => layout.resolve(t));
    // Fused or in-place unary ops and aliasing reshapes: the output is the input's buffer. A batch
    // norm is folded only into the Conv that produces its input; elsewhere it writes a new tensor.
    const foldable = op !== 'BatchNormalization' || producerOp.get(ins[0] ?? '') === 'Conv';
    if (
      (foldable && UNARY.has(op) && src.length === 1 && (consumers.get(ins[0]!) ?? 0) === 1) ||
      (ALIASES.has(op) && src.length >= 1 && !layout.blocked.has(src[0]!))
    ) {
      layout.alias.set(outs[0] ?? '', src[0]!);
      return;
    }
    const { inputs, isBlocked } = placeInputs(layout, n, src, dimsOf);
    layout.add(`${op}#${i}`, op, inputs, outs, isBlocked);
  });
  const graphOutputs = graph.graphOutputs
    .map((t) => layout.resolve(t))
    .map((t) => (layout.blocked.has(t) ? layout.asPlain(t) : t));
  return { tensors: layout.tensors, nodes: layout.nodes, graphInputs: graph.graphInputs, graphOutputs };
}
