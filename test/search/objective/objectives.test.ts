// The selection objectives: the budget objective's exchange rate and the worked examples of
// docs/objective.md, the paper objective's identity with METHOD §4, and the name lookup.
import { describe, expect, it } from 'vitest';
import { isMemnasError } from '../../../search/errors.ts';
import { memnasMetric } from '../../../search/metric.ts';
import { OBJECTIVES, objectiveByName } from '../../../search/objective/all-objectives.ts';
import { BUDGET_POINTS, budgetObjective } from '../../../search/objective/budget.ts';
import { paperObjective } from '../../../search/objective/paper.ts';

const net = (accuracy: number, kb: number) => ({ accuracy, paramBytes: kb * 600, activationBytes: kb * 400 });
const ctx = (lambda: number) => ({ lambda, budgetBytes: 300_000 });

describe('budget objective', () => {
  it('trades one accuracy point for (λ/(1−λ))·B/κ bytes', () => {
    for (const lambda of [0.2, 0.5, 0.8]) {
      const bytesPerPoint = (lambda / (1 - lambda)) * (300_000 / BUDGET_POINTS);
      const parent = net(0.84, 100);
      const even = net(0.85, 100 + bytesPerPoint / 1000);
      expect(budgetObjective.score(even, parent, ctx(lambda))).toBeCloseTo(0, 9);
    }
  });

  it('gives the worked grow and trim of docs/objective.md', () => {
    const parent = net(0.84, 120);
    const grow = budgetObjective.score(net(0.845, 190), parent, ctx(0.5));
    expect(grow).toBeCloseTo(0.25 - 0.5 * 2 * (70 / 300), 9);
    expect(grow).toBeGreaterThan(0);
    expect(budgetObjective.score(net(0.844, 190), parent, ctx(0.5))).toBeLessThan(0);
    expect(budgetObjective.score(net(0.845, 190), parent, ctx(0.2))).toBeLessThan(0);
    expect(budgetObjective.score(net(0.845, 190), parent, ctx(0.8))).toBeGreaterThan(0);
    expect(budgetObjective.score(net(0.839, 95), parent, ctx(0.5))).toBeGreaterThan(0);
    expect(budgetObjective.score(net(0.838, 95), parent, ctx(0.5))).toBeLessThan(0);
  });

  it("a grow that doubles memory can win under it and cannot under the paper's", () => {
    const parent = net(0.8, 100);
    const grown = net(0.83, 200);
    expect(budgetObjective.score(grown, parent, ctx(0.5))).toBeGreaterThan(0);
    expect(paperObjective.score(grown, parent, ctx(0.5))).toBeLessThan(0);
  });
});

describe('objectives by name', () => {
  it('the paper objective is METHOD §4', () => {
    const a = net(0.8, 100);
    const b = net(0.82, 80);
    expect(paperObjective.score(b, a, ctx(0.5))).toBe(memnasMetric(b, a, 0.5));
  });

  it('finds each by name and refuses an unknown one with a USAGE error naming the choices', () => {
    for (const o of OBJECTIVES) expect(objectiveByName(o.name)).toBe(o);
    try {
      objectiveByName('fastest');
      expect.unreachable();
    } catch (e) {
      expect(isMemnasError(e) && e.code).toBe('USAGE');
      expect((e as Error).message).toMatch(/budget or paper, got 'fastest'/);
    }
  });
});
