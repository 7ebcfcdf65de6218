import { describe, expect, it } from 'vitest';
import { indexGraph } from '../../../search/memory/indexed-graph.ts';
import { buildUnits } from '../../../search/memory/order-units.ts';
import { forcedCuts } from '../../../search/memory/order-segments.ts';
import { bestOrder } from '../../../search/memory/best-order.ts';
import { makeGraph } from './fixtures.ts';

const names = (g: ReturnType<typeof makeGraph>, units: readonly Int32Array[]): string[][] =>
  units.map((u) => Array.from(u, (n) => g.nodes[n]?.name ?? '?'));

// A Constant floats at the top of the file; a Shape side chain reads c, which Reshape also reads.
//   K: () → k(4)   C1: x → a(100)   C2: a → c(100)   Shape: c → s(8)   Gather: s → g(8)
//   Reshape: (c, g) → r(100)   Mul: (r, k) → y(100)
const floating = makeGraph(
  { x: 100, k: 4, a: 100, c: 100, s: 8, g: 8, r: 100, y: 100 },
  [
    ['K', [], ['k']],
    ['C1', ['x'], ['a']],
    ['C2', ['a'], ['c']],
    ['Shape', ['c'], ['s']],
    ['Gather', ['s'], ['g']],
    ['Reshape', ['c', 'g'], ['r']],
    ['Mul', ['r', 'k'], ['y']],
  ],
  ['x'],
  ['y'],
);

describe('buildUnits', () => {
  it('glues lazy nodes immediately before their first consumer', () => {
    const units = buildUnits(indexGraph(floating));
    // K has no inputs → before Mul. Shape's input c is read later by Reshape → before Gather.
    // Gather frees s, so it is not lazy and stays its own unit.
    expect(names(floating, units.units)).toEqual([
      ['C1'],
      ['C2'],
      ['Shape', 'Gather'],
      ['Reshape'],
      ['K', 'Mul'],
    ]);
  });

  it('does not glue a node whose input would otherwise be released earlier', () => {
    // B reads a, which nothing after B reads: running B late would keep a alive longer.
    const g = makeGraph(
      { x: 1, a: 50, b: 1, c: 1, y: 1 },
      [
        ['A', ['x'], ['a']],
        ['B', ['a'], ['b']],
        ['C', ['x'], ['c']],
        ['J', ['b', 'c'], ['y']],
      ],
      ['x'],
      ['y'],
    );
    expect(names(g, buildUnits(indexGraph(g)).units)).toEqual([['A'], ['B'], ['C'], ['J']]);
  });
});

describe('forcedCuts', () => {
  it('cuts a diamond only where every order agrees', () => {
    // a → (b, c) → d: after a, and before d; not between b and c.
    const g = makeGraph(
      { x: 1, a: 1, b: 1, c: 1, d: 1 },
      [
        ['a', ['x'], ['a']],
        ['b', ['a'], ['b']],
        ['c', ['a'], ['c']],
        ['d', ['b', 'c'], ['d']],
      ],
      ['x'],
      ['d'],
    );
    expect(forcedCuts(buildUnits(indexGraph(g)))).toEqual([0, 1, 3]);
  });

  it('finds the cut points of a chain once floating nodes are glued', () => {
    expect(forcedCuts(buildUnits(indexGraph(floating)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the exact optimum with floaters run late', () => {
    const r = bestOrder(floating);
    // C1: x+a = 200; C2: a+c = 200; Shape: c+s = 108; Gather: c+s+g = 116; Reshape: c+g+r = 208;
    // K: r+k = 104; Mul: r+k+y = 204 → 208, which the Reshape step forces in any order.
    expect(r.peakBytes).toBe(208);
    expect(r.method).toBe('exact');
    expect(r.order.indexOf('K')).toBe(r.order.indexOf('Mul') - 1);
  });
});
