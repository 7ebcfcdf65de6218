import { describe, expect, it } from 'vitest';
import { fidelity, fidelityText } from '../../../bench/proxy-fidelity/fidelity.ts';

const pairs = (proxy: readonly number[], test: readonly number[]) =>
  proxy.map((p, i) => ({ id: i + 10, proxy: p, testAccuracy: test[i]! }));

describe('fidelity', () => {
  it('is Kendall tau-b between proxy and final test accuracy, judged against 0.6', () => {
    // Hand-computed: 4 concordant, 2 discordant of 6 → 1/3.
    const low = fidelity(pairs([0.6, 0.7, 0.8, 0.9], [0.86, 0.85, 0.89, 0.88]));
    expect(low.kendallTau).toBeCloseTo(1 / 3, 12);
    expect(low.pairs).toBe(6);
    expect(low.models).toBe(4);
    expect(low.pass).toBe(false);
    const high = fidelity(pairs([0.6, 0.7, 0.8, 0.9], [0.85, 0.86, 0.88, 0.89]));
    expect(high.kendallTau).toBe(1);
    expect(high.pass).toBe(true);
  });

  it('is null (and fails) when a list is constant', () => {
    const f = fidelity(pairs([0.6, 0.6, 0.6], [0.8, 0.85, 0.9]));
    expect(f.kendallTau).toBeNull();
    expect(f.pass).toBe(false);
    expect(fidelityText([], fidelity([]))).toMatch(
      /undefined .* over 0 models \(0 pairs\); target ≥ 0.6: FAIL/,
    );
  });

  it('prints the pairs by proxy accuracy and the verdict', () => {
    const p = pairs([0.9, 0.6], [0.89, 0.85]);
    const text = fidelityText(p, fidelity(p)).split('\n');
    expect(text[1]).toMatch(/^11 +60\.00% +85\.00%$/);
    expect(text[2]).toMatch(/^10 +90\.00% +89\.00%$/);
    expect(text[3]).toBe('Kendall tau 1.000 over 2 models (1 pair); target ≥ 0.6: PASS');
  });
});
