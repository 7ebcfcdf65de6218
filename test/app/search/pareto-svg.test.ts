// The run plot keeps proxy and final accuracies apart: the search panel holds search-validation
// accuracies only, the final panel only final-trained models' test accuracies, each with its own
// front line, both on readable 1/2/5 ticks.
import { describe, expect, it } from 'vitest';
import { finalTrainedPoints, paretoSvg, type PlotInput } from '../../../app/search/pareto-svg.ts';

const points = [
  { id: 1, accuracy: 0.6868, totalBytes: 53_080 },
  { id: 2, accuracy: 0.8164, totalBytes: 216_232 },
  { id: 3, accuracy: 0.637, totalBytes: 120_000 },
  { id: 4, accuracy: 0.7452, totalBytes: 59_080 },
];
const front = [points[0]!, points[3]!, points[1]!];
const finals = [
  { id: 2, testAccuracy: 0.8915, totalBytes: 216_232, finalTrainingSeconds: 609.8 },
  { id: 1, testAccuracy: 0.6868, totalBytes: 53_080, finalTrainingSeconds: 0 },
  { id: 4, testAccuracy: 0.881, totalBytes: 59_080, finalTrainingSeconds: 609.5 },
  { id: 2, testAccuracy: 0.8915, totalBytes: 216_232, finalTrainingSeconds: 609.8 },
];
const input: PlotInput = { points, front, bestId: 2, budgetBytes: 300_000, title: 'Search: 4 candidates' };

const panels = (svg: string): string[] => svg.split('<g class="panel"').slice(1);
const ticks = (panel: string, cls: string): number[] =>
  [...panel.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]*)<`, 'g'))].map((m) => Number(m[1]));
const polylineYs = (panel: string): number[] => {
  const m = /<polyline[^>]*points="([^"]*)"/.exec(panel);
  return m === null ? [] : m[1]!.split(' ').map((xy) => Number(xy.split(',')[1]));
};

describe('finalTrainedPoints', () => {
  it('keeps each final-trained model with a test accuracy once, and drops those that kept search weights', () => {
    expect(finalTrainedPoints(finals)).toEqual([
      { id: 2, accuracy: 0.8915, totalBytes: 216_232 },
      { id: 4, accuracy: 0.881, totalBytes: 59_080 },
    ]);
    expect(
      finalTrainedPoints([{ id: 9, testAccuracy: null, totalBytes: 1, finalTrainingSeconds: 5 }]),
    ).toEqual([]);
    expect(finalTrainedPoints([{ id: 9, testAccuracy: 0.5, totalBytes: 1 }])).toEqual([]);
  });
});

describe('paretoSvg', () => {
  it('draws one search panel on a proxy axis when no final models are given', () => {
    const svg = paretoSvg(input);
    expect(panels(svg)).toHaveLength(1);
    expect(svg).toContain('search validation accuracy (%, proxy)');
    expect(svg).not.toContain('final test accuracy');
    expect(svg.match(/class="pareto"/g)).toHaveLength(3);
    expect(svg.match(/class="candidate"/g)).toHaveLength(1);
    expect(svg.match(/class="best"/g)).toHaveLength(1);
  });

  it('puts only final-trained models on a separate final-test-accuracy panel, never joined to proxy points', () => {
    const svg = paretoSvg({ ...input, finals });
    const [search, final] = panels(svg);
    expect(final).toBeDefined();
    expect(search).toContain('search validation accuracy (%, proxy)');
    expect(search).not.toMatch(/class="final/);
    expect(final).toContain('final test accuracy (%)');
    expect(final).not.toMatch(/class="(pareto|candidate)"/);
    // Models 2 and 4 were retrained; model 1 kept its search weights and is left out, and said so.
    expect(final!.match(/class="final(-front)?"/g)).toHaveLength(2);
    expect(final).toContain('final-trained model 4');
    expect(final).not.toContain('model 1 ');
    expect(final).toContain('not shown: 1 model that kept search weights (not retrained)');
    // Each panel's line joins only its own front: three proxy points, two final points.
    expect(polylineYs(search!)).toHaveLength(3);
    expect(polylineYs(final!)).toHaveLength(2);
    expect(svg).toMatch(/width="1280"/);
  });

  it('labels both axes of both panels with 1/2/5 steps on rounded values', () => {
    for (const panel of panels(paretoSvg({ ...input, finals }))) {
      for (const cls of ['xtick', 'ytick']) {
        const v = ticks(panel, cls);
        expect(v.length).toBeGreaterThanOrEqual(2);
        const step = v[1]! - v[0]!;
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect(
          [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6),
          `${cls}: ${v.join(', ')}`,
        ).toBe(true);
        for (const [i, x] of v.entries()) expect(x).toBeCloseTo(v[0]! + i * step, 6);
        for (const x of v) expect(Math.abs(x / step - Math.round(x / step))).toBeLessThan(1e-6);
      }
    }
    // Side by side, both panels share one memory axis.
    const [left, right] = panels(paretoSvg({ ...input, finals }));
    expect(ticks(right!, 'xtick')).toEqual(ticks(left!, 'xtick'));
    const [search] = panels(paretoSvg(input));
    expect(ticks(search!, 'ytick')).toEqual([60, 65, 70, 75, 80, 85]);
    expect(ticks(search!, 'xtick')).toEqual([0, 100, 200, 300, 400]);
  });

  it('says so when no model has been final-trained', () => {
    const [, final] = panels(paretoSvg({ ...input, finals: [] }));
    expect(final).toContain('no model has been final-trained yet');
    expect(final).not.toMatch(/<circle class=/);
    const kept = finals.map((m) => ({ ...m, finalTrainingSeconds: 0 }));
    const [, none] = panels(paretoSvg({ ...input, finals: kept }));
    expect(none).toContain('Final training: 0 models retrained');
    expect(none).toContain('not shown: 3 models that kept search weights (not retrained)');
    expect(none).not.toMatch(/<circle class=/);
  });
});
