// The printed part of `npm run bench:calibration`: a fit's memory and latency predictions against
// a separate test set, per batch size, with the measurement's own run-to-run noise (a second
// round of the same test set against the first) beside the latency figures — a predictor cannot
// agree with one round better than the rounds agree with each other.
import {
  compareWith,
  type ErrorShares,
  type LatencyAccuracy,
  latencyAccuracy,
  pairAccuracy,
} from '../search/calibration/held-out.ts';
import {
  type CalibrationFit,
  type CalibrationPoint,
  predictLatencyMs,
  predictPeakBytes,
} from '../search/calibration/model.ts';
import { type PeakBand, withinBand } from '../search/calibration/peak-band.ts';

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

export const sharesLine = (label: string, s: ErrorShares & { kendallTau?: number }): string =>
  `${label.padEnd(32)} n=${String(s.count).padStart(3)}  ±5%: ${pct(s.within5).padStart(4)}  ±10%: ${pct(s.within10).padStart(4)}  median ${(100 * s.medianError).toFixed(1)}%, max ${pct(s.maxError)}${s.kendallTau === undefined ? '' : `  Kendall tau ${s.kendallTau.toFixed(3)}`}`;

/** One measurement against its predictions (latency at batch 1 only), as a line. */
export function pointLine(fit: CalibrationFit, p: CalibrationPoint): string {
  const mem = predictPeakBytes(fit, p.figures, p.batch);
  const predictedMs = predictLatencyMs(fit, p.figures, 1);
  const lat =
    p.batch !== 1 || predictedMs === null || p.latencyMs === null
      ? ''
      : `  p50 ${p.latencyMs.toFixed(3).padStart(7)} ms predicted ${predictedMs.toFixed(3).padStart(7)} ms (${pct(predictedMs / p.latencyMs - 1).padStart(5)})`;
  return `  ${p.model.padEnd(32)} b${String(p.batch).padEnd(4)} peak ${(p.peakBytes / 1e6).toFixed(2).padStart(7)} MB predicted ${(mem / 1e6).toFixed(2).padStart(7)} MB (${pct(mem / p.peakBytes - 1).padStart(5)})${lat}`;
}

/**
 * Round 2's batch-1 p50s as "predictions" of round 1's, network by network: the measurement's
 * repeatability in the same figures as the predictor's accuracy. Null without a second round.
 */
export function noiseShares(rounds: readonly (readonly CalibrationPoint[])[]): LatencyAccuracy | null {
  const [first, second] = rounds;
  if (first === undefined || second === undefined) return null;
  const again = new Map(second.filter((p) => p.batch === 1).map((p) => [p.model, p.latencyMs]));
  return pairAccuracy(
    first.flatMap((p) => {
      const ms = again.get(p.model);
      return p.batch !== 1 || ms === undefined || ms === null || p.latencyMs === null
        ? []
        : [{ predicted: ms, measured: p.latencyMs }];
    }),
  );
}

/** Prints the test set's memory (per batch) and latency (batch 1, each round) figures. */
export function printTestSet(
  label: string,
  fit: CalibrationFit,
  band: PeakBand | null,
  rounds: readonly (readonly CalibrationPoint[])[],
): void {
  const set = rounds[0] ?? [];
  if (set.length === 0) return;
  for (const b of [...new Set(set.map((p) => p.batch))]) {
    const group = set.filter((p) => p.batch === b);
    console.log(sharesLine(`${label} memory, batch ${b}`, compareWith(fit, group).memory));
    if (band !== null) {
      const inside = group.filter((p) =>
        withinBand(predictPeakBytes(fit, p.figures, p.batch), p.peakBytes, band),
      );
      console.log(`${`${label} in band, batch ${b}`.padEnd(32)} ${inside.length}/${group.length}`);
    }
  }
  rounds.forEach((round, i) =>
    console.log(sharesLine(`${label} latency b1, round ${i + 1}`, latencyAccuracy(fit, round))),
  );
  // With a runtime model, the file-level model beside it: what the runtime's own kernels add.
  if ((fit.runtimeLatency ?? null) !== null)
    rounds.forEach((round, i) =>
      console.log(
        sharesLine(
          `${label} file-level b1, round ${i + 1}`,
          latencyAccuracy({ ...fit, runtimeLatency: null }, round),
        ),
      ),
    );
  const noise = noiseShares(rounds);
  if (noise !== null) console.log(sharesLine(`${label} p50 round 2 vs round 1`, noise));
}
