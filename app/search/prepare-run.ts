// A search run's settings before anything is trained: the output folder, the saved settings of
// a resumed run (or a new plan from the user's budgets), the dataset loaded and checked, and the
// device's memory oracle, probed once so an unreachable device fails before any training.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { analyticMemory, analyticOracle } from '../../search/loop/analytic-oracle.ts';
import type { MemoryOracle } from '../../search/loop/memory-oracle.ts';
import { buildArchitecture, type SpaceInput } from '../../search/space/build.ts';
import { seedCandidates } from '../../search/space/grow-trim.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { loadDataset, type Dataset } from '../../trainer/data/load-dataset.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';
import { datasetSpecFromArg } from '../dataset-arg.ts';
import {
  deviceOracle,
  devicePeakMeasurer,
  noCalibrationWarning,
  type DeviceMemoryOracle,
} from './device-oracle.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import { spreadProbes } from '../../search/loop/device-line.ts';
import { DEFAULTS, type SearchOptions } from './config.ts';
import { planQueue } from './open-queue.ts';
import { chooseStemStride, chooseWidth, planRun } from './plan-run.ts';
import { parseRunConfig, type RunConfig } from './run-config.ts';

export interface PreparedRun {
  readonly dir: string;
  readonly dbPath: string;
  readonly config: RunConfig;
  readonly spec: DatasetSpec;
  readonly data: Dataset;
  readonly space: SpaceInput;
  readonly workers: number;
  readonly oracle: MemoryOracle;
  /** One line to print at the start (e.g. a device without a calibration), or null. */
  readonly warning: string | null;
}

export async function prepareRun(o: SearchOptions, timeBudgetSeconds: number): Promise<PreparedRun> {
  const dir = outDir(o);
  const dbPath = join(dir, 'search.db');
  if (o.resume && !existsSync(dbPath))
    throw new MemnasError('FILE_NOT_FOUND', `nothing to resume: ${dir} holds no search.db`);
  if (!o.resume && existsSync(dbPath))
    throw new MemnasError(
      'USAGE',
      `${dir} already holds a search: add --resume to continue it, or choose another --out`,
    );
  const saved = o.resume ? savedConfig(dbPath, dir, o) : undefined;
  const queue = await planQueue(o, saved, dir);
  const datasetArg = saved?.dataset ?? o.dataset!;
  const seed = saved?.seed ?? o.seed ?? 0;
  const spec = datasetSpecFromArg(datasetArg, seed);
  // The dataset is checked before anything is created, so bad input leaves no half-made run.
  const data = await loadDataset(spec);
  const space: SpaceInput = {
    shape: [...data.inputShape] as [number, number, number],
    classes: data.classes,
  };
  const workers = o.workers ?? queue.slots ?? Math.max(1, Math.min(availableParallelism(), 4));
  const budget = o.memoryBudgetBytes ?? DEFAULTS.memoryBudgetBytes;
  const device = saved?.device ?? o.device ?? null;
  const latency = saved === undefined ? latencySettings(o) : undefined;
  const timed = (saved?.latencyBudgetMs ?? latency?.latencyBudgetMs) !== undefined;
  const { oracle, warning } = await deviceSetup(device, o, space, budget, timed);
  // The coordinator is kept for the report's link to its dashboard; it does not change the search.
  const via = device !== null && device !== 'local' ? o.coordinator : undefined;
  const config: RunConfig = saved ?? {
    ...planRun({
      dataset: datasetArg,
      space,
      memoryBudgetBytes: budget,
      lambda: o.lambda ?? DEFAULTS.lambda,
      objective: o.objective ?? DEFAULTS.objective,
      picker: o.picker ?? DEFAULTS.picker,
      device,
      seed,
      timeBudgetSeconds,
      parallelism: workers,
      tuning: o.tuning,
      total: (arch) => oracle.estimate(arch).totalBytes,
    }),
    ...(via === undefined ? {} : { coordinator: via }),
    ...latency,
    ...(queue.queue === undefined ? {} : { queue: queue.queue }),
  };
  const warnings = [warning, queue.warning].filter((w) => w !== null).join('; ');
  return {
    dir,
    dbPath,
    config,
    spec,
    data,
    space,
    workers,
    oracle,
    warning: warnings === '' ? null : warnings,
  };
}

function savedConfig(dbPath: string, dir: string, o: SearchOptions): RunConfig {
  const peek = SqliteSearchStore.open(dbPath);
  let saved: RunConfig;
  try {
    saved = parseRunConfig(peek.runConfig(), dbPath);
  } finally {
    peek.close();
  }
  if (o.dataset !== undefined && o.dataset !== saved.dataset)
    throw new MemnasError(
      'USAGE',
      `${dir} searched '${saved.dataset}'; drop --dataset or pass the same one to resume`,
    );
  checkSavedTuning(saved, o, dir);
  checkSavedLatency(saved, o, dir);
  return saved;
}

type LatencySettings = Pick<RunConfig, 'latencyBudgetMs' | 'latencyWeight'>;

