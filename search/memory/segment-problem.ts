// One segment of the order search: its units, the tensors they touch, and the strict-rule cost of
// running a unit from a given executed set. Tensors from earlier segments enter as already alive;
// tensors read by later segments (or returned) are pinned and never released inside the segment.
// The executed set is a bitset over the segment's units; everything else is derived from it.
import type { IndexedGraph } from './indexed-graph.ts';
import type { Units } from './order-units.ts';

export interface SegmentProblem {
  readonly size: number;
  readonly words: number;
  /** Global node ids of each local unit, in run order. */
  readonly unitNodes: readonly Int32Array[];
  readonly preds: readonly Int32Array[];
  readonly succs: readonly Int32Array[];
  /** Per unit, per inner step: output bytes, bytes that stay alive, local input tensor ids. */
  readonly stepOut: readonly Float64Array[];
  readonly stepKeep: readonly Float64Array[];
  readonly stepInputs: readonly (readonly Int32Array[])[];
  readonly tBytes: Float64Array;
  readonly tPinned: Uint8Array;
  /** In-segment consumers of each local tensor as (unit, step) pairs. */
  readonly tConsUnit: readonly Int32Array[];
  readonly tConsStep: readonly Int32Array[];
  readonly startLive: number;
  /** Lower bound on the cost of any step of each unit, whatever the order. */
  readonly lb: Float64Array;
  /** Units by lb, largest first (for the A* heuristic). */
  readonly lbOrder: Int32Array;
  readonly zobrist1: Int32Array;
  readonly zobrist2: Int32Array;
}

/** Where each node sits: its unit and its step inside the unit. */
export interface UnitIndex {
  readonly nodeUnit: Int32Array;
  readonly nodeStep: Int32Array;
  readonly segmentOfUnit: Int32Array;
}

export function hasBit(bits: Uint32Array, u: number): boolean {
  return (((bits[u >>> 5] ?? 0) >>> (u & 31)) & 1) === 1;
}

export function setBit(bits: Uint32Array, u: number): void {
  bits[u >>> 5] = (bits[u >>> 5] ?? 0) | (1 << (u & 31));
}

/** Cost of running unit u from executed set `bits` with `live` bytes alive. */
export interface UnitRun {
  peak: number;
  live: number;
}

export function runUnit(
  p: SegmentProblem,
  bits: Uint32Array,
  live: number,
  u: number,
  out: UnitRun,
): UnitRun {
  let cur = live;
  let peak = 0;
  const outs = p.stepOut[u] ?? new Float64Array();
  const keeps = p.stepKeep[u] ?? new Float64Array();
  const inputs = p.stepInputs[u] ?? [];
  for (let step = 0; step < outs.length; step++) {
    peak = Math.max(peak, cur + (outs[step] ?? 0));
    cur += keeps[step] ?? 0;
    for (const t of inputs[step] ?? []) {
      if (p.tPinned[t] === 1) continue;
      const cu = p.tConsUnit[t] ?? new Int32Array();
      const cs = p.tConsStep[t] ?? new Int32Array();
      let done = true;
      for (let i = 0; i < cu.length && done; i++) {
        const c = cu[i] ?? 0;
        done = c === u ? (cs[i] ?? 0) <= step : hasBit(bits, c);
      }
      if (done) cur -= p.tBytes[t] ?? 0;
    }
  }
  out.peak = peak;
  out.live = cur;
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) | 0;
  };
}

/**
 * The segment's tensors, numbered locally in first-use order: bytes, whether pinned (read by a
 * later segment or returned) and their in-segment consumers; also how many bytes of them come
 * from outside the segment.
 */
class LocalTensors {
  readonly tBytes: number[] = [];
  readonly tPinned: number[] = [];
  readonly tConsUnit: Int32Array[] = [];
  readonly tConsStep: Int32Array[] = [];
  readFromOutside = 0;
  private readonly ids = new Map<number, number>();
  private readonly ig: IndexedGraph;
  private readonly index: UnitIndex;
  private readonly segment: number;
  private readonly from: number;

  constructor(ig: IndexedGraph, index: UnitIndex, segment: number, from: number) {
    this.ig = ig;
    this.index = index;
    this.segment = segment;
    this.from = from;
  }

  /** The local id of global tensor `t`, registering it on first use. */
  id(t: number): number {
    const known = this.ids.get(t);
    if (known !== undefined) return known;
    const { ig, index, segment } = this;
    const id = this.tBytes.length;
    this.ids.set(t, id);
    this.tBytes.push(ig.bytes[t] ?? 0);
    let pinned = ig.isOutput[t] === 1;
    const cu: number[] = [];
    const cs: number[] = [];
    for (const c of ig.consumers[t] ?? []) {
      const cUnit = index.nodeUnit[c] ?? 0;
      const cSeg = index.segmentOfUnit[cUnit] ?? 0;
      if (cSeg > segment) pinned = true;
      else if (cSeg === segment) {
        cu.push(cUnit - this.from);
        cs.push(index.nodeStep[c] ?? 0);
      }
    }
    this.tPinned.push(pinned ? 1 : 0);
    this.tConsUnit.push(Int32Array.from(cu));
    this.tConsStep.push(Int32Array.from(cs));
    const prod = ig.producer[t] ?? -1;
    const prodSeg = prod >= 0 ? (index.segmentOfUnit[index.nodeUnit[prod] ?? 0] ?? 0) : -1;
    if (prodSeg !== segment) this.readFromOutside += ig.bytes[t] ?? 0;
    return id;
  }
}

