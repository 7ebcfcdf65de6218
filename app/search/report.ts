// The run's output folder: each candidate's architecture, the best model (architecture, weights,
// ONNX), summary.json and pareto.svg. Everything is written atomically and can be rewritten from
// the database, so a resumed run ends with the same files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportArchitecture } from '../../exporter/export-model.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import { encodeWeights } from '../../search/architecture/weights-file.ts';
import { paretoFront } from '../../search/pareto.ts';
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import { latencyOf, totalMemory } from '../../search/loop/select.ts';
import { latencyFields, type LatencySource } from './latency-fields.ts';
import type { CandidateRecord, RoundRecord } from '../../search/loop/types.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import type { FinalModel } from './final.ts';
import { type PlotPoint, paretoSvg } from './pareto-svg.ts';
import { describeMutation } from '../report/describe.ts';

export interface ModelSummary {
  readonly id: number;
  /** Path of the architecture JSON, relative to the output folder. */
  readonly architecture: string;
  readonly testAccuracy: number | null;
  readonly validationAccuracy: number;
  /** Validation accuracy after the short search training. */
  readonly searchValidationAccuracy: number;
  readonly paramBytes: number;
  readonly peakActivationBytes: number;
  readonly totalBytes: number;
  readonly measured?: { readonly device: string; readonly peakMemoryBytes: number };
  /** The device memory predicted before training, when a device was used. */
  readonly predictedDeviceBytes?: number;
  readonly finalTrainingSeconds: number;
  readonly cellsPerBlock: number;
  readonly lineage: readonly string[];
  /** Whether a chosen grow is in the model's lineage. */
  readonly grew: boolean;
  /** The candidate whose weights it started from, or null (trained from scratch). */
  readonly inheritedFrom: number | null;
  /** Batch-1 p50 on the device, ms: measured, else predicted; null when not measured (no device). */
  readonly latencyMs: number | null;
  readonly latencySource: LatencySource;
}

export interface ReportInput {
  readonly dir: string;
  readonly candidates: readonly CandidateRecord[];
  readonly rounds: readonly RoundRecord[];
  readonly best: FinalModel;
  readonly pareto: readonly FinalModel[];
  readonly architecture: (c: CandidateRecord) => Architecture;
  readonly device: string | null;
  readonly budgetBytes: number;
  /** --latency-budget, milliseconds; null without one (the front is then over accuracy and memory). */
  readonly latencyBudgetMs?: number | null;
  readonly header: Record<string, unknown>;
  readonly deviations: readonly string[];
}

export const candidateFile = (id: number): string => join('candidates', `${id}.json`);

/**
 * The Pareto front of trained candidates by search validation accuracy and total memory, and by
 * latency too when `timed` (a latency budget: candidates with a latency figure compete on it).
 */
export function searchFront(candidates: readonly CandidateRecord[], timed = false): CandidateRecord[] {
  const points = candidates
    .filter((c) => c.status === 'trained')
    .map((c) => {
      const ms = timed ? latencyOf(c) : null;
      return {
        c,
        accuracy: c.validationAccuracy!,
        totalBytes: totalMemory(c),
        ...(ms === null ? {} : { latencyMs: ms }),
      };
    });
  return paretoFront(points).map((p) => p.c);
}

/** The candidate and its ancestors, the seed first. */
function ancestry(c: CandidateRecord, byId: Map<number, CandidateRecord>): CandidateRecord[] {
  const out: CandidateRecord[] = [];
  for (
    let x: CandidateRecord | undefined = c;
    x !== undefined;
    x = x.parentId === null ? undefined : byId.get(x.parentId)
  )
    out.unshift(x);
  return out;
}

function lineage(c: CandidateRecord, byId: Map<number, CandidateRecord>): string[] {
  return ancestry(c, byId).map((x) => `${x.id}: ${describeMutation(x.mutation)}`);
}

/** Every candidate, one line of figures each: lineage, inheritance, proxy accuracy, memory. */
function candidateRows(cs: readonly CandidateRecord[]) {
  return cs.map((c) => ({
    id: c.id,
    round: c.round,
    parentId: c.parentId,
    inheritedFrom: c.inheritedFrom,
    mutation: c.mutation.kind,
    cellsPerBlock: c.genotype.blocks[0]!.cells.length,
    status: c.status,
    searchValidationAccuracy: c.validationAccuracy,
    // A runoff finalist's accuracy after its second pass (null: not a finalist).
    runoffValidationAccuracy: c.runoffAccuracy ?? null,
    metric: c.metric,
    totalBytes: c.memory.totalBytes,
    memorySource: c.memory.source,
    measuredBytes: c.measuredBytes,
    ...latencyFields(c),
    trainSeconds: c.trainSeconds,
  }));
}

