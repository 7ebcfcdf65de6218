// A partial execution of one segment (executed set, peak so far, live bytes, ready units) and the
// moves on it, shared by the greedy, exact and beam searches. The closure applies moves that are
// safe for optimality: a lone ready unit, or an "eager" unit that frees at least what it adds and
// whose own steps stay within the best peak any completion could reach (moving it first never
// raises a later step, since its net effect on the live set only shrinks as more has run).
import { hasBit, runUnit, setBit, type SegmentProblem, type UnitRun } from './segment-problem.ts';

/** Persistent list of moves, newest first. */
export interface Trail {
  readonly unit: number;
  readonly prev: Trail | null;
}

export interface Work {
  bits: Uint32Array;
  predLeft: Int32Array;
  ready: number[];
  g: number;
  live: number;
  depth: number;
  z1: number;
  z2: number;
  trail: Trail | null;
}

export function initialWork(p: SegmentProblem): Work {
  const predLeft = Int32Array.from(p.preds, (ps) => ps.length);
  const ready: number[] = [];
  predLeft.forEach((left, u) => {
    if (left === 0) ready.push(u);
  });
  return {
    bits: new Uint32Array(p.words),
    predLeft,
    ready,
    g: p.startLive,
    live: p.startLive,
    depth: 0,
    z1: 0,
    z2: 0,
    trail: null,
  };
}

/** Rebuilds a work state from an executed set (the exact search stores only the bits). */
export function workFromBits(
  p: SegmentProblem,
  bits: Uint32Array,
  g: number,
  live: number,
  depth: number,
  trail: Trail | null,
): Work {
  const predLeft = new Int32Array(p.size);
  const ready: number[] = [];
  let z1 = 0;
  let z2 = 0;
  for (let u = 0; u < p.size; u++) {
    if (hasBit(bits, u)) {
      z1 ^= p.zobrist1[u] ?? 0;
      z2 ^= p.zobrist2[u] ?? 0;
      continue;
    }
    let left = 0;
    for (const q of p.preds[u] ?? []) if (!hasBit(bits, q)) left++;
    predLeft[u] = left;
    if (left === 0) ready.push(u);
  }
  return { bits: bits.slice(), predLeft, ready, g, live, depth, z1, z2, trail };
}

export function cloneWork(w: Work): Work {
  return {
    bits: w.bits.slice(),
    predLeft: w.predLeft.slice(),
    ready: w.ready.slice(),
    g: w.g,
    live: w.live,
    depth: w.depth,
    z1: w.z1,
    z2: w.z2,
    trail: w.trail,
  };
}

/** Runs unit u (which must be ready), given its precomputed cost. */
export function applyUnit(p: SegmentProblem, w: Work, u: number, run: UnitRun): void {
  w.g = Math.max(w.g, run.peak);
  w.live = run.live;
  setBit(w.bits, u);
  w.z1 ^= p.zobrist1[u] ?? 0;
  w.z2 ^= p.zobrist2[u] ?? 0;
  w.depth++;
  w.trail = { unit: u, prev: w.trail };
  const at = w.ready.indexOf(u);
  w.ready[at] = w.ready[w.ready.length - 1] ?? u;
  w.ready.pop();
  for (const s of p.succs[u] ?? []) {
    w.predLeft[s] = (w.predLeft[s] ?? 0) - 1;
    if (w.predLeft[s] === 0) w.ready.push(s);
  }
}

/** A work state's scalars and ready list, to return to after exploring a child in place. */
export interface Saved {
  readonly ready: number[];
  readonly g: number;
  readonly live: number;
  readonly depth: number;
  readonly z1: number;
  readonly z2: number;
  readonly trail: Trail | null;
}

export function saveWork(w: Work): Saved {
  return { ready: w.ready.slice(), g: w.g, live: w.live, depth: w.depth, z1: w.z1, z2: w.z2, trail: w.trail };
}

/** Undoes every move made since `saved` (cheaper than cloning typed arrays per child). */
export function restoreWork(p: SegmentProblem, w: Work, saved: Saved): void {
  for (let t = w.trail; t !== null && t !== saved.trail; t = t.prev) {
    const u = t.unit;
    w.bits[u >>> 5] = (w.bits[u >>> 5] ?? 0) & ~(1 << (u & 31));
    for (const s of p.succs[u] ?? []) w.predLeft[s] = (w.predLeft[s] ?? 0) + 1;
  }
  w.ready = saved.ready.slice();
  w.g = saved.g;
  w.live = saved.live;
  w.depth = saved.depth;
  w.z1 = saved.z1;
  w.z2 = saved.z2;
  w.trail = saved.trail;
}

/** Largest lower bound among units not yet run: no completion can peak below it. */
export function remainingBound(p: SegmentProblem, w: Work): number {
  for (const u of p.lbOrder) if (!hasBit(w.bits, u)) return p.lb[u] ?? 0;
  return 0;
}

/** Applies safe moves until a real choice remains (see the module comment). */
const closeRun: UnitRun = { peak: 0, live: 0 };
const closePick: UnitRun = { peak: 0, live: 0 };

export function closeWork(p: SegmentProblem, w: Work): void {
  const run = closeRun;
  for (;;) {
    if (w.ready.length === 0) return;
    if (w.ready.length === 1) {
      const u = w.ready[0] ?? 0;
      applyUnit(p, w, u, runUnit(p, w.bits, w.live, u, run));
      continue;
    }
    const bound = Math.max(w.g, remainingBound(p, w));
    let pick = -1;
    for (const u of w.ready) {
      if (pick >= 0 && u > pick) continue;
      runUnit(p, w.bits, w.live, u, run);
      if (run.live <= w.live && run.peak <= bound) {
        pick = u;
        closePick.peak = run.peak;
        closePick.live = run.live;
      }
    }
    if (pick < 0) return;
    applyUnit(p, w, pick, closePick);
  }
}

/** Units of a finished trail in run order. */
export function trailUnits(trail: Trail | null): number[] {
  const units: number[] = [];
  for (let t = trail; t !== null; t = t.prev) units.push(t.unit);
  return units.reverse();
}

export function zKey(w: Work): number {
  return (w.z1 >>> 0) * 2097152 + ((w.z2 >>> 0) & 0x1fffff);
}
