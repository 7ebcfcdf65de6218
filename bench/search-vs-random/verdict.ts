// The claim the benchmark checks (issue 22): on every seed, the controller's best model within the
// budget is at least 0.5 points more accurate than random search's, and its front has the larger
// hypervolume. Pure: figures in, per-seed verdicts and a printable table out.
import { table } from '../../cli/format.ts';
import type { RunFigures } from './figures.ts';

/** The required lead of the controller's best-within-budget test accuracy, in points. */
export const MARGIN_POINTS = 0.5;

export interface SeedVerdict {
  readonly seed: number;
  readonly controller: RunFigures;
  readonly random: RunFigures;
  /** Controller's best minus random's, in points; null when either has no model within the budget. */
  readonly leadPoints: number | null;
  readonly pass: boolean;
  /** Why the seed failed (empty when it passed). */
  readonly failures: readonly string[];
}

export function judgeSeed(seed: number, controller: RunFigures, random: RunFigures): SeedVerdict {
  const c = controller.bestTestAccuracy;
  const r = random.bestTestAccuracy;
  const leadPoints = c === null || r === null ? null : 100 * (c - r);
  const failures: string[] = [];
  if (c === null) failures.push('the controller has no model within the budget');
  // 1e-9: a lead of exactly 0.5 points passes despite floating-point rounding.
  else if (leadPoints !== null && leadPoints < MARGIN_POINTS - 1e-9)
    failures.push(`best within budget leads random by ${leadPoints.toFixed(2)} pt (< ${MARGIN_POINTS})`);
  if (!(controller.hypervolume > random.hypervolume))
    failures.push(
      `hypervolume ${controller.hypervolume.toFixed(4)} is not above random's ${random.hypervolume.toFixed(4)}`,
    );
  return { seed, controller, random, leadPoints, pass: failures.length === 0, failures };
}

const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(2)}%`);

/** One row per seed and picker, then PASS or FAIL with the reasons. */
export function verdictText(seeds: readonly SeedVerdict[]): string {
  const rows = [['seed', 'picker', 'best within budget', 'model', 'hypervolume', 'trained']];
  for (const v of seeds)
    for (const [picker, f] of [
      ['controller', v.controller],
      ['random', v.random],
    ] as const)
      rows.push([
        String(v.seed),
        picker,
        pct(f.bestTestAccuracy),
        f.bestId === null ? '–' : String(f.bestId),
        f.hypervolume.toFixed(4),
        String(f.candidatesTrained),
      ]);
  const pass = seeds.length > 0 && seeds.every((v) => v.pass);
  const why = seeds.flatMap((v) => v.failures.map((f) => `  seed ${v.seed}: ${f}`));
  return [
    table(rows),
    `${pass ? 'PASS' : 'FAIL'}: controller ≥ random + ${MARGIN_POINTS} pt and a larger hypervolume on every seed`,
    ...why,
  ].join('\n');
}
