// Weight inheritance (network morphism): a grown, trimmed or re-widthed child starts from its
// parent's trained weights. Every parameter the mutation did not touch is copied exactly; where a
// concatenation widened, the layers reading it keep the rows of the channels that still exist
// and get zero rows for the new ones, so a grown child first computes exactly what its parent
// computed (the new cell's output is multiplied by zeros until training moves them). A widened
// convolution keeps its parent's filters and draws the new ones; what reads the new channels
// gets zero rows, so a widened child computes its parent's function too (Net2Net's wider net,
// with zeros where it splits). A narrowed one keeps the first filters. The nodes a mutation
// creates or replaces are left out: the trainer initialises them fresh.
import { nodeFacts } from '../architecture/shapes.ts';
import type { Architecture } from '../architecture/types.ts';
import type { ArchitectureWeights, NodeWeights, ParamName, WeightTensor } from '../architecture/weights.ts';
import { createRng, type Rng } from '../random.ts';
import { channelLabels } from './channel-labels.ts';
import type { Mutation } from './grow-trim.ts';
import { remapAxis } from './remap-axis.ts';

export interface InheritSource {
  readonly architecture: Architecture;
  readonly weights: ArchitectureWeights;
}

/** Branch nodes are named b{block}c{cell}o{branch}_…, blocks and cells 1-based. */
const BRANCH_ID = /^b(\d+)c(\d+)o(\d+)_/;

/** Whether `nodeId` belongs to what `mutation` created or replaced (so it starts fresh). */
export function isFreshNode(nodeId: string, mutation: Mutation, parentCells: number): boolean {
  const m = BRANCH_ID.exec(nodeId);
  if (m === null) return false;
  const [block, cell, branch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  switch (mutation.kind) {
    case 'seed':
      return true;
    case 'grow':
      return cell === parentCells + 1;
    case 'trim-op':
      return block === mutation.block + 1 && cell === mutation.cell + 1 && branch === mutation.branch + 1;
    case 'trim-edge':
    case 'width':
    case 'keep':
      return false;
  }
}

/** Axis of a parameter that runs over the node's input channels, where it has one. */
function inputAxis(op: string, param: ParamName): number | null {
  if (param !== 'kernel' && param !== 'bias') return null;
  if (op === 'conv') return param === 'kernel' ? 2 : null;
  if (op === 'dense') return param === 'kernel' ? 0 : null;
  return null;
}

/**
 * The child's starting weights: a partial map (fresh nodes absent). `seed` draws the depthwise
 * channels a widened input adds (their output only reaches zero rows, so any values preserve
 * the parent's function).
 */
export function inheritWeights(
  parent: InheritSource,
  child: Architecture,
  mutation: Mutation,
  parentCells: number,
  seed = 0,
): ArchitectureWeights {
  if (mutation.kind === 'seed') return {};
  const parentLabels = channelLabels(parent.architecture);
  const childLabels = channelLabels(child);
  const parentFacts = new Map(nodeFacts(parent.architecture).map((f) => [f.node.id, f]));
  const rng = createRng(seed);
  const out: Record<string, NodeWeights> = {};
  for (const f of nodeFacts(child)) {
    const from = parent.weights[f.node.id];
    const pf = parentFacts.get(f.node.id);
    if (from === undefined || pf === undefined || pf.node.op !== f.node.op) continue;
    if (isFreshNode(f.node.id, mutation, parentCells)) continue;
    const inChild = childLabels.get(f.node.inputs[0] ?? '') ?? [];
    const inParent = parentLabels.get(pf.node.inputs[0] ?? '') ?? [];
    const params = inheritNode(f.node.op, f.paramShapes, from, inChild, inParent, rng);
    if (params !== null) out[f.node.id] = params;
  }
  return out;
}

function inheritNode(
  op: string,
  shapes: Partial<Record<ParamName, readonly number[]>>,
  from: NodeWeights,
  inChild: readonly string[],
  inParent: readonly string[],
  rng: Rng,
): NodeWeights | null {
  const params: NodeWeights = {};
  const index = new Map(inParent.map((l, i) => [l, i]));
  const map = inChild.map((l) => index.get(l) ?? -1);
  for (const [name, shape] of Object.entries(shapes) as [ParamName, readonly number[]][]) {
    const t = from[name];
    if (t === undefined) return null;
    const t2 = fitTensor(op, name, t, shape, map, rng);
    if (t2 === null) return null; // a shape change inheritance cannot map: the node starts fresh
    params[name] = t2;
  }
  return params;
}

function fitTensor(
  op: string,
  name: ParamName,
  t: WeightTensor,
  shape: readonly number[],
  map: readonly number[],
  rng: Rng,
): WeightTensor | null {
  if (sameShape(t.shape, shape)) return { shape: [...t.shape], data: Float32Array.from(t.data) };
  if (op === 'batchNorm') return remapAxis(t, shape, 0, map, () => BATCH_NORM_FILL[name] ?? 0);
  if (op === 'depthwiseConv') {
    const fanIn = (shape[0] ?? 1) * (shape[1] ?? 1);
    const draw = (): number => rng.normal() * Math.sqrt(2 / fanIn);
    if (name === 'kernel') return remapAxis(t, shape, 2, map, draw);
    if (name === 'bias') return remapAxis(t, shape, 0, map, () => 0);
    return null;
  }
  const resized = op === 'conv' ? fitConvOutputs(name, t, shape, rng) : t;
  if (resized === null || sameShape(resized.shape, shape)) return resized;
  const axis = inputAxis(op, name);
  return axis === null ? null : remapAxis(resized, shape, axis, map, () => 0);
}

/** Batch norm's parameters for a new channel: the identity (what a fresh layer starts from). */
const BATCH_NORM_FILL: Partial<Record<ParamName, number>> = { gamma: 1, movingVariance: 1 };

/**
 * A conv's filters resized to the child's output count: the parent's first filters kept, new ones
 * drawn (He normal; bias 0). Output channels are labelled by index, so filter k stays filter k.
 */
function fitConvOutputs(
  name: ParamName,
  t: WeightTensor,
  shape: readonly number[],
  rng: Rng,
): WeightTensor | null {
  const axis = name === 'kernel' ? 3 : name === 'bias' ? 0 : null;
  if (axis === null || t.shape.length !== shape.length) return null;
  const outputs = shape[axis]!;
  if (t.shape[axis] === outputs) return t;
  const target = t.shape.map((d, i) => (i === axis ? outputs : d));
  const fanIn = t.shape.slice(0, 3).reduce((a, b) => a * b, 1);
  const draw = name === 'kernel' ? (): number => rng.normal() * Math.sqrt(2 / fanIn) : (): number => 0;
  return remapAxis(
    t,
    target,
    axis,
    Array.from({ length: outputs }, (_, i) => i),
    draw,
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
