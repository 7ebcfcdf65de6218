import { describe, expect, it } from 'vitest';
import { pickSpread } from '../../../bench/proxy-fidelity/pick.ts';

const items = (proxies: readonly number[]) => proxies.map((proxy, id) => ({ id, proxy }));

describe('pickSpread', () => {
  it('picks the items nearest evenly spaced targets over the proxy range, lowest proxy first', () => {
    // Many near-ties at the top; the spread still reaches the bottom and the middle.
    const all = items([0.6, 0.7, 0.8, 0.8, 0.81, 0.81, 0.82, 0.82, 0.82, 0.83]);
    const picked = pickSpread(all, 4);
    // Targets 0.6, 0.677, 0.753, 0.83 → 0.6; 0.7; 0.8 (nearest to 0.753); 0.83.
    expect(picked.map((p) => p.id)).toEqual([0, 1, 2, 9]);
  });

  it('returns distinct items, the extremes included, and all of them when there are few', () => {
    const all = items(Array.from({ length: 40 }, (_, i) => 0.5 + ((i * 17) % 40) / 100));
    const picked = pickSpread(all, 12);
    expect(picked).toHaveLength(12);
    expect(new Set(picked.map((p) => p.id)).size).toBe(12);
    expect(picked[0]!.proxy).toBe(Math.min(...all.map((p) => p.proxy)));
    expect(picked.at(-1)!.proxy).toBe(Math.max(...all.map((p) => p.proxy)));
    for (let i = 1; i < picked.length; i++)
      expect(picked[i]!.proxy).toBeGreaterThanOrEqual(picked[i - 1]!.proxy);
    expect(pickSpread(items([0.3, 0.1, 0.2]), 12).map((p) => p.id)).toEqual([1, 2, 0]);
    expect(pickSpread(items([0.3, 0.1]), 0)).toEqual([]);
  });

  it('breaks ties between equally near items by the lower id', () => {
    expect(pickSpread(items([0.5, 0.5, 0.5, 0.5]), 2).map((p) => p.id)).toEqual([0, 1]);
  });
});
