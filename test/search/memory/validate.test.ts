import { describe, expect, it } from 'vitest';
import { validateMemoryGraph } from '../../../search/memory/analyze.ts';
import { chain } from './blocks.ts';
import { makeGraph } from './fixtures.ts';

describe('validateMemoryGraph', () => {
  it('accepts a well-formed graph', () => {
    expect(() => validateMemoryGraph(chain)).not.toThrow();
  });

  it('names the node and tensor at fault', () => {
    const cases: [Parameters<typeof makeGraph>, RegExp][] = [
      [[{ x: 1, a: 1 }, [['A', ['y'], ['a']]], ['x'], ['a']], /node 'A' reads 'y'/],
      [[{ x: 1, a: 1 }, [['A', ['a'], ['a']]], ['x'], ['a']], /node 'A' reads 'a'/],
      [[{ x: 1 }, [['A', ['x'], ['a']]], ['x'], ['a']], /tensor 'a' \(output of node 'A'\) has no size/],
      [[{ x: 1, a: -3 }, [['A', ['x'], ['a']]], ['x'], ['a']], /invalid size -3/],
      [
        [
          { x: 1, a: 1 },
          [
            ['A', ['x'], ['a']],
            ['B', ['x'], ['a']],
          ],
          ['x'],
          ['a'],
        ],
        /'a' is produced twice \(again by node 'B'\)/,
      ],
      [[{ x: 1, a: 1 }, [['A', ['x'], ['x']]], ['x'], ['x']], /'x' is produced twice/],
      [
        [
          { x: 1, a: 1, b: 1 },
          [
            ['A', ['x'], ['a']],
            ['A', ['a'], ['b']],
          ],
          ['x'],
          ['b'],
        ],
        /node name 'A' is used twice/,
      ],
      [[{ x: 1, a: 1 }, [['A', ['x'], ['a']]], ['x'], ['zz']], /graph output 'zz' is never produced/],
      [[{ a: 1 }, [['A', ['x'], ['a']]], ['x'], ['a']], /tensor 'x' \(graph input\) has no size/],
    ];
    for (const [args, message] of cases) {
      expect(() => validateMemoryGraph(makeGraph(...args))).toThrow(message);
      try {
        validateMemoryGraph(makeGraph(...args));
      } catch (e) {
        expect((e as { code?: string }).code).toBe('MEMORY_GRAPH_INVALID');
      }
    }
  });
});
