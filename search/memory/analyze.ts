// The analytic memory model in one call: parameter bytes plus the peak of live activations, under
// the strict rule in file order and in the best order found, and under the method's (MemNAS §3)
// level-by-level rule, with the tensors alive at each peak.
import type { MemoryAnalysis, MemoryGraph } from './graph.ts';
import { bestOrderIndexed } from './best-order.ts';
import { indexGraph } from './indexed-graph.ts';
import { peakOfIndexedOrder } from './liveness.ts';
import { methodRulePeak } from './method-rule.ts';

export { validateMemoryGraph } from './validate.ts';

export interface AnalyzeOptions {
  /** States the exact order search may expand before falling back to beam search (default 25,000). */
  readonly orderBudget?: number;
}

/** Analyses `graph` (validated first: throws MemnasError('MEMORY_GRAPH_INVALID') when malformed). */
export function analyzeMemory(
  graph: MemoryGraph,
  paramBytes: number,
  options: AnalyzeOptions = {},
): MemoryAnalysis {
  const ig = indexGraph(graph);
  const fileOrder = Int32Array.from({ length: ig.nodeCount }, (_, n) => n);
  const file = peakOfIndexedOrder(ig, fileOrder);
  const best = bestOrderIndexed(ig, options.orderBudget);
  const atBest = peakOfIndexedOrder(ig, best.order);
  const method = methodRulePeak(graph);
  return {
    paramBytes,
    peakActivationBytes: atBest.peakBytes,
    fileOrderPeakActivationBytes: file.peakBytes,
    methodPeakActivationBytes: method.peakBytes,
    totalBytes: paramBytes + atBest.peakBytes,
    order: Array.from(best.order, (n) => graph.nodes[n]?.name ?? ''),
    liveAtPeak: atBest.liveAtPeak,
    peakNode: atBest.peakNode,
    fileOrderLiveAtPeak: file.liveAtPeak,
    orderSearch: { method: best.method, statesExplored: best.statesExplored },
  };
}
