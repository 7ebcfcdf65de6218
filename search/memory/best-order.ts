// The minimum-peak execution order under the strict rule. Nodes are first glued into units
// (order-units.ts), the unit DAG is cut where every order must agree (order-segments.ts), and each
// segment is solved on its own (segment-search.ts): exactly when its state budget allows, else by
// beam search. The result is never worse than the file order, and is reported 'exact' only when
// every segment was solved to optimality or the final peak meets a proven lower bound.
import type { MemoryGraph } from './graph.ts';
import { indexGraph, type IndexedGraph } from './indexed-graph.ts';
import { traceOrder } from './liveness.ts';
import { buildUnits, type Units } from './order-units.ts';
import { forcedCuts } from './order-segments.ts';
import { buildSegmentProblem, type SegmentProblem, type UnitIndex } from './segment-problem.ts';
import { beamSearch, exactSearch, incumbent, type SegmentResult } from './segment-search.ts';
import { trailUnits } from './segment-work.ts';

/** Default number of search states the exact search may expand over the whole graph. */
export const DEFAULT_ORDER_BUDGET = 25_000;
/** Cap on states × units per segment, so one wide segment cannot take seconds. */
const EXACT_WORK_CAP = 3_000_000;
/** Unit evaluations the beam searches may spend over the whole graph. */
const BEAM_WORK = 3_000_000;

export interface BestOrder {
  /** Node indices in run order. */
  readonly order: Int32Array;
  readonly peakBytes: number;
  readonly method: 'exact' | 'heuristic';
  readonly statesExplored: number;
  /** Proven lower bound on the minimum peak. */
  readonly lowerBound: number;
}

function unitIndex(ig: IndexedGraph, units: Units, starts: readonly number[]): UnitIndex {
  const nodeUnit = new Int32Array(ig.nodeCount);
  const nodeStep = new Int32Array(ig.nodeCount);
  units.units.forEach((seq, u) =>
    seq.forEach((n, step) => {
      nodeUnit[n] = u;
      nodeStep[n] = step;
    }),
  );
  const segmentOfUnit = new Int32Array(units.units.length);
  starts.forEach((start, s) => segmentOfUnit.fill(s, start, starts[s + 1] ?? units.units.length));
  return { nodeUnit, nodeStep, segmentOfUnit };
}

function flatten(units: readonly Int32Array[]): Int32Array {
  const order: number[] = [];
  for (const seq of units) for (const n of seq) order.push(n);
  return Int32Array.from(order);
}

function solveSegment(p: SegmentProblem, budget: number, beamWork: { left: number }): SegmentResult {
  const start = incumbent(p);
  const floor = Math.max(p.startLive, p.lb[p.lbOrder[0] ?? 0] ?? 0);
  if (start.g <= floor)
    return { trail: start.trail, peak: start.g, lowerBound: start.g, optimal: true, explored: 0 };
  const stateCap = Math.min(budget, Math.floor(EXACT_WORK_CAP / Math.max(1, p.size)));
  const exact = exactSearch(p, stateCap, start);
  if (exact.optimal || beamWork.left <= 0) return exact;
  // A beam step costs about width × units (state copies), over `units` depths.
  const width = Math.max(1, Math.min(64, Math.floor((8 * beamWork.left) / (p.size * p.size))));
  const beam = beamSearch(p, width, exact.peak);
  beamWork.left -= beam.explored * Math.ceil(p.size / 16);
  const explored = exact.explored + beam.explored;
  if (beam.work !== null && beam.work.g < exact.peak) {
    const optimal = beam.work.g <= exact.lowerBound;
    return { trail: beam.work.trail, peak: beam.work.g, lowerBound: exact.lowerBound, optimal, explored };
  }
  return { ...exact, explored };
}

interface Segment {
  readonly s: number;
  readonly from: number;
  readonly to: number;
}

