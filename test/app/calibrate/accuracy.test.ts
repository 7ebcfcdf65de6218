// Issue #7's acceptance criterion, on this machine and in headless Chromium: after calibrating
// with at most 40 generated models, predicted peak memory is within ±10% of the measured peak for
// at least 90% of a separate test set (public-architecture-like graphs — inverted residuals, dense
// blocks, fire modules, ResNet blocks, written as PyTorch exports them — and search-space members
// from seeds the calibration does not use), at batch 1: the figure `memnas search --device`
// budgets with.
//
// EXPENSIVE (on an idle 2-core machine: ~7 min for onnxruntime-node — 40 models × 2 batch sizes
// × 3 processes, then 16 test models × 3 —, ~4 min for the browser agent), so it runs only with
// MEMNAS_ACCEPTANCE=1:
//   MEMNAS_ACCEPTANCE=1 npx vitest run test/app/calibrate/accuracy.test.ts
import { describe, expect, it } from 'vitest';
import { onnxFigures } from '../../../exporter/onnx/analysis/onnx-figures.ts';
import { profileForCalibration, runCalibration } from '../../../app/calibrate/run-calibration.ts';
import { type CalibrationTarget, openTarget } from '../../../app/calibrate/target.ts';
import { MAX_CALIBRATION_MODELS } from '../../../search/calibration/generate.ts';
import { errorShares } from '../../../search/calibration/held-out.ts';
import { predictPeakBytes } from '../../../search/calibration/model.ts';
import { withinBand } from '../../../search/calibration/peak-band.ts';
import { calibrationTestSet } from '../../fixtures/onnx/calibration-test-set.ts';
import { HAVE_CHROMIUM, startBrowserAgent } from '../../profiler-agent/browser/helpers.ts';

const RUN = process.env.MEMNAS_ACCEPTANCE === '1';
if (!RUN)
  console.warn('SKIPPED: the calibration acceptance tests run only with MEMNAS_ACCEPTANCE=1 (~11 min)');

/** Calibrates `target`, measures the test set at batch 1 and checks the share within ±10%. */
async function expectCalibratedWithin10(target: CalibrationTarget): Promise<void> {
  const record = await runCalibration(target, { models: MAX_CALIBRATION_MODELS, seed: 1 });
  const pairs: { name: string; predicted: number; measured: number }[] = [];
  for (const m of calibrationTestSet(16)) {
    // Measured as the calibration measures (profileForCalibration: on Node the highest of three
    // fresh processes, whose peaks come in two modes ~5% apart).
    const { batches } = await profileForCalibration(target, m.bytes, { batches: [1], runs: 5, warmup: 1 });
    pairs.push({
      name: m.name,
      predicted: predictPeakBytes(record.fit, onnxFigures(m.bytes), 1),
      measured: batches[0]!.peakBytes,
    });
  }
  const shares = errorShares(pairs);
  // The calibration's band (90% of its own cross-validated peaks) should hold about as many of
  // these unseen networks: checked at 80%, as 16 networks make a coarse share.
  const band = record.band!;
  const inBand = pairs.filter((p) => withinBand(p.predicted, p.measured, band)).length;
  const table = pairs
    .map(
      (p) =>
        `${p.name}: ${p.measured} measured, ${p.predicted} predicted (${((p.predicted / p.measured - 1) * 100).toFixed(1)}%)`,
    )
    .join('\n');
  console.log(
    `${target.name}: ${(shares.within10 * 100).toFixed(0)}% within ±10%, ${inBand}/${pairs.length} in the band ${band.lowRatio.toFixed(2)}–${band.highRatio.toFixed(2)}×\n${table}`,
  );
  expect(inBand / pairs.length, table).toBeGreaterThanOrEqual(0.8);
  expect(shares.within10, table).toBeGreaterThanOrEqual(0.9);
}

describe.runIf(RUN)('calibrated peak memory (acceptance)', () => {
  it('on this machine: ≥ 90% of a separate test set within ±10% at batch 1', async () => {
    await expectCalibratedWithin10(await openTarget({ device: 'local' }));
  }, 600_000);

  it.runIf(HAVE_CHROMIUM)(
    'in the browser agent (headless Chromium): ≥ 90% of the test set within ±10% at batch 1',
    async () => {
      const agent = await startBrowserAgent();
      try {
        await expectCalibratedWithin10(await openTarget(agent.target));
      } finally {
        await agent.close();
      }
    },
    900_000,
  );
});
