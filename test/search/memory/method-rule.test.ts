import { describe, expect, it } from 'vitest';
import { methodRulePeak } from '../../../search/memory/method-rule.ts';
import { makeGraph } from './fixtures.ts';
import { chain } from './blocks.ts';

// A block of two cells, as in METHOD.md §3's lifetime figure:
//   cell 1: op1(in) → c1a(32), op2(in) → c1b(16), add1(c1a, c1b) → c1(24)
//   cell 2: op3(in) → c2a(8),  op4(c1) → c2b(40), add2(c2a, c2b) → c2(12)
//   block output: concat(c1, c2) → o(36)
// Levels: op1, op2, op3 = 1; add1 = 2; op4 = 3; add2 = 4; concat = 5.
// Lifetimes [born, last step alive] — released at the step the last consumer runs:
//   in [0,0] (op1–op3 run at 1); c1a, c1b [1,1]; c2a [1,3] (long skip edge to add2 at 4);
//   c1 [2,4] (read by op4 at 3 and by the block-output concat at 5); c2b [3,3]; c2 [4,4]; o [5,5].
// Live bytes per step: 0: in 64 | 1: c1a 32 + c1b 16 + c2a 8 = 56 | 2: c1 24 + c2a 8 = 32 |
//   3: c2b 40 + c1 24 + c2a 8 = 72 | 4: c1 24 + c2 12 = 36 | 5: o 36 → peak 72 at step 3.
const cellBlock = makeGraph(
  { in: 64, c1a: 32, c1b: 16, c1: 24, c2a: 8, c2b: 40, c2: 12, o: 36 },
  [
    ['op1', ['in'], ['c1a']],
    ['op2', ['in'], ['c1b']],
    ['add1', ['c1a', 'c1b'], ['c1']],
    ['op3', ['in'], ['c2a']],
    ['op4', ['c1'], ['c2b']],
    ['add2', ['c2a', 'c2b'], ['c2']],
    ['concat', ['c1', 'c2'], ['o']],
  ],
  ['in'],
  ['o'],
);

describe('methodRulePeak', () => {
  it('reproduces the lifetime example step by step', () => {
    const r = methodRulePeak(cellBlock);
    expect(r.steps.map((s) => s.nodes)).toEqual([
      [],
      ['op1', 'op2', 'op3'],
      ['add1'],
      ['op4'],
      ['add2'],
      ['concat'],
    ]);
    expect(r.steps.map((s) => s.live.map((t) => t.tensor))).toEqual([
      ['in'],
      ['c1a', 'c1b', 'c2a'],
      ['c1', 'c2a'],
      ['c2b', 'c1', 'c2a'],
      ['c1', 'c2'],
      ['o'],
    ]);
    expect(r.steps.map((s) => s.bytes)).toEqual([64, 56, 32, 72, 36, 36]);
    expect(r.peakBytes).toBe(72);
    expect(r.peakStep).toBe(3);
    expect(r.liveAtPeak).toEqual([
      { tensor: 'c2b', bytes: 40 },
      { tensor: 'c1', bytes: 24 },
      { tensor: 'c2a', bytes: 8 },
    ]);
  });

  it("re-wiring the long skip edge shortens its tensor's life", () => {
    // Cell 2 reads c1 for both ops instead of the block input: c2a is then born at step 3
    // (op3 at level 3), so it no longer lives across steps 1–3. Steps: 0: 64 | 1: c1a+c1b=48 |
    // 2: c1=24 | 3: c2a 8 + c2b 40 + c1 24 = 72 | 4: c1+c2=36 | 5: 36 — the peak stays at
    // step 3 but step 1 and 2 shrink by c2a.
    const trimmed = makeGraph(
      Object.fromEntries(cellBlock.tensors),
      cellBlock.nodes.map((n) => [n.name, n.name === 'op3' ? ['c1'] : n.inputs, n.outputs] as const),
      ['in'],
      ['o'],
    );
    const r = methodRulePeak(trimmed);
    expect(r.steps.map((s) => s.bytes)).toEqual([64, 48, 24, 72, 36, 36]);
  });

  it('counts an unread output at its birth step and keeps graph outputs to the end', () => {
    // x(10) → A → a(5) and dead(7); a → B → b(3). Graph outputs: a and b.
    // step0: x 10 | step1: a 5 + dead 7 = 12 (x released at A's step) | step2: a 5 + b 3 = 8.
    const g = makeGraph(
      { x: 10, a: 5, dead: 7, b: 3 },
      [
        ['A', ['x'], ['a', 'dead']],
        ['B', ['a'], ['b']],
      ],
      ['x'],
      ['a', 'b'],
    );
    const r = methodRulePeak(g);
    expect(r.steps.map((s) => s.bytes)).toEqual([10, 12, 8]);
    expect(r.peakStep).toBe(1);
  });

  it('matches the chain by hand', () => {
    expect(methodRulePeak(chain).steps.map((s) => s.bytes)).toEqual([100, 200, 50, 10]);
  });
});
