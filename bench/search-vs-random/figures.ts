// One finished search run's figures for the comparison with random search, read from its
// summary.json: the best test accuracy within the budget, the front's hypervolume, and how many
// candidates it trained. Pure.
import { bestWithinBudget, hypervolume } from '../../search/hypervolume.ts';

export interface SummaryModel {
  readonly id: number;
  readonly testAccuracy: number | null;
  readonly totalBytes: number;
  readonly measured?: { readonly peakMemoryBytes: number };
}

/** The part of summary.json the comparison reads. */
export interface SummaryLike {
  readonly candidatesTrained: number;
  readonly best: SummaryModel;
  readonly pareto: readonly SummaryModel[];
}

export interface RunFigures {
  /** Test accuracy of the most accurate model within the budget (best or pareto[]); null when none fits. */
  readonly bestTestAccuracy: number | null;
  readonly bestId: number | null;
  /** Hypervolume of pareto[] (models with a test accuracy), reference at the budget, divided by the budget: in [0, 1]. */
  readonly hypervolume: number;
  readonly candidatesTrained: number;
}

/** The memory a model is held to: the device's measured peak when there is one, else the analytic total. */
export const memoryOf = (m: SummaryModel): number => m.measured?.peakMemoryBytes ?? m.totalBytes;

const scored = <M extends SummaryModel>(models: readonly M[]) =>
  models.map((m) => ({ model: m, accuracy: m.testAccuracy, totalBytes: memoryOf(m) }));

/** The most accurate tested model within the budget among `best` and `pareto[]`; null when none fits. */
export function bestModelWithinBudget<M extends SummaryModel>(
  s: { readonly best: M; readonly pareto: readonly M[] },
  budgetBytes: number,
): M | null {
  return bestWithinBudget(scored([s.best, ...s.pareto]), budgetBytes)?.model ?? null;
}

export function runFigures(s: SummaryLike, budgetBytes: number): RunFigures {
  const best = bestModelWithinBudget(s, budgetBytes);
  const front = scored(s.pareto).flatMap((m) =>
    m.accuracy === null ? [] : [{ accuracy: m.accuracy, totalBytes: m.totalBytes }],
  );
  return {
    bestTestAccuracy: best?.testAccuracy ?? null,
    bestId: best?.id ?? null,
    hypervolume: hypervolume(front, budgetBytes) / budgetBytes,
    candidatesTrained: s.candidatesTrained,
  };
}