/** The analytic figures of a candidate (the store holds the device prediction when a device was used). */
export function analyticOf(
  c: CandidateRecord,
  arch: Architecture,
): { paramBytes: number; peakActivationBytes: number; totalBytes: number } {
  return c.memory.source === 'analytic' ? c.memory : analyticMemory(arch);
}

function modelSummary(
  f: FinalModel,
  device: string | null,
  byId: Map<number, CandidateRecord>,
  arch: Architecture,
): ModelSummary {
  const c = f.candidate;
  const m = analyticOf(c, arch);
  return {
    id: c.id,
    architecture: candidateFile(c.id),
    testAccuracy: f.testAccuracy,
    validationAccuracy: f.validationAccuracy,
    searchValidationAccuracy: c.validationAccuracy ?? 0,
    paramBytes: m.paramBytes,
    peakActivationBytes: m.peakActivationBytes,
    totalBytes: m.totalBytes,
    ...(device !== null && c.measuredBytes !== null
      ? { measured: { device, peakMemoryBytes: c.measuredBytes } }
      : {}),
    ...(c.memory.source === 'device' ? { predictedDeviceBytes: c.memory.totalBytes } : {}),
    finalTrainingSeconds: f.finalSeconds,
    cellsPerBlock: c.genotype.blocks[0]!.cells.length,
    lineage: lineage(c, byId),
    grew: ancestry(c, byId).some((x) => x.mutation.kind === 'grow'),
    inheritedFrom: c.inheritedFrom,
    ...latencyFields(c),
  };
}

/** A trained candidate as the plot draws it, with its device latency when it has one. */
function plotPoint(c: CandidateRecord): PlotPoint {
  const ms = latencyOf(c);
  return {
    id: c.id,
    accuracy: c.validationAccuracy!,
    totalBytes: totalMemory(c),
    ...(ms === null ? {} : { latencyMs: ms }),
  };
}

export function writeReport(r: ReportInput): Record<string, unknown> {
  mkdirSync(join(r.dir, 'candidates'), { recursive: true });
  for (const c of r.candidates)
    writeFileAtomic(join(r.dir, candidateFile(c.id)), JSON.stringify(r.architecture(c), null, 2) + '\n');
  const bestArch = r.architecture(r.best.candidate);
  writeFileAtomic(join(r.dir, 'best.json'), JSON.stringify(bestArch, null, 2) + '\n');
  writeFileAtomic(join(r.dir, 'best.weights.bin'), encodeWeights(r.best.weights));
  writeFileAtomic(join(r.dir, 'best.onnx'), exportArchitecture(bestArch, r.best.weights).bytes);
  const byId = new Map(r.candidates.map((c) => [c.id, c]));
  const trained = r.candidates.filter((c) => c.status === 'trained');
  const summary = {
    ...r.header,
    candidatesTrained: trained.length,
    candidatesFailed: r.candidates.filter((c) => c.status === 'failed').length,
    rounds: r.rounds.filter((x) => x.done).length,
    best: {
      ...modelSummary(r.best, r.device, byId, bestArch),
      onnx: 'best.onnx',
      weights: 'best.weights.bin',
    },
    pareto: r.pareto.map((f) => modelSummary(f, r.device, byId, r.architecture(f.candidate))),
    roundLog: r.rounds.map((x) => ({
      round: x.round,
      parent: x.parentId,
      picker: x.picker,
      proposed: x.proposed,
      overBudget: x.overBudget,
      trained: x.picks.filter((id) => byId.get(id)?.status === 'trained').length,
      runoff: x.picks.filter((id) => byId.get(id)?.runoffAccuracy !== undefined),
      nextParent: x.nextParentId,
      improved: x.improved,
      controller: x.quality,
    })),
    deviations: r.deviations,
    candidates: candidateRows(r.candidates),
  };
  writeFileAtomic(join(r.dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const timed = r.latencyBudgetMs !== undefined && r.latencyBudgetMs !== null;
  const points = trained.map(plotPoint);
  const front = searchFront(r.candidates, timed).map(plotPoint);
  writeFileAtomic(
    join(r.dir, 'pareto.svg'),
    paretoSvg({
      points,
      front,
      bestId: r.best.candidate.id,
      budgetBytes: r.budgetBytes,
      ...(timed ? { latencyBudgetMs: r.latencyBudgetMs! } : {}),
      title: `Search: ${trained.length} candidates, Pareto front in red`,
      finals: [summary.best, ...summary.pareto],
    }),
  );
  return summary;
}
