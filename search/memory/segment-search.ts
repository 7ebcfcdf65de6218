// Order search inside one segment. Incumbents come from greedy rules and the file order; the
// exact search is a best-first branch-and-bound over executed sets (the live set depends only on
// the set), keyed by f = max(peak so far, largest lower bound of the units left), deeper first on
// ties, memoised per set, pruned against the incumbent; when its state budget runs out the
// smallest open f is still a proven lower bound, and a beam search over executed sets ranked by
// (peak so far, live bytes) — as in Serenity (Ahn et al., MLSys 2020) — looks for a better order.
import { runUnit, type SegmentProblem, type UnitRun } from './segment-problem.ts';
import { StateTable } from './state-table.ts';
import {
  applyUnit,
  cloneWork,
  closeWork,
  initialWork,
  remainingBound,
  restoreWork,
  saveWork,
  workFromBits,
  zKey,
  type Trail,
  type Work,
} from './segment-work.ts';

export interface SegmentResult {
  readonly trail: Trail | null;
  readonly peak: number;
  /** Proven lower bound on this segment's best peak. */
  readonly lowerBound: number;
  readonly optimal: boolean;
  readonly explored: number;
}

type Score = (w: Work, run: UnitRun) => [number, number];

/** Greedy completion: at each choice take the ready unit with the smallest score. */
function greedy(p: SegmentProblem, score: Score): Work {
  const w = initialWork(p);
  const run: UnitRun = { peak: 0, live: 0 };
  closeWork(p, w);
  while (w.ready.length > 0) {
    let best = -1;
    let bestKey: [number, number] = [Infinity, Infinity];
    let bestRun: UnitRun = { peak: 0, live: 0 };
    for (const u of [...w.ready].sort((a, b) => a - b)) {
      const key = score(w, runUnit(p, w.bits, w.live, u, run));
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
        best = u;
        bestKey = key;
        bestRun = { ...run };
      }
    }
    applyUnit(p, w, best, bestRun);
    closeWork(p, w);
  }
  return w;
}

/** Units in their given (file) order, no reordering. */
function inGivenOrder(p: SegmentProblem): Work {
  const w = initialWork(p);
  const run: UnitRun = { peak: 0, live: 0 };
  for (let u = 0; u < p.size; u++) applyUnit(p, w, u, runUnit(p, w.bits, w.live, u, run));
  return w;
}

/** Best of the file order and two greedy rules (lowest step, then most freed). */
export function incumbent(p: SegmentProblem): Work {
  const candidates = [
    inGivenOrder(p),
    greedy(p, (w, r) => [Math.max(w.g, r.peak), r.live]),
    greedy(p, (w, r) => [r.live - w.live, Math.max(w.g, r.peak)]),
  ];
  return candidates.reduce((a, b) => (b.g < a.g ? b : a));
}

class MinHeap {
  private readonly ids: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  get size(): number {
    return this.ids.length;
  }
  push(id: number): void {
    const h = this.ids;
    h.push(id);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] ?? 0, h[parent] ?? 0)) break;
      [h[i], h[parent]] = [h[parent] ?? 0, h[i] ?? 0];
      i = parent;
    }
  }
  pop(): number {
    const h = this.ids;
    const top = h[0] ?? 0;
    const last = h.pop() ?? 0;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] ?? 0, h[m] ?? 0)) m = l;
        if (r < h.length && this.less(h[r] ?? 0, h[m] ?? 0)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] ?? 0, h[i] ?? 0];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The exact search's open list: a heap of entries, each a table slot (the executed set, memoised
 * with its best peak) plus the scalars of the path that reached it.
 */
class OpenList {
  readonly slotOf: number[] = [];
  readonly f: number[] = [];
  readonly g: number[] = [];
  readonly live: number[] = [];
  readonly depth: number[] = [];
  readonly trail: (Trail | null)[] = [];
  readonly table: StateTable;
  readonly heap: MinHeap;

  constructor(words: number) {
    this.table = new StateTable(words);
    const { f, depth, live } = this;
    this.heap = new MinHeap((a, b) => {
      const fa = f[a] ?? 0;
      const fb = f[b] ?? 0;
      if (fa !== fb) return fa < fb;
      const da = depth[a] ?? 0;
      const db = depth[b] ?? 0;
      return da !== db ? da > db : (live[a] ?? 0) < (live[b] ?? 0);
    });
  }

  /** Opens `w` with key `fw` unless its set was already reached with a peak as low. */
  add(w: Work, fw: number): void {
    const slot = this.table.offer(w.bits, w.z1, w.z2, w.g);
    if (slot < 0) return;
    this.slotOf.push(slot);
    this.f.push(fw);
    this.g.push(w.g);
    this.live.push(w.live);
    this.depth.push(w.depth);
    this.trail.push(w.trail);
    this.heap.push(this.slotOf.length - 1);
  }
}

