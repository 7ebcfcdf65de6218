// A finished search run folder as `memnas deploy` and `memnas report` read it: summary.json, the
// best model's architecture, weights and ONNX, and the run's settings from its database. A run
// killed before its final training has no summary or no best model, and is refused in one line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import { checkWeights, decodeWeights } from '../../search/architecture/weights-file.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { parseRunConfig, type RunConfig } from '../search/run-config.ts';

export interface RunSummaryModel {
  readonly id: number;
  readonly architecture: string;
  readonly testAccuracy: number | null;
  readonly validationAccuracy: number;
  /** Validation accuracy after the short search training (the proxy). */
  readonly searchValidationAccuracy?: number;
  /** Seconds of final training; 0 when the model kept its search weights. */
  readonly finalTrainingSeconds?: number;
  readonly paramBytes: number;
  readonly peakActivationBytes: number;
  readonly totalBytes: number;
  readonly measured?: { readonly device: string; readonly peakMemoryBytes: number };
  readonly predictedDeviceBytes?: number;
  readonly cellsPerBlock?: number;
  readonly lineage?: readonly string[];
}

export interface RunSummary {
  readonly dataset: string;
  readonly candidatesTrained: number;
  readonly rounds: number;
  readonly best: RunSummaryModel & { readonly onnx?: string; readonly weights?: string };
  readonly pareto: readonly RunSummaryModel[];
  readonly [key: string]: unknown;
}

export interface FinishedRun {
  readonly dir: string;
  readonly summary: RunSummary;
  readonly config: RunConfig;
  readonly best: Architecture;
  readonly weights: ArchitectureWeights;
  readonly onnx: Uint8Array;
}

function unfinished(dir: string, why: string): MemnasError {
  return new MemnasError(
    'FILE_NOT_FOUND',
    `${dir} has no finished model (${why}); finish the search first: memnas search --resume --out ${dir}`,
  );
}

/** The run's settings from its database (read-only use; the store is closed again). */
export function readRunConfig(dir: string): RunConfig {
  const db = join(dir, 'search.db');
  if (!existsSync(db))
    throw new MemnasError('FILE_NOT_FOUND', `${dir} is not a search run folder (no search.db)`);
  const store = SqliteSearchStore.open(db);
  try {
    return parseRunConfig(store.runConfig(), db);
  } finally {
    store.close();
  }
}

export function readSummary(dir: string): RunSummary {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new MemnasError('FILE_NOT_FOUND', `no such run folder: ${dir}`);
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) {
    if (existsSync(join(dir, 'search.db')))
      throw unfinished(dir, 'no summary.json: the search stopped before its final training');
    throw new MemnasError(
      'FILE_NOT_FOUND',
      `${dir} is not a search run folder (no summary.json or search.db)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new MemnasError('FILE_UNREADABLE', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const s = raw as Partial<RunSummary> | null;
  if (s === null || typeof s !== 'object' || typeof s.best !== 'object' || !Array.isArray(s.pareto))
    throw new MemnasError('FILE_UNREADABLE', `${path} is not a memnas search summary (no best / pareto)`);
  return s as RunSummary;
}

export function readFinishedRun(dir: string): FinishedRun {
  const summary = readSummary(dir);
  const files = {
    arch: join(dir, 'best.json'),
    weights: join(dir, summary.best.weights ?? 'best.weights.bin'),
    onnx: join(dir, summary.best.onnx ?? 'best.onnx'),
  };
  for (const f of Object.values(files)) if (!existsSync(f)) throw unfinished(dir, `${f} is missing`);
  const config = readRunConfig(dir);
  const best = parseArchitecture(JSON.parse(readFileSync(files.arch, 'utf8')));
  const weights = decodeWeights(new Uint8Array(readFileSync(files.weights)), files.weights);
  checkWeights(best, weights);
  return { dir, summary, config, best, weights, onnx: new Uint8Array(readFileSync(files.onnx)) };
}
