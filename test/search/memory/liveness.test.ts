import { describe, expect, it } from 'vitest';
import { liveBytesPerStep, peakForOrder } from '../../../search/memory/liveness.ts';
import { MemnasError } from '../../../search/errors.ts';
import { chain, residual, twoBranches } from './blocks.ts';
import { makeGraph, randomGraph, referencePeak } from './fixtures.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof MemnasError ? e.code : 'not a MemnasError';
  }
  return 'no error';
}

describe('peakForOrder (strict rule)', () => {
  it('counts a node’s inputs and outputs together', () => {
    expect(liveBytesPerStep(chain, ['A', 'B', 'C']).map((s) => s.bytes)).toEqual([300, 250, 60]);
    expect(peakForOrder(residual, ['C1', 'C2', 'Add'])).toEqual({
      peakBytes: 256,
      peakNode: 'C2',
      liveAtPeak: [
        { tensor: 'a', bytes: 128 },
        { tensor: 'b', bytes: 64 },
        { tensor: 'x', bytes: 64 },
      ],
    });
  });

  it('depends on the order', () => {
    // See blocks.ts: interleaving holds both 100-byte tensors (210); finishing a branch first: 111.
    expect(peakForOrder(twoBranches, ['A1', 'B1', 'A2', 'B2', 'J']).peakBytes).toBe(210);
    expect(peakForOrder(twoBranches, ['A1', 'A2', 'B1', 'B2', 'J']).peakBytes).toBe(111);
    expect(liveBytesPerStep(twoBranches, ['A1', 'A2', 'B1', 'B2', 'J']).map((s) => s.bytes)).toEqual([
      110, 111, 111, 102, 3,
    ]);
  });

  it('keeps graph outputs to the end, drops unread outputs after their step, ignores unread inputs', () => {
    // Inputs x(10) and unused(1000). A: x → a(5), dead(7). B: a → b(3). Outputs a and b.
    // A: x10 + a5 + dead7 = 22; then x and dead released, a kept (output). B: a5 + b3 = 8.
    const g = makeGraph(
      { x: 10, unused: 1000, a: 5, dead: 7, b: 3 },
      [
        ['A', ['x'], ['a', 'dead']],
        ['B', ['a', 'a'], ['b']],
      ],
      ['x', 'unused'],
      ['a', 'b'],
    );
    expect(liveBytesPerStep(g, ['A', 'B']).map((s) => s.bytes)).toEqual([22, 8]);
  });

  it('agrees with a naive reference on random graphs and orders', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const g = randomGraph(seed, 25);
      const order = g.nodes.map((n) => n.name);
      expect(peakForOrder(g, order).peakBytes).toBe(referencePeak(g, order));
    }
  });

  it('rejects invalid orders', () => {
    expect(codeOf(() => peakForOrder(chain, ['A', 'B']))).toBe('MEMORY_ORDER_INVALID');
    expect(codeOf(() => peakForOrder(chain, ['A', 'B', 'B']))).toBe('MEMORY_ORDER_INVALID');
    expect(codeOf(() => peakForOrder(chain, ['A', 'B', 'Z']))).toBe('MEMORY_ORDER_INVALID');
    expect(codeOf(() => peakForOrder(chain, ['B', 'A', 'C']))).toBe('MEMORY_ORDER_INVALID');
    expect(() => peakForOrder(chain, ['B', 'A', 'C'])).toThrow(/'B' runs before its input 'a'/);
  });

  it('handles a graph without nodes', () => {
    const g = makeGraph({ x: 4 }, [], ['x'], ['x']);
    expect(peakForOrder(g, [])).toEqual({
      peakBytes: 4,
      peakNode: '',
      liveAtPeak: [{ tensor: 'x', bytes: 4 }],
    });
  });
});
