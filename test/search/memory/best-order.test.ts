import { describe, expect, it } from 'vitest';
import { bestOrder } from '../../../search/memory/best-order.ts';
import { peakForOrder } from '../../../search/memory/liveness.ts';
import type { MemoryGraph } from '../../../search/memory/graph.ts';
import { allOrders, cnnLikeGraph, isTopological, randomGraph, referencePeak } from './fixtures.ts';
import { twoBranches } from './blocks.ts';

const fileOrder = (g: MemoryGraph): string[] => g.nodes.map((n) => n.name);

/** No order can beat any node's own step: its distinct inputs plus its outputs. */
function nodeBound(g: MemoryGraph): number {
  const size = (ts: Iterable<string>): number => [...ts].reduce((s, t) => s + (g.tensors.get(t) ?? 0), 0);
  return Math.max(...g.nodes.map((n) => size(new Set(n.inputs)) + size(n.outputs)));
}

describe('bestOrder', () => {
  it('finds the known optimum of two interleaved branches', () => {
    const r = bestOrder(twoBranches);
    expect(r.peakBytes).toBe(111);
    expect(r.method).toBe('exact');
    expect(peakForOrder(twoBranches, r.order).peakBytes).toBe(111);
  });

  it('equals brute force over every topological order on small random graphs', () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const g = randomGraph(seed, 4 + (seed % 6));
      const orders = allOrders(g);
      const brute = Math.min(...orders.map((o) => referencePeak(g, o)));
      const r = bestOrder(g);
      expect(isTopological(g, r.order)).toBe(true);
      expect(r.method).toBe('exact');
      expect(r.peakBytes).toBe(brute);
      expect(referencePeak(g, r.order)).toBe(brute);
      if (orders.length > 1) compared++;
    }
    expect(compared).toBeGreaterThan(40); // the generator really produces choices
  });

  it('keeps the properties on larger random graphs', () => {
    let improved = 0;
    for (let seed = 100; seed < 115; seed++) {
      const g = randomGraph(seed, 40);
      const file = peakForOrder(g, fileOrder(g)).peakBytes;
      const r = bestOrder(g, { orderBudget: 5000 });
      expect(isTopological(g, r.order)).toBe(true);
      expect(referencePeak(g, r.order)).toBe(r.peakBytes);
      expect(r.peakBytes).toBeLessThanOrEqual(file);
      expect(r.peakBytes).toBeGreaterThanOrEqual(nodeBound(g));
      if (r.peakBytes < file) improved++;
    }
    expect(improved).toBeGreaterThan(5);
  });

  it('falls back to a valid heuristic order no worse than the file order when the budget is tiny', () => {
    let heuristic = 0;
    for (let seed = 200; seed < 205; seed++) {
      const g = randomGraph(seed, 100);
      const file = peakForOrder(g, fileOrder(g)).peakBytes;
      const r = bestOrder(g, { orderBudget: 0 });
      expect(isTopological(g, r.order)).toBe(true);
      expect(referencePeak(g, r.order)).toBe(r.peakBytes);
      expect(r.peakBytes).toBeLessThanOrEqual(file);
      if (r.method === 'heuristic') heuristic++;
    }
    expect(heuristic).toBeGreaterThan(0);
  });

  it('never claims exactness wrongly under a tiny budget on small graphs', () => {
    for (let seed = 300; seed < 330; seed++) {
      const g = randomGraph(seed, 8);
      const brute = Math.min(...allOrders(g).map((o) => referencePeak(g, o)));
      const r = bestOrder(g, { orderBudget: 0 });
      expect(r.peakBytes).toBeGreaterThanOrEqual(brute);
      if (r.method === 'exact') expect(r.peakBytes).toBe(brute);
    }
  });

  it('solves long CNN-like chains exactly by cutting them into segments', () => {
    const g = cnnLikeGraph(5, 600);
    const r = bestOrder(g);
    expect(r.method).toBe('exact');
    expect(r.peakBytes).toBeGreaterThanOrEqual(nodeBound(g));
    expect(r.peakBytes).toBeLessThanOrEqual(peakForOrder(g, fileOrder(g)).peakBytes);
  });
});
