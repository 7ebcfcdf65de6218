import { describe, expect, it } from 'vitest';
import {
  type ChildNoise,
  noiseText,
  pairedDifference,
  summarizeNoise,
} from '../../../bench/round-noise/paired.ts';

const bits = (s: string): Uint8Array => Uint8Array.from(s, (ch) => (ch === '1' ? 1 : 0));

describe('round-noise paired difference', () => {
  it('counts only the images the two networks disagree on as noise', () => {
    // 10 images: the child gains 3 and loses 1 → Δ +0.2, 4 discordant → se √4 / 10.
    const p = pairedDifference(bits('1111001111'), bits('0001011111'));
    expect(p.delta).toBeCloseTo(0.2, 12);
    expect(p.discordant).toBeCloseTo(0.4, 12);
    expect(p.standardError).toBeCloseTo(0.2, 12);
    expect(pairedDifference(bits('1010'), bits('1010'))).toEqual({
      delta: 0,
      discordant: 0,
      standardError: 0,
    });
    expect(() => pairedDifference(bits('10'), bits('1'))).toThrow(/differ in count/);
  });

  it('says how many chosen changes were within one standard error of their baseline', () => {
    const row = (id: number, delta: number, se: number, chosen: boolean): ChildNoise => ({
      round: 1,
      id,
      kind: 'trim-op',
      chosen,
      pass: 1,
      delta,
      discordant: 0.03,
      standardError: se,
    });
    const rows = [
      row(1, 0.001, 0.0025, true),
      row(2, -0.004, 0.0025, true),
      row(3, 0.009, 0.0027, true),
      row(4, 0.01, 0.003, false),
    ];
    const s = summarizeNoise(rows);
    expect(s).toEqual({ children: 4, medianStandardError: 0.0026, chosen: 3, chosenWithinOneError: 1 });
    expect(noiseText(rows, s).split('\n')[0]).toMatch(/pass/);
    expect(noiseText(rows, s)).toContain(
      "1 of 3 chosen changes were within one standard error of their baseline's accuracy",
    );
  });
});