/** Per unit: bytes of the inputs it reads from tensors produced outside it. */
function externalInputBytes(ig: IndexedGraph, unitNodes: readonly Int32Array[]): Float64Array {
  const external = new Float64Array(unitNodes.length);
  unitNodes.forEach((seq, u) => {
    const members = new Set(seq);
    const counted = new Set<number>();
    for (const n of seq) {
      for (const t of ig.nodeInputs[n] ?? []) {
        if (counted.has(t) || members.has(ig.producer[t] ?? -1)) continue;
        counted.add(t);
        external[u] = (external[u] ?? 0) + (ig.bytes[t] ?? 0);
      }
    }
  });
  return external;
}

/** Per unit, per inner step: output bytes, bytes that stay alive, local input tensor ids. */
function unitSteps(ig: IndexedGraph, unitNodes: readonly Int32Array[], tensors: LocalTensors) {
  const stepOut: Float64Array[] = [];
  const stepKeep: Float64Array[] = [];
  const stepInputs: Int32Array[][] = [];
  for (const seq of unitNodes) {
    const outs = new Float64Array(seq.length);
    const keeps = new Float64Array(seq.length);
    const ins: Int32Array[] = [];
    seq.forEach((n, step) => {
      outs[step] = ig.outBytes[n] ?? 0;
      for (const t of ig.nodeOutputs[n] ?? []) {
        tensors.id(t);
        if ((ig.consumers[t]?.length ?? 0) > 0 || ig.isOutput[t] === 1)
          keeps[step] = (keeps[step] ?? 0) + (ig.bytes[t] ?? 0);
      }
      ins.push(Int32Array.from(ig.nodeInputs[n] ?? [], (t) => tensors.id(t)));
    });
    stepOut.push(outs);
    stepKeep.push(keeps);
    stepInputs.push(ins);
  }
  return { stepOut, stepKeep, stepInputs };
}

/** Unit predecessors and successors inside [from, to), in local numbering. */
function localNeighbours(units: Units, from: number, to: number) {
  const local = (u: number): number => u - from;
  const preds = units.unitPreds
    .slice(from, to)
    .map((ps) => Int32Array.from([...ps].filter((q) => q >= from).map(local)));
  const succs = units.unitSuccs
    .slice(from, to)
    .map((ss) => Int32Array.from([...ss].filter((q) => q < to).map(local)));
  return { preds, succs };
}

/** Builds the problem for units [from, to) of segment `segment`, starting with `startLive` alive. */
export function buildSegmentProblem(
  ig: IndexedGraph,
  units: Units,
  index: UnitIndex,
  segment: number,
  from: number,
  to: number,
  startLive: number,
): SegmentProblem {
  const size = to - from;
  const unitNodes = units.units.slice(from, to);
  const { preds, succs } = localNeighbours(units, from, to);
  const tensors = new LocalTensors(ig, index, segment, from);
  const external = externalInputBytes(ig, unitNodes);
  const { stepOut, stepKeep, stepInputs } = unitSteps(ig, unitNodes, tensors);
  const problem = {
    size,
    words: Math.max(1, Math.ceil(size / 32)),
    unitNodes,
    preds,
    succs,
    stepOut,
    stepKeep,
    stepInputs,
    tBytes: Float64Array.from(tensors.tBytes),
    tPinned: Uint8Array.from(tensors.tPinned),
    tConsUnit: tensors.tConsUnit,
    tConsStep: tensors.tConsStep,
    startLive,
    lb: new Float64Array(size),
    lbOrder: new Int32Array(size),
    zobrist1: new Int32Array(size),
    zobrist2: new Int32Array(size),
  };
  fillBounds(problem, Math.max(0, startLive - tensors.readFromOutside), external);
  const rand = mulberry32(0x5eed + size);
  for (let u = 0; u < size; u++) {
    problem.zobrist1[u] = rand();
    problem.zobrist2[u] = rand();
  }
  return problem;
}

/**
 * lb(u): `untouched` (alive at the start, read by no unit here, so alive throughout) plus u's
 * inner peak when only its external inputs are alive and every other unit counts as run (the
 * most any order could have released). Every step of u costs at least this in any order.
 */
function fillBounds(p: SegmentProblem, untouched: number, external: Float64Array): void {
  const others = new Uint32Array(p.words).fill(0xffffffff);
  const run: UnitRun = { peak: 0, live: 0 };
  for (let u = 0; u < p.size; u++) {
    others[u >>> 5] = (others[u >>> 5] ?? 0) & ~(1 << (u & 31));
    p.lb[u] = untouched + runUnit(p, others, external[u] ?? 0, u, run).peak;
    others[u >>> 5] = (others[u >>> 5] ?? 0) | (1 << (u & 31));
  }
  const order = Array.from({ length: p.size }, (_, u) => u).sort(
    (a, b) => (p.lb[b] ?? 0) - (p.lb[a] ?? 0) || a - b,
  );
  p.lbOrder.set(order);
}