/** Solves every segment, sharing the state budget; results are indexed by segment. */
function solveSegments(
  ig: IndexedGraph,
  units: Units,
  starts: readonly number[],
  segments: readonly Segment[],
  budget: number,
): { results: SegmentResult[]; explored: number } {
  const index = unitIndex(ig, units, starts);
  // The live set at a forced cut is the same for every order; read it off the unit order.
  const unitOrder = flatten(units.units);
  const unitTrace = traceOrder(ig, unitOrder);
  const firstStep: number[] = [];
  let step = 0;
  units.units.forEach((seq, u) => {
    firstStep[u] = step;
    step += seq.length;
  });
  const results = new Array<SegmentResult>(segments.length);
  let remaining = Math.max(0, Math.floor(budget));
  const beamWork = { left: BEAM_WORK };
  let explored = 0;
  // Small segments first, so budget they leave flows to the hard ones.
  const bySize = [...segments].sort((a, b) => a.to - a.from - (b.to - b.from) || a.s - b.s);
  bySize.forEach(({ s, from, to }, i) => {
    const first = firstStep[from] ?? 0;
    const firstNode = unitOrder[first] ?? 0;
    const startLive = (unitTrace.stepBytes[first] ?? 0) - (ig.outBytes[firstNode] ?? 0);
    const problem = buildSegmentProblem(ig, units, index, s, from, to, startLive);
    const share = Math.floor(remaining / (bySize.length - i));
    const result = solveSegment(problem, share, beamWork);
    remaining -= result.explored;
    explored += result.explored;
    results[s] = result;
  });
  return { results, explored };
}

/** The segments' orders joined in graph order, with their combined lower bound. */
function joinSegments(
  units: Units,
  segments: readonly Segment[],
  results: readonly (SegmentResult | undefined)[],
): { found: Int32Array; lowerBound: number; allOptimal: boolean } {
  const order: number[] = [];
  let lowerBound = 0;
  let allOptimal = true;
  segments.forEach(({ s, from }) => {
    const result = results[s];
    if (result === undefined) return;
    for (const u of trailUnits(result.trail)) for (const n of units.units[from + u] ?? []) order.push(n);
    lowerBound = Math.max(lowerBound, result.lowerBound);
    allOptimal &&= result.optimal;
  });
  return { found: Int32Array.from(order), lowerBound, allOptimal };
}

/** Minimum-peak order of an indexed graph (see the module comment). */
export function bestOrderIndexed(ig: IndexedGraph, budget = DEFAULT_ORDER_BUDGET): BestOrder {
  const fileOrder = Int32Array.from({ length: ig.nodeCount }, (_, n) => n);
  const filePeak = traceOrder(ig, fileOrder).peakBytes;
  if (ig.nodeCount === 0)
    return {
      order: fileOrder,
      peakBytes: filePeak,
      method: 'exact',
      statesExplored: 0,
      lowerBound: filePeak,
    };

  const units = buildUnits(ig);
  const starts = forcedCuts(units);
  const segments = starts.map((from, s) => ({ s, from, to: starts[s + 1] ?? units.units.length }));
  const { results, explored } = solveSegments(ig, units, starts, segments, budget);
  const { found, lowerBound, allOptimal } = joinSegments(units, segments, results);
  const foundPeak = traceOrder(ig, found).peakBytes;
  const [chosen, peakBytes] = foundPeak <= filePeak ? [found, foundPeak] : [fileOrder, filePeak];
  const method = allOptimal || peakBytes <= lowerBound ? 'exact' : 'heuristic';
  return {
    order: chosen,
    peakBytes,
    method,
    statesExplored: explored,
    lowerBound: Math.min(lowerBound, peakBytes),
  };
}

/** Minimum-peak order of `graph` under the strict rule, by node name. */
export function bestOrder(
  graph: MemoryGraph,
  options: { orderBudget?: number } = {},
): { order: string[]; peakBytes: number; method: 'exact' | 'heuristic'; statesExplored: number } {
  const ig = indexGraph(graph);
  const best = bestOrderIndexed(ig, options.orderBudget);
  return {
    order: Array.from(best.order, (n) => graph.nodes[n]?.name ?? ''),
    peakBytes: best.peakBytes,
    method: best.method,
    statesExplored: best.statesExplored,
  };
}
