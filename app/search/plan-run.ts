// A new run's settings from the user's budgets: the cell width that suits the memory budget, the
// training subset and the seed-round size and K that suit the time budget (METHOD §8).
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import { planSearch } from '../../search/loop/plan.ts';
import { buildArchitecture, type SpaceInput } from '../../search/space/build.ts';
import { growCandidates, seedCandidates } from '../../search/space/grow-trim.ts';
import type { Genotype } from '../../search/space/genotype.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import type { ObjectiveName } from '../../search/objective/types.ts';
import { DEFAULTS, type PickerName, type SearchTuning } from './config.ts';
import { RUN_CONFIG_VERSION, type RunConfig } from './run-config.ts';

/** Total memory of an architecture as the budget will check it (analytic, or the device's prediction). */
export type TotalMemory = (arch: Architecture) => number;

const analyticTotal: TotalMemory = (arch) => analyticMemory(arch).totalBytes;

export const WIDTHS = [32, 24, 16, 12, 8, 6, 4] as const;
/** Inputs at least this many pixels on each side get a stride-2 stem (METHOD §8). */
export const STRIDED_STEM_MIN_SIDE = 24;
/** Single-worker training speed assumed before anything has trained (wasm, 2-core machine). */
export const ASSUMED_IMAGES_PER_SECOND = 600;
/** Model building, data loading and validation per candidate. */
export const CANDIDATE_OVERHEAD_SECONDS = 3;
/**
 * A runoff finalist's second pass, in first passes. One pass hides what capacity buys
 * (`npm run bench:grow-lift`, three seed networks each trained four passes): four grows led the
 * parent trained as long by −0.28 to +0.80 points after one pass and by +0.12 to +1.88 after four;
 * a width step by −0.08 to +0.04, then +0.18 to +0.78. At three, a round's runoff trains for
 * 0.5–0.9 times the seconds of its ten first passes (12-minute searches, session 25).
 */
export const RUNOFF_PASS_LENGTH = 3;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * One pass over 4,000 images (measured on Fashion-MNIST: seeds reach 47–69% validation, enough to
 * rank them) lets a 4-minute run train 8+ candidates; longer runs train candidates longer, growing
 * with the square root so rounds stay affordable.
 */
export function plannedCandidateImages(timeBudgetSeconds: number): number {
  return Math.round(clamp(4000 * Math.sqrt(timeBudgetSeconds / 240), 2000, 15_000));
}

/**
 * A stride-2 stem on images of 24 px and more: on Fashion-MNIST a full-resolution first block holds
 * the largest feature maps and most of the work, while classifying at 14×14 loses nothing measurable
 * (measured: the same cells reach the same accuracy per epoch) — so the memory goes to width instead.
 */
export function chooseStemStride(space: SpaceInput): 1 | 2 {
  return Math.min(space.shape[0], space.shape[1]) >= STRIDED_STEM_MIN_SIDE ? 2 : 1;
}

/** Grows of the median seed whose median must fit: a sample across op pairs and inputs. */
const GROW_SAMPLE = 9;

/**
 * GROW_SAMPLE grows of `seed` at evenly spaced ranks of their analytic size (cheap to compute for
 * all), so that a costlier total (a device's prediction) is computed for a few alone.
 */
function growSample(seed: Genotype, space: SpaceInput): Genotype[] {
  const ranked = growCandidates(seed)
    .map((c) => ({ g: c.genotype, size: analyticTotal(buildArchitecture(c.genotype, space)) }))
    .sort((x, y) => x.size - y.size);
  const at = (k: number): number => Math.round((k * (ranked.length - 1)) / (GROW_SAMPLE - 1));
  return [...new Set(Array.from({ length: GROW_SAMPLE }, (_, k) => at(k)))].map((i) => ranked[i]!.g);
}

/** The element at the middle of `items` ranked by `size`. */
function medianBy<T>(items: readonly T[], size: (item: T) => number): { item: T; size: number } {
  const ranked = items.map((item) => ({ item, size: size(item) })).sort((x, y) => x.size - y.size);
  return ranked[Math.floor(ranked.length / 2)]!;
}

/**
 * The widest width at which the median seed network can grow once within the budget (the median
 * of a sample of its grows fits; else the narrowest width), by the same memory the budget is
 * checked against — the device's prediction in a device search. A grow roughly triples a
 * single-cell network (the new cell, and the concatenation doubles what the next block's first
 * layers read: at width 8 on Fashion-MNIST, 66 KB → about 220 KB), so a width chosen by the seeds
 * alone leaves the search nothing but trims; and on a device, whose runtime adds a fixed part,
 * the seeds' share of the budget says little about the room a grow needs.
 */
export function chooseWidth(
  space: SpaceInput,
  budgetBytes: number,
  stemStride: 1 | 2 = 1,
  total: TotalMemory = analyticTotal,
): number {
  const size = (g: Genotype): number => total(buildArchitecture(g, space));
  for (const w of WIDTHS) {
    const seed = medianBy(
      seedCandidates(w, w, stemStride).map((c) => c.genotype),
      size,
    );
    if (seed.size > budgetBytes) continue;
    if (medianBy(growSample(seed.item, space), size).size <= budgetBytes) return w;
  }
  return WIDTHS.at(-1)!;
}

export function planRun(a: {
  dataset: string;
  space: SpaceInput;
  memoryBudgetBytes: number;
  lambda: number;
  objective: ObjectiveName;
  picker: PickerName;
  device: string | null;
  seed: number;
  timeBudgetSeconds: number;
  parallelism: number;
  /** Settings the user gave (--k, --seed-size, ...); the rest are planned. Default: none given. */
  tuning?: SearchTuning;
  /** Default: the analytic total. */
  total?: TotalMemory;
}): RunConfig {
  const t = a.tuning;
  const stemStride = chooseStemStride(a.space);
  const width = chooseWidth(a.space, a.memoryBudgetBytes, stemStride, a.total);
  const candidateImages = t?.proxyImages ?? plannedCandidateImages(a.timeBudgetSeconds);
  const validationImages = Math.round(clamp(8 * a.timeBudgetSeconds, 500, 5000));
  const candidateSeconds = candidateImages / ASSUMED_IMAGES_PER_SECOND + CANDIDATE_OVERHEAD_SECONDS;
  const plan = planSearch({
    timeBudgetSeconds: a.timeBudgetSeconds,
    parallelism: a.parallelism,
    candidateSeconds,
    seedCount: seedCandidates(width, width, stemStride).length,
  });
  return {
    version: RUN_CONFIG_VERSION,
    dataset: a.dataset,
    memoryBudgetBytes: a.memoryBudgetBytes,
    lambda: a.lambda,
    objective: a.objective,
    picker: a.picker,
    device: a.device,
    seed: a.seed,
    width,
    stem: width,
    stemStride,
    seedSize: t?.seedSize ?? plan.seedSize,
    k: t?.k ?? plan.k,
    maxCells: t?.maxCells ?? DEFAULTS.maxCells,
    patience: t?.patience ?? DEFAULTS.patience,
    runoff: t?.runoff ?? DEFAULTS.runoff,
    candidateImages,
    childImages: candidateImages,
    runoffImages: RUNOFF_PASS_LENGTH * candidateImages,
    validationImages,
    input: { shape: a.space.shape, classes: a.space.classes },
  };
}
