// Hand-sized blocks shared by the memory tests. Expected peaks are worked out next to each test.
import type { MemoryGraph } from '../../../search/memory/graph.ts';
import { makeGraph } from './fixtures.ts';

/** x(100) → A → a(200) → B → b(50) → C → c(10). */
export const chain: MemoryGraph = makeGraph(
  { x: 100, a: 200, b: 50, c: 10 },
  [
    ['A', ['x'], ['a']],
    ['B', ['a'], ['b']],
    ['C', ['b'], ['c']],
  ],
  ['x'],
  ['c'],
);

/** x(64) → C1 → a(128) → C2 → b(64); Add(x, b) → y(64). The skip edge keeps x alive. */
export const residual: MemoryGraph = makeGraph(
  { x: 64, a: 128, b: 64, y: 64 },
  [
    ['C1', ['x'], ['a']],
    ['C2', ['a'], ['b']],
    ['Add', ['x', 'b'], ['y']],
  ],
  ['x'],
  ['y'],
);

/** x(80) → B1 → p(40); x → B2 → q(60); Concat(p, q) → c(100). */
export const concatBlock: MemoryGraph = makeGraph(
  { x: 80, p: 40, q: 60, c: 100 },
  [
    ['B1', ['x'], ['p']],
    ['B2', ['x'], ['q']],
    ['Concat', ['p', 'q'], ['c']],
  ],
  ['x'],
  ['c'],
);

/** MobileNetV2 block: x(32) → expand 1×1 → e(192) → depthwise → d(192) → project → p(32); Add(x, p) → y(32). */
export const invertedResidual: MemoryGraph = makeGraph(
  { x: 32, e: 192, d: 192, p: 32, y: 32 },
  [
    ['Expand', ['x'], ['e']],
    ['Depthwise', ['e'], ['d']],
    ['Project', ['d'], ['p']],
    ['Add', ['x', 'p'], ['y']],
  ],
  ['x'],
  ['y'],
);

/**
 * Two branches off x(10), each blowing up to 100 bytes then shrinking to 1; joined at the end.
 * The file order interleaves them (A1, B1, A2, B2, J), which holds both 100-byte tensors at once.
 */
export const twoBranches: MemoryGraph = makeGraph(
  { x: 10, a: 100, a2: 1, b: 100, b2: 1, y: 1 },
  [
    ['A1', ['x'], ['a']],
    ['B1', ['x'], ['b']],
    ['A2', ['a'], ['a2']],
    ['B2', ['b'], ['b2']],
    ['J', ['a2', 'b2'], ['y']],
  ],
  ['x'],
  ['y'],
);