/** A new run's latency settings: none without --latency-budget (--latency-weight alone has no effect). */
function latencySettings(o: SearchOptions): LatencySettings | undefined {
  if (o.latencyBudgetMs === undefined) return undefined;
  return { latencyBudgetMs: o.latencyBudgetMs, latencyWeight: o.latencyWeight ?? DEFAULTS.latencyWeight };
}

/** A resumed run keeps its latency budget and weight: another value (or one it had not) is refused. */
function checkSavedLatency(saved: RunConfig, o: SearchOptions, dir: string): void {
  const kept = saved.latencyBudgetMs;
  if (o.latencyBudgetMs !== undefined && o.latencyBudgetMs !== kept)
    throw new MemnasError(
      'USAGE',
      kept === undefined
        ? `${dir} was searched without --latency-budget; drop --latency-budget to resume it`
        : `${dir} was searched with --latency-budget ${kept}ms; drop --latency-budget or pass the same value to resume`,
    );
  const weight = saved.latencyWeight ?? DEFAULTS.latencyWeight;
  if (o.latencyWeight !== undefined && (kept === undefined || o.latencyWeight !== weight))
    throw new MemnasError(
      'USAGE',
      kept === undefined
        ? `${dir} was searched without --latency-budget; drop --latency-weight to resume it`
        : `${dir} was searched with --latency-weight ${weight}; drop --latency-weight or pass the same value to resume`,
    );
}

/** A resumed run keeps its saved search settings: a flag asking for another value is refused, not ignored. */
function checkSavedTuning(saved: RunConfig, o: SearchOptions, dir: string): void {
  const t = o.tuning;
  const pairs: [string, number | undefined, number | null][] = [
    ['--k', t.k, saved.k],
    ['--seed-size', t.seedSize, saved.seedSize],
    ['--proxy-images', t.proxyImages, saved.candidateImages],
    ['--patience', t.patience, saved.patience],
    ['--runoff', t.runoff, saved.runoff],
    ['--max-cells', t.maxCells, saved.maxCells],
  ];
  for (const [flag, given, kept] of pairs)
    if (given !== undefined && given !== kept)
      throw new MemnasError(
        'USAGE',
        kept === null
          ? `${dir} was searched without ${flag}; drop ${flag} to resume`
          : `${dir} was searched with ${flag} ${kept}; drop ${flag} or pass the same value to resume`,
      );
}

/**
 * The memory oracle: analytic, or the device's. The device is measured here before anything
 * trains — it fails now if unreachable. Without a stored calibration it measures the smallest,
 * median and largest seed network of the width the analytic model would choose (untrained: a
 * peak depends on shapes, not values), so the prediction's line has a spread to stand on and the
 * plan's width rests on the same device figures the budget check will use.
 */
async function deviceSetup(
  device: string | null,
  o: SearchOptions,
  space: SpaceInput,
  budget: number,
  latency: boolean,
): Promise<{ oracle: MemoryOracle; warning: string | null }> {
  if (device === null) return { oracle: analyticOracle, warning: null };
  const measure = await devicePeakMeasurer(
    device,
    o.coordinator,
    o.token,
    (line) => process.stderr.write(`warning: ${line}\n`),
    { latency },
  );
  const oracle = deviceOracle(device, measure);
  const stride = chooseStemStride(space);
  const width = chooseWidth(space, budget, stride);
  const seeds = seedCandidates(width, width, stride).map((c, i) =>
    buildArchitecture(c.genotype, space, `device-check-${i}`),
  );
  if (oracle.calibrated) {
    await oracle.measure(seeds[0]!, randomWeights(seeds[0]!, 0));
    return { oracle, warning: null };
  }
  await probeSeeds(oracle, seeds);
  // The width the measurements so far choose: its seeds are measured too, so that the plan and
  // the seed round's budget check rest on figures of networks of that size.
  const planned = chooseWidth(space, budget, stride, (a) => oracle.estimate(a).totalBytes);
  if (planned !== width)
    await probeSeeds(
      oracle,
      seedCandidates(planned, planned, stride).map((c, i) =>
        buildArchitecture(c.genotype, space, `device-check-w${planned}-${i}`),
      ),
    );
  return { oracle, warning: noCalibrationWarning(device) };
}

async function probeSeeds(oracle: DeviceMemoryOracle, seeds: readonly Architecture[]): Promise<void> {
  await oracle.probe(spreadProbes(seeds, (a) => analyticMemory(a).totalBytes));
}

/** --out, or a fresh folder under runs/; --resume without --out takes the newest search folder. */
function outDir(o: SearchOptions): string {
  if (o.out !== undefined) return o.out;
  if (o.resume) {
    const runs = existsSync('runs')
      ? readdirSync('runs').filter((d) => d.startsWith('search-') && existsSync(join('runs', d, 'search.db')))
      : [];
    const newest = runs.sort(
      (a, b) => statSync(join('runs', b)).mtimeMs - statSync(join('runs', a)).mtimeMs,
    )[0];
    if (newest === undefined)
      throw new MemnasError('USAGE', '--resume needs --out DIR (no search folder found under runs/)');
    return join('runs', newest);
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('runs', `search-${stamp}`);
}
