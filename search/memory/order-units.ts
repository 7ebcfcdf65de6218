// Groups nodes into "units" the order search moves as one, without losing optimality. A node n
// is lazy when delaying it can only help: every output is read (or returned), and each input it
// reads is also read by one of its descendants (or is a graph output), so running n later frees
// nothing sooner. If n's consumers have a single earliest member c (all others descend from c),
// some optimal order runs n immediately before c (exchange argument: moving n there lowers every
// step in between by n's outputs, and n's own step then costs no more than c's). This glues
// Constants, Shape side-chains and similar floaters to the node that needs them, which both
// shrinks the search and lets the segmenter find cut points.
import type { IndexedGraph } from './indexed-graph.ts';

export interface Units {
  /** Node sequence of each unit; units listed in a topological order. */
  readonly units: readonly Int32Array[];
  readonly unitPreds: readonly Int32Array[];
  readonly unitSuccs: readonly Int32Array[];
}

/** Bounded forward search: does some node in `targets` descend from `from`? */
class Reach {
  private readonly stamp: Int32Array;
  private epoch = 0;
  private readonly stack: number[] = [];
  constructor(
    private readonly ig: IndexedGraph,
    private readonly visitCap: number,
  ) {
    this.stamp = new Int32Array(ig.nodeCount);
  }

  /** True only when proven; gives up (false) after visitCap nodes, which is always safe here. */
  any(from: number, targets: readonly number[]): boolean {
    if (targets.length === 0) return false;
    const maxPos = Math.max(...targets);
    const wanted = new Set(targets);
    this.epoch++;
    this.stack.length = 0;
    this.stack.push(from);
    let visits = 0;
    while (this.stack.length > 0) {
      const n = this.stack.pop() ?? 0;
      for (const s of this.ig.succs[n] ?? []) {
        if (s > maxPos || this.stamp[s] === this.epoch) continue;
        if (wanted.has(s)) return true;
        this.stamp[s] = this.epoch;
        if (++visits > this.visitCap) return false;
        this.stack.push(s);
      }
    }
    return false;
  }
}

/** The consumer every other consumer of n descends from, if there is one (and n is lazy). */
function lazyTarget(ig: IndexedGraph, reach: Reach, n: number): number {
  const consumers = new Set<number>();
  for (const t of ig.nodeOutputs[n] ?? []) {
    const readers = ig.consumers[t] ?? new Int32Array();
    if (readers.length === 0 && ig.isOutput[t] !== 1) return -1;
    for (const c of readers) consumers.add(c);
  }
  if (consumers.size === 0) return -1;
  for (const t of ig.nodeInputs[n] ?? []) {
    if (ig.isOutput[t] === 1) continue;
    const others = [...(ig.consumers[t] ?? [])].filter((c) => c !== n);
    if (!reach.any(n, others)) return -1;
  }
  const sorted = [...consumers].sort((a, b) => a - b);
  const first = sorted[0] ?? -1;
  for (const c of sorted.slice(1)) if (!reach.any(first, [c])) return -1;
  return first;
}

function singletonUnits(ig: IndexedGraph): Int32Array[] {
  return Array.from({ length: ig.nodeCount }, (_, n) => Int32Array.of(n));
}

/** Unit DAG over `units` (given in order); null when that order is not topological. */
function linkUnits(ig: IndexedGraph, units: Int32Array[]): Units | null {
  const unitOf = new Int32Array(ig.nodeCount);
  units.forEach((seq, u) => seq.forEach((n) => (unitOf[n] = u)));
  const preds: Set<number>[] = units.map(() => new Set<number>());
  const succs: Set<number>[] = units.map(() => new Set<number>());
  for (let u = 0; u < units.length; u++) {
    const seen = new Set<number>();
    for (const n of units[u] ?? []) {
      for (const p of ig.preds[n] ?? []) {
        const pu = unitOf[p] ?? 0;
        if (pu === u) {
          if (!seen.has(p)) return null; // producer placed after its consumer inside the unit
          continue;
        }
        if (pu > u) return null;
        preds[u]?.add(pu);
        succs[pu]?.add(u);
      }
      seen.add(n);
    }
  }
  const sorted = (s: Set<number>): Int32Array => Int32Array.from([...s].sort((a, b) => a - b));
  return { units, unitPreds: preds.map(sorted), unitSuccs: succs.map(sorted) };
}

/** Builds units by gluing lazy nodes before their first consumer (see the module comment). */
export function buildUnits(ig: IndexedGraph, visitCap = 4096): Units {
  const sequences: number[][] = Array.from({ length: ig.nodeCount }, (_, n) => [n]);
  const root = Int32Array.from({ length: ig.nodeCount }, (_, n) => n);
  const reach = new Reach(ig, visitCap);
  // Reverse file order: n is decided before its producers can be glued to it, so it is a singleton.
  for (let n = ig.nodeCount - 1; n >= 0; n--) {
    const c = lazyTarget(ig, reach, n);
    if (c < 0) continue;
    const r = root[c] ?? c;
    const seq = sequences[r] ?? [];
    seq.splice(seq.indexOf(c), 0, n);
    sequences[n] = [];
    root[n] = r;
  }
  const glued = sequences.filter((s) => s.length > 0).map((s) => Int32Array.from(s));
  // Units sorted by their root (last node) keep file order; verify rather than trust the argument.
  return linkUnits(ig, glued) ?? (linkUnits(ig, singletonUnits(ig)) as Units);
}
