// The claim the λ sweep checks (issue 22): winners of increasing memory and increasing accuracy as
// λ rises. A winner's accuracy is its test accuracy trained again alike — the same epochs, once
// per training seed, from scratch — averaged over the seeds: the runs' own final training
// continues from search weights that different lineages trained for different lengths, so it
// compares the runs, not the networks; it is reported beside. Pure.
import { table } from '../../cli/format.ts';

export interface SweepRow {
  readonly lambda: number;
  readonly bestId: number;
  /** The winner's total memory as the budget held it (measured on a device, else analytic). */
  readonly memoryBytes: number;
  readonly cellsPerBlock: number;
  readonly grew: boolean;
  /** Test accuracy after the run's own final training; null when the dataset has no test split. */
  readonly runTestAccuracy: number | null;
  /** Test accuracy of each training seed's run of `memnas train`, in seed order. */
  readonly retrained: readonly number[];
}

export interface SweepVerdict {
  readonly memoryIncreasing: boolean;
  /** The retrained means rise with λ. */
  readonly accuracyIncreasing: boolean;
  /** The runs' own final test accuracies rise with λ (reported, not judged). */
  readonly runAccuracyIncreasing: boolean;
  readonly pass: boolean;
  readonly failures: readonly string[];
}

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sample standard deviation; 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

const increasing = (xs: readonly (number | null)[]): boolean =>
  xs.every((x, i) => x !== null && (i === 0 || (xs[i - 1] !== null && x > xs[i - 1]!)));

export function judgeSweep(rows: readonly SweepRow[]): SweepVerdict {
  const memoryIncreasing = increasing(rows.map((r) => r.memoryBytes));
  const accuracyIncreasing = increasing(
    rows.map((r) => (r.retrained.length === 0 ? null : mean(r.retrained))),
  );
  const failures: string[] = [];
  if (rows.length < 2) failures.push('a sweep needs two or more λ');
  if (!memoryIncreasing) failures.push('the winners’ memory does not rise with λ');
  if (!accuracyIncreasing) failures.push('the winners’ accuracy trained alike does not rise with λ');
  return {
    memoryIncreasing,
    accuracyIncreasing,
    runAccuracyIncreasing: increasing(rows.map((r) => r.runTestAccuracy)),
    pass: failures.length === 0,
    failures,
  };
}

const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(2)}%`);

/** One row per λ, then PASS or FAIL with the reasons and the runs' own ordering. */
export function sweepText(rows: readonly SweepRow[], v: SweepVerdict, trainedAlike: string): string {
  const header = [
    'λ',
    'winner',
    'cells',
    'grew',
    'memory',
    'run’s own test',
    `${trainedAlike}: mean ± sd`,
    'each',
  ];
  const body = rows.map((r) => [
    String(r.lambda),
    String(r.bestId),
    String(r.cellsPerBlock),
    r.grew ? 'yes' : 'no',
    `${(r.memoryBytes / 1000).toFixed(1)} KB`,
    pct(r.runTestAccuracy),
    r.retrained.length === 0
      ? '–'
      : `${pct(mean(r.retrained))} ± ${(100 * sampleSd(r.retrained)).toFixed(2)}`,
    r.retrained.map(pct).join(' '),
  ]);
  return [
    table([header, ...body]),
    `${v.pass ? 'PASS' : 'FAIL'}: winners of increasing memory and accuracy (trained alike) as λ rises`,
    ...v.failures.map((f) => `  ${f}`),
    `with the runs' own final training the accuracy ${v.runAccuracyIncreasing ? 'rises' : 'does not rise'} with λ`,
  ].join('\n');
}
