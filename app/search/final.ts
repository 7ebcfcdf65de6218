// Final training: the chosen models — the best first, then Pareto models while training slots
// are free — train longer on the full training split, in parallel, continuing from their search
// weights (the training their lineage accumulated through weight inheritance), and each is
// evaluated once on the test split. Results are stored as they finish, so a resumed run does not
// retrain a finished final model.
import type { Architecture } from '../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { accuracyOf } from '../../search/loop/select.ts';
import type { CandidateRecord } from '../../search/loop/types.ts';
import type { ImageSet, TrainOptions } from '../../trainer/contract.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';
import type { JobQueue } from '../../trainer/jobs/queue.ts';
import type { FinalResult, SqliteSearchStore } from '../../store/search-store.ts';

export interface FinalPlan {
  readonly store: SqliteSearchStore;
  readonly queue: JobQueue;
  readonly parallelism: number;
  /** The full training split (no subset). */
  readonly dataset: DatasetSpec;
  readonly test: ImageSet | undefined;
  /** Best first. */
  readonly chosen: readonly CandidateRecord[];
  readonly architecture: (c: CandidateRecord) => Architecture;
  /** Seconds of training per retrained model; below MIN_FINAL_SECONDS nothing is retrained. */
  readonly seconds: number;
  readonly options: TrainOptions;
  readonly log: (line: string) => void;
}

export interface FinalModel {
  readonly candidate: CandidateRecord;
  readonly validationAccuracy: number;
  readonly testAccuracy: number | null;
  /** 0 when the model kept its search weights. */
  readonly finalSeconds: number;
  readonly weights: ArchitectureWeights;
}

export const MIN_FINAL_SECONDS = 5;

interface Retrained {
  readonly validationAccuracy: number;
  readonly seconds: number;
  readonly weights: ArchitectureWeights;
}

/** Retrains what fits in one parallel wave, then tests every chosen model once. */
export async function finalTraining(p: FinalPlan): Promise<FinalModel[]> {
  const done = new Map(p.store.finals().map((f) => [f.candidateId, f]));
  const retrain =
    p.seconds >= MIN_FINAL_SECONDS ? p.chosen.slice(0, p.parallelism).filter((c) => !done.has(c.id)) : [];
  const trained = await retrainWave(p, retrain);
  await p.queue.close(); // frees the cores for the test evaluation
  const evaluate = p.test === undefined ? undefined : await testEvaluator(p.test);
  const out: FinalModel[] = [];
  for (const c of p.chosen) {
    const stored = done.get(c.id);
    if (stored !== undefined) {
      out.push(fromStored(c, stored));
      continue;
    }
    const t = trained.get(c.id);
    const weights = t?.weights ?? p.store.weights(c.id);
    if (weights === null) throw new MemnasError('INTERNAL', `candidate ${c.id} has no stored weights`);
    const testAccuracy = evaluate === undefined ? null : evaluate(p.architecture(c), weights);
    const final: FinalResult = {
      candidateId: c.id,
      // Untrained here, it keeps its latest search weights: a runoff finalist's are its second pass.
      validationAccuracy: t?.validationAccuracy ?? accuracyOf(c, 'latest'),
      testAccuracy,
      seconds: t?.seconds ?? 0,
      weights,
    };
    p.store.saveFinal(final);
    out.push(fromStored(c, final));
  }
  return out;
}

/** Trains `retrain` in parallel from their search weights; a failure leaves a model its search weights. */
async function retrainWave(
  p: FinalPlan,
  retrain: readonly CandidateRecord[],
): Promise<Map<number, Retrained>> {
  if (retrain.length > 0)
    p.log(
      `final training: ${retrain.map((c) => `candidate ${c.id}`).join(', ')} for ${Math.round(p.seconds)} s each on ${p.dataset.limit === undefined ? 'the full' : 'the'} training split`,
    );
  const results = await Promise.allSettled(
    retrain.map(async (c) => {
      const start = p.store.weights(c.id);
      return p.queue.submit({
        architecture: p.architecture(c),
        dataset: p.dataset,
        options: {
          ...p.options,
          budget: { seconds: p.seconds },
          ...(start === null ? {} : { initialWeights: start }),
        },
      });
    }),
  );
  const trained = new Map<number, Retrained>();
  for (const [i, r] of results.entries()) {
    const id = retrain[i]!.id;
    if (r.status === 'fulfilled') trained.set(id, r.value);
    else
      p.log(
        `final training of candidate ${id} failed (${(r.reason as Error).message}); it keeps its search weights`,
      );
  }
  return trained;
}

function fromStored(c: CandidateRecord, f: FinalResult): FinalModel {
  return {
    candidate: c,
    validationAccuracy: f.validationAccuracy,
    testAccuracy: f.testAccuracy,
    finalSeconds: f.seconds,
    weights: f.weights,
  };
}

/** Test accuracy in this process (tfjs loaded only now, after the workers have stopped). */
async function testEvaluator(
  test: ImageSet,
): Promise<(arch: Architecture, weights: ArchitectureWeights) => number> {
  const { initBackend } = await import('../../trainer/backend/index.ts');
  const { buildModel } = await import('../../trainer/model/build-model.ts');
  const { evaluate } = await import('../../trainer/train/evaluate.ts');
  await initBackend('auto');
  return (arch, weights) => {
    const model = buildModel(arch, { weights });
    try {
      return evaluate(model, test).accuracy;
    } finally {
      model.dispose();
    }
  };
}
