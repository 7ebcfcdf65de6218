import { describe, expect, it } from 'vitest';
import { narrowerWidth, widerWidth, WIDTH_LADDER } from '../../../search/space/width-ladder.ts';

describe('width ladder', () => {
  it('steps one rung of the ladder up or down, and the two steps undo each other', () => {
    expect([widerWidth(8), narrowerWidth(8)]).toEqual([10, 6]);
    expect([widerWidth(12), narrowerWidth(12)]).toEqual([14, 10]);
    expect([widerWidth(7), narrowerWidth(7)]).toEqual([8, 6]); // off the ladder: its neighbours
    expect([widerWidth(64), narrowerWidth(2)]).toEqual([null, null]);
    for (const w of WIDTH_LADDER.slice(1, -1)) expect(narrowerWidth(widerWidth(w)!)).toBe(w);
  });
});
