// How far apart a round's accuracies are against the noise of measuring them: each child against
// the round's baseline (its parent trained as long) on the same validation images. Two networks
// that disagree on d of n images have an accuracy difference whose standard error is √d / n
// (the paired, McNemar-style error: images both get right or both get wrong carry no noise). Pure.
import { table } from '../../cli/format.ts';

export interface PairedDifference {
  /** Child's accuracy minus the baseline's, as a fraction. */
  readonly delta: number;
  /** Fraction of images exactly one of the two classifies right. */
  readonly discordant: number;
  /** Standard error of `delta`. */
  readonly standardError: number;
}

/** `child` and `baseline`: 1 per image classified right, else 0, over the same images. */
export function pairedDifference(child: Uint8Array, baseline: Uint8Array): PairedDifference {
  if (child.length !== baseline.length || child.length === 0)
    throw new RangeError(`paired images differ in count: ${child.length} and ${baseline.length}`);
  let delta = 0;
  let discordant = 0;
  for (let i = 0; i < child.length; i++) {
    delta += child[i]! - baseline[i]!;
    discordant += child[i] === baseline[i] ? 0 : 1;
  }
  const n = child.length;
  return { delta: delta / n, discordant: discordant / n, standardError: Math.sqrt(discordant) / n };
}

export interface ChildNoise extends PairedDifference {
  readonly round: number;
  readonly id: number;
  /** The mutation: grow, trim-op, trim-edge, width. */
  readonly kind: string;
  /** The round chose this child as the next parent. */
  readonly chosen: boolean;
  /** 1: first pass against the baseline's first; 2: a runoff's second pass against the baseline's second. */
  readonly pass: 1 | 2;
}

export interface NoiseSummary {
  readonly children: number;
  readonly medianStandardError: number;
  /** Children the rounds chose over their baseline. */
  readonly chosen: number;
  /** Of those, how many were within one standard error of the baseline's accuracy (either way). */
  readonly chosenWithinOneError: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function summarizeNoise(rows: readonly ChildNoise[]): NoiseSummary {
  const chosen = rows.filter((r) => r.chosen);
  return {
    children: rows.length,
    medianStandardError: median(rows.map((r) => r.standardError)),
    chosen: chosen.length,
    chosenWithinOneError: chosen.filter((r) => Math.abs(r.delta) < r.standardError).length,
  };
}

const pts = (v: number): string => (100 * v).toFixed(2);

export function noiseText(rows: readonly ChildNoise[], s: NoiseSummary): string {
  const body = rows.map((r) => [
    String(r.round),
    String(r.id),
    r.kind,
    pts(r.delta),
    pts(r.standardError),
    `${pts(r.discordant)}%`,
    String(r.pass),
    r.chosen ? 'chosen' : '',
  ]);
  return [
    table([['round', 'child', 'change', 'Δ pt', 'se pt', 'disagree', 'pass', ''], ...body]),
    `${s.children} children; median standard error of a child's lead over its baseline ${pts(s.medianStandardError)} pt; ` +
      `${s.chosenWithinOneError} of ${s.chosen} chosen changes were within one standard error of their baseline's accuracy`,
  ].join('\n');
}
