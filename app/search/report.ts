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
import { totalMemory } from '../../search/loop/select.ts';
import type { CandidateRecord, RoundRecord } from '../../search/loop/types.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import type { FinalModel } from './final.ts';
import { paretoSvg } from './pareto-svg.ts';
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
  readonly header: Record<string, unknown>;
  readonly deviations: readonly string[];
}

export const candidateFile = (id: number): string => join('candidates', `${id}.json`);

/** The Pareto front of trained candidates by search validation accuracy and total memory. */
export function searchFront(candidates: readonly CandidateRecord[]): CandidateRecord[] {
  const points = candidates
    .filter((c) => c.status === 'trained')
    .map((c) => ({ c, accuracy: c.validationAccuracy!, totalBytes: totalMemory(c) }));
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
    metric: c.metric,
    totalBytes: c.memory.totalBytes,
    memorySource: c.memory.source,
    measuredBytes: c.measuredBytes,
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
      nextParent: x.nextParentId,
      improved: x.improved,
      controller: x.quality,
    })),
    deviations: r.deviations,
    candidates: candidateRows(r.candidates),
  };
  writeFileAtomic(join(r.dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const points = trained.map((c) => ({
    id: c.id,
    accuracy: c.validationAccuracy!,
    totalBytes: totalMemory(c),
  }));
  const front = searchFront(r.candidates).map((c) => ({
    id: c.id,
    accuracy: c.validationAccuracy!,
    totalBytes: totalMemory(c),
  }));
  writeFileAtomic(
    join(r.dir, 'pareto.svg'),
    paretoSvg({
      points,
      front,
      bestId: r.best.candidate.id,
      budgetBytes: r.budgetBytes,
      title: `Search: ${trained.length} candidates, Pareto front in red`,
      finals: [summary.best, ...summary.pareto],
    }),
  );
  return summary;
}