/** The best complete order found so far: its peak (the upper bound) and trail. */
interface Incumbent {
  ub: number;
  trail: Trail | null;
}

/** Runs each ready unit of `w`: complete orders may improve `best`, the rest are opened. */
function expand(p: SegmentProblem, w: Work, open: OpenList, best: Incumbent, run: UnitRun): void {
  const saved = saveWork(w);
  for (const u of saved.ready.slice().sort((a, b) => a - b)) {
    runUnit(p, w.bits, w.live, u, run);
    if (Math.max(w.g, run.peak) >= best.ub) continue;
    // Explore the child in place and undo afterwards: no typed-array copies unless it is kept.
    applyUnit(p, w, u, run);
    closeWork(p, w);
    if (w.depth === p.size) {
      if (w.g < best.ub) {
        best.ub = w.g;
        best.trail = w.trail;
      }
    } else {
      const fc = Math.max(w.g, remainingBound(p, w));
      if (fc < best.ub) open.add(w, fc);
    }
    restoreWork(p, w, saved);
  }
}

/** Exact best-first search; `best` is the incumbent (a complete work state). */
export function exactSearch(p: SegmentProblem, budget: number, best: Work): SegmentResult {
  const root = initialWork(p);
  closeWork(p, root);
  const inc: Incumbent = { ub: best.g, trail: best.trail };
  if (root.depth === p.size) {
    return root.g <= inc.ub
      ? { trail: root.trail, peak: root.g, lowerBound: root.g, optimal: true, explored: 0 }
      : { trail: inc.trail, peak: inc.ub, lowerBound: inc.ub, optimal: true, explored: 0 };
  }
  const open = new OpenList(p.words);
  const rootF = Math.max(root.g, remainingBound(p, root));
  if (rootF < inc.ub) open.add(root, rootF);
  const run: UnitRun = { peak: 0, live: 0 };
  const scratch = new Uint32Array(p.words);
  let explored = 0;
  while (open.heap.size > 0) {
    const id = open.heap.pop();
    const fid = open.f[id] ?? 0;
    if (fid >= inc.ub) break;
    const slot = open.slotOf[id] ?? 0;
    if ((open.g[id] ?? 0) > open.table.bestOf(slot)) continue; // a better path to this set came later
    if (explored >= budget)
      return { trail: inc.trail, peak: inc.ub, lowerBound: fid, optimal: false, explored };
    explored++;
    open.table.read(slot, scratch);
    const { g, live, depth, trail } = open;
    const w = workFromBits(p, scratch, g[id] ?? 0, live[id] ?? 0, depth[id] ?? 0, trail[id] ?? null);
    expand(p, w, open, inc, run);
  }
  return { trail: inc.trail, peak: inc.ub, lowerBound: inc.ub, optimal: true, explored };
}

/** Beam search over executed sets, `width` states per depth, ranked by (peak so far, live). */
export function beamSearch(
  p: SegmentProblem,
  width: number,
  cutoff: number,
): { work: Work | null; explored: number } {
  const root = initialWork(p);
  closeWork(p, root);
  const buckets = new Map<number, Work[]>([[root.depth, [root]]]);
  const run: UnitRun = { peak: 0, live: 0 };
  let explored = 0;
  for (let d = root.depth; d <= p.size; d++) {
    const bucket = buckets.get(d);
    buckets.delete(d);
    if (bucket === undefined) continue;
    bucket.sort((a, b) => a.g - b.g || a.live - b.live);
    if (d === p.size) return { work: bucket[0] ?? null, explored };
    const candidates: { w: Work; u: number; g: number; live: number; run: UnitRun }[] = [];
    const seenKeys = new Set<number>();
    for (const w of bucket.slice(0, width)) {
      explored++;
      for (const u of w.ready) {
        runUnit(p, w.bits, w.live, u, run);
        const gu = Math.max(w.g, run.peak);
        if (gu >= cutoff) continue;
        candidates.push({ w, u, g: gu, live: run.live, run: { ...run } });
      }
    }
    candidates.sort((a, b) => a.g - b.g || a.live - b.live);
    let kept = 0;
    for (const c of candidates) {
      if (kept >= width) break;
      const child = cloneWork(c.w);
      applyUnit(p, child, c.u, c.run);
      const key = zKey(child);
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      kept++;
      closeWork(p, child);
      const list = buckets.get(child.depth) ?? [];
      list.push(child);
      buckets.set(child.depth, list);
    }
  }
  return { work: null, explored };
}
