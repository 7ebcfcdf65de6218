// A new run's settings from the user's budgets: the cell width that suits the memory budget, the
// training subset and the seed-round size and K that suit the time budget (METHOD §8).
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import { planSearch } from '../../search/loop/plan.ts';
import { buildArchitecture, type SpaceInput } from '../../search/space/build.ts';
import { seedCandidates } from '../../search/space/grow-trim.ts';
import type { RunConfig } from './run-config.ts';

export const WIDTHS = [32, 24, 16, 12, 8, 6, 4] as const;
/** Inputs at least this many pixels on each side get a stride-2 stem (METHOD §8). */
export const STRIDED_STEM_MIN_SIDE = 24;
/** Single-worker training speed assumed before anything has trained (wasm, 2-core machine). */
export const ASSUMED_IMAGES_PER_SECOND = 600;
/** Model building, data loading and validation per candidate. */
export const CANDIDATE_OVERHEAD_SECONDS = 3;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * A stride-2 stem on images of 24 px and more: on Fashion-MNIST a full-resolution first block holds
 * the largest feature maps and most of the work, while classifying at 14×14 loses nothing measurable
 * (measured: the same cells reach the same accuracy per epoch) — so the memory goes to width instead.
 */
export function chooseStemStride(space: SpaceInput): 1 | 2 {
  return Math.min(space.shape[0], space.shape[1]) >= STRIDED_STEM_MIN_SIDE ? 2 : 1;
}

/** The widest width whose median seed network uses at most half the budget (else the narrowest). */
export function chooseWidth(space: SpaceInput, budgetBytes: number, stemStride: 1 | 2 = 1): number {
  for (const w of WIDTHS) {
    const totals = seedCandidates(w, w, stemStride)
      .map((c) => analyticMemory(buildArchitecture(c.genotype, space)).totalBytes)
      .sort((a, b) => a - b);
    if (totals[Math.floor(totals.length / 2)]! <= budgetBytes / 2) return w;
  }
  return WIDTHS.at(-1)!;
}

export function planRun(a: {
  dataset: string;
  space: SpaceInput;
  memoryBudgetBytes: number;
  lambda: number;
  device: string | null;
  seed: number;
  timeBudgetSeconds: number;
  parallelism: number;
}): RunConfig {
  const stemStride = chooseStemStride(a.space);
  const width = chooseWidth(a.space, a.memoryBudgetBytes, stemStride);
  // One pass over 4,000 images (measured on Fashion-MNIST: seeds reach 47–69% validation, enough
  // to rank them) lets a 4-minute run train 8+ candidates; longer runs train candidates longer,
  // growing with the square root so rounds stay affordable.
  const candidateImages = Math.round(clamp(4000 * Math.sqrt(a.timeBudgetSeconds / 240), 2000, 15_000));
  const validationImages = Math.round(clamp(8 * a.timeBudgetSeconds, 500, 5000));
  const candidateSeconds = candidateImages / ASSUMED_IMAGES_PER_SECOND + CANDIDATE_OVERHEAD_SECONDS;
  const plan = planSearch({
    timeBudgetSeconds: a.timeBudgetSeconds,
    parallelism: a.parallelism,
    candidateSeconds,
    seedCount: seedCandidates(width, width, stemStride).length,
  });
  return {
    version: 1,
    dataset: a.dataset,
    memoryBudgetBytes: a.memoryBudgetBytes,
    lambda: a.lambda,
    device: a.device,
    seed: a.seed,
    width,
    stem: width,
    stemStride,
    seedSize: plan.seedSize,
    k: plan.k,
    maxCells: 6,
    patience: 2,
    candidateImages,
    validationImages,
    input: { shape: a.space.shape, classes: a.space.classes },
  };
}
