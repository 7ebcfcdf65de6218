// The analytic memory oracle: the memory model of search/memory on the candidate's architecture.
// The best-order search gets a small state budget: the loop estimates hundreds of candidates a
// round, and the peak it finds with a few thousand states is what the exported model runs at.
import type { Architecture } from '../architecture/types.ts';
import { analyzeMemory } from '../memory/analyze.ts';
import { architectureMemoryGraph } from '../memory/from-architecture.ts';
import type { MemoryOracle } from './memory-oracle.ts';
import type { MemoryFigures } from './types.ts';

export const SEARCH_ORDER_BUDGET = 2_000;

export function analyticMemory(arch: Architecture, orderBudget = SEARCH_ORDER_BUDGET): MemoryFigures {
  const { graph, paramBytes } = architectureMemoryGraph(arch);
  const m = analyzeMemory(graph, paramBytes, { orderBudget });
  return {
    paramBytes: m.paramBytes,
    peakActivationBytes: m.peakActivationBytes,
    totalBytes: m.totalBytes,
    source: 'analytic',
  };
}

export const analyticOracle: MemoryOracle = { estimate: (arch) => analyticMemory(arch) };
