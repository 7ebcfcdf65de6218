// A small finished search run folder, built in a few seconds without running `memnas search`: the
// synthetic three-class image folder (search-fixture.ts), a seed round and a grow round of real
// search-space candidates stored in a real run database, each trained briefly in this process
// with the real trainer, the best evaluated on the test split and written out with the search's
// own writeReport (summary.json, best.json / .weights.bin / .onnx, candidates/, pareto.svg).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { datasetSpecFromArg } from '../../app/dataset-arg.ts';
import type { FinalModel } from '../../app/search/final.ts';
import { planRun } from '../../app/search/plan-run.ts';
import { searchFront, writeReport } from '../../app/search/report.ts';
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import type { CandidateRecord } from '../../search/loop/types.ts';
import type { NewCandidate } from '../../search/loop/store.ts';
import { buildArchitecture, type SpaceInput } from '../../search/space/build.ts';
import { genotypeKey } from '../../search/space/genotype.ts';
import { type Candidate, growCandidates, seedCandidates } from '../../search/space/grow-trim.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { createLocalTrainer } from '../../trainer/train/local-trainer.ts';
import { makeSearchDataset } from './search-fixture.ts';

export interface FixtureRun {
  readonly dir: string;
  readonly data: string;
  readonly bestId: number;
  readonly candidates: readonly CandidateRecord[];
}

export interface FixtureOptions {
  /** Recorded as the run's device (the report then shows measured memory). Default null. */
  readonly device?: string | null;
  /** Peak bytes recorded per trained candidate when a device is set: report input, not a measurement. */
  readonly measured?: (c: CandidateRecord) => number;
  /** Only the database, as a search killed before its final training leaves it. */
  readonly unfinished?: boolean;
}

export async function makeFixtureRun(root: string, options: FixtureOptions = {}): Promise<FixtureRun> {
  const data = join(root, 'data');
  const dir = join(root, 'run');
  makeSearchDataset(data);
  const spec = datasetSpecFromArg(data, 0);
  const dataset = await loadDataset(spec);
  const space: SpaceInput = {
    shape: [...dataset.inputShape] as [number, number, number],
    classes: dataset.classes,
  };
  const device = options.device ?? null;
  const config = planRun({
    dataset: data,
    space,
    memoryBudgetBytes: 200_000,
    lambda: 0.5,
    objective: 'budget',
    picker: 'controller',
    device,
    seed: 0,
    timeBudgetSeconds: 60,
    parallelism: 1,
  });
  const arch = (c: Pick<CandidateRecord, 'id' | 'genotype'>) =>
    buildArchitecture(c.genotype, space, `cand-${c.id}`);
  const trainer = createLocalTrainer({ backend: 'auto' });
  mkdirSync(dir, { recursive: true });
  const store = SqliteSearchStore.open(join(dir, 'search.db'));
  try {
    store.saveRunConfig(config);
    const round = async (
      n: number,
      parentId: number | null,
      picks: readonly Candidate[],
    ): Promise<number[]> => {
      const fresh: NewCandidate[] = picks.map((p) => {
        const a = buildArchitecture(p.genotype, space, 'candidate');
        return {
          key: genotypeKey(p.genotype),
          round: n,
          parentId,
          genotype: p.genotype,
          mutation: p.mutation,
          memory: analyticMemory(a),
          inheritedFrom: null,
          controllerScore: null,
          architecture: a,
        };
      });
      const ids = store.startRound(
        { round: n, parentId, picker: 'random', proposed: picks.length, overBudget: 0 },
        fresh,
      );
      for (const id of ids) {
        const c = store.candidates().find((x) => x.id === id)!;
        const r = await trainer.train(arch(c), dataset, { budget: { images: 360 }, batchSize: 32, seed: id });
        store.markTrained(id, {
          validationAccuracy: r.validationAccuracy,
          trainSeconds: r.seconds,
          weights: r.weights,
        });
        if (device !== null && options.measured !== undefined)
          store.setMeasured(id, options.measured(store.candidates().find((x) => x.id === id)!));
      }
      const best = ids.reduce((a, b) =>
        store.candidates().find((x) => x.id === b)!.validationAccuracy! >
        store.candidates().find((x) => x.id === a)!.validationAccuracy!
          ? b
          : a,
      );
      store.finishRound(n, { metrics: new Map(), nextParentId: best, improved: true, quality: null });
      return ids;
    };
    const seeds = await round(
      0,
      null,
      seedCandidates(config.width, config.stem, config.stemStride ?? 1).slice(0, 2),
    );
    const parent = store.candidates().find((c) => c.id === seeds[0])!;
    await round(1, parent.id, growCandidates(parent.genotype).slice(0, 2));
    store.setRunState('final', 'time');
    const candidates = store.candidates();
    const bestId = store.rounds().at(-1)!.nextParentId!;
    if (options.unfinished) return { dir, data, bestId, candidates };

    const { initBackend } = await import('../../trainer/backend/index.ts');
    const { buildModel } = await import('../../trainer/model/build-model.ts');
    const { evaluate } = await import('../../trainer/train/evaluate.ts');
    await initBackend('auto');
    const finalOf = (c: CandidateRecord): FinalModel => {
      const weights = store.weights(c.id)!;
      const model = buildModel(arch(c), { weights });
      const testAccuracy = evaluate(model, dataset.test!).accuracy;
      model.dispose();
      store.saveFinal({
        candidateId: c.id,
        validationAccuracy: c.validationAccuracy!,
        testAccuracy,
        seconds: 0,
        weights,
      });
      return {
        candidate: c,
        validationAccuracy: c.validationAccuracy!,
        testAccuracy,
        finalSeconds: 0,
        weights,
      };
    };
    const best = candidates.find((c) => c.id === bestId)!;
    const front = searchFront(candidates);
    const finals = new Map([best, ...front].map((c) => [c.id, finalOf(c)]));
    writeReport({
      dir,
      candidates,
      rounds: store.rounds(),
      best: finals.get(bestId)!,
      pareto: front.map((c) => finals.get(c.id)!),
      architecture: arch,
      device,
      budgetBytes: config.memoryBudgetBytes,
      header: {
        dataset: data,
        memoryBudgetBytes: config.memoryBudgetBytes,
        lambda: 0.5,
        device,
        settings: config,
      },
      deviations: [],
    });
    store.setRunState('done');
    return { dir, data, bestId, candidates };
  } finally {
    store.close();
  }
}
