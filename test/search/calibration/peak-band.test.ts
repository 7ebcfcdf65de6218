import { describe, expect, it } from 'vitest';
import { groupedFolds } from '../../../search/calibration/held-out.ts';
import { fitCalibration, predictPeakBytes } from '../../../search/calibration/model.ts';
import {
  MIN_BAND_PREDICTIONS,
  peakBand,
  peakRange,
  withinBand,
} from '../../../search/calibration/peak-band.ts';
import { device } from './helpers/synthetic-device.ts';

/** Measured ÷ modelled peak uniform in [0.85, 1.2]: a device the linear rule explains to ±20%. */
const noisy = (rng: { next(): number }): number => 0.85 + 0.35 * rng.next();

describe('peak band', () => {
  it('is about one when the device follows the model exactly', () => {
    const band = peakBand(device(1, 24))!;
    expect(band.count).toBe(48);
    expect(band.folds).toBe(4);
    expect(band.coverage).toBe(0.9);
    expect(band.lowRatio).toBeGreaterThan(0.99);
    expect(band.highRatio).toBeLessThan(1.01);
  });

  it('spans the spread of a noisy device and holds about nine in ten of its unseen models', () => {
    const points = device(2, 40, noisy);
    const band = peakBand(points)!;
    // The fit lands near the noise's middle, so the ratios spread about as the noise does.
    expect(band.lowRatio).toBeGreaterThan(0.75);
    expect(band.lowRatio).toBeLessThan(0.95);
    expect(band.highRatio).toBeGreaterThan(1.05);
    expect(band.highRatio).toBeLessThan(1.3);
    // Models the calibration never saw, from the same device.
    const fit = fitCalibration(points);
    const unseen = device(3, 40, noisy);
    const inside = unseen.filter((p) =>
      withinBand(predictPeakBytes(fit, p.figures, p.batch), p.peakBytes, band),
    );
    expect(inside.length / unseen.length).toBeGreaterThan(0.8);
    // A narrower band (the exact device's) would hold far fewer of them.
    const tight = peakBand(device(1, 24))!;
    const insideTight = unseen.filter((p) =>
      withinBand(predictPeakBytes(fit, p.figures, p.batch), p.peakBytes, tight),
    );
    expect(insideTight.length / unseen.length).toBeLessThan(0.3);
  });

  it('is null when too few measurements or models to cross-validate', () => {
    // 4 models × 2 batches: 8 predictions.
    expect(8).toBeLessThan(MIN_BAND_PREDICTIONS);
    expect(peakBand(device(4, 4))).toBeNull();
    expect(peakBand(device(4, 1))).toBeNull();
  });

  it('puts members of every group in every fold', () => {
    const points = device(5, 24);
    const family = (model: string): string =>
      ['space', 'fire', 'space', 'resnet'][Number(model.slice(1)) % 4]!;
    const folds = groupedFolds(points, 4, family);
    expect(folds.size).toBe(24);
    for (let k = 0; k < 4; k++)
      for (const f of ['space', 'fire', 'resnet'])
        expect(
          [...folds].some(([m, fold]) => fold === k && family(m) === f),
          `fold ${k} ${f}`,
        ).toBe(true);
  });

  it('scales a prediction into a range in whole bytes', () => {
    const band = { lowRatio: 0.85, highRatio: 1.25, coverage: 0.9, count: 80, folds: 4 };
    expect(peakRange(1_000_001, band)).toEqual({ lowBytes: 850_001, highBytes: 1_250_001 });
    expect(withinBand(1_000_001, 850_001, band)).toBe(true);
    expect(withinBand(1_000_001, 850_000, band)).toBe(false);
    expect(withinBand(1_000_001, 1_250_002, band)).toBe(false);
  });
});
