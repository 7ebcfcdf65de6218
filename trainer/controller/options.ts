// The tfjs controller's settings, resolved once into a frozen object with documented defaults.
import type { BackendPreference } from '../backend/index.ts';
import { DEFAULT_MAX_CELLS } from '../../search/controller/encoding.ts';
import { MemnasError } from '../../search/errors.ts';

export interface TfControllerOptions {
  /** Backend to run on (default 'auto': tfjs-node, else wasm, else cpu). */
  readonly backend?: BackendPreference;
  /** Seed of the initial weights and of the sequence order in training (default 0). */
  readonly seed?: number;
  /** Hidden units of the encoder and the ranking GRU (default 100, METHOD.md §5). */
  readonly hiddenUnits?: number;
  /** Width of a block's embedding, the encoder GRU's input (default 64). */
  readonly embeddingUnits?: number;
  /** Cell capacity of the encoding (default 8); a deeper genotype is an error. */
  readonly maxCells?: number;
  /** Full passes over the examples in a fresh fit (default 60). */
  readonly epochs?: number;
  /** Keep the weights between fits and train `warmStartEpochs` more (default false: refit from scratch). */
  readonly warmStart?: boolean;
  /** Passes in a warm-started fit (default 20). */
  readonly warmStartEpochs?: number;
  /** Adam's learning rate (default 0.01). */
  readonly learningRate?: number;
  /** Weight of the pairwise ranking loss next to the regression loss (default 1). */
  readonly rankingWeight?: number;
  /**
   * Longest ranking-GRU sequence (default 16). Training cuts each round into sequences of at most
   * this many siblings (shuffled every epoch); scoring reads a round in the order given, in
   * consecutive sequences of this length each headed by the parent. Infinity reads a whole round
   * as one sequence.
   */
  readonly sequenceLength?: number;
}

export type ResolvedControllerOptions = Readonly<Required<TfControllerOptions>>;

export function resolveControllerOptions(o: TfControllerOptions = {}): ResolvedControllerOptions {
  const r: ResolvedControllerOptions = {
    backend: o.backend ?? 'auto',
    seed: o.seed ?? 0,
    hiddenUnits: o.hiddenUnits ?? 100,
    embeddingUnits: o.embeddingUnits ?? 64,
    maxCells: o.maxCells ?? DEFAULT_MAX_CELLS,
    epochs: o.epochs ?? 60,
    warmStart: o.warmStart ?? false,
    warmStartEpochs: o.warmStartEpochs ?? 20,
    learningRate: o.learningRate ?? 0.01,
    rankingWeight: o.rankingWeight ?? 1,
    sequenceLength: o.sequenceLength ?? 16,
  };
  const positiveInts = ['hiddenUnits', 'embeddingUnits', 'maxCells', 'epochs', 'warmStartEpochs'] as const;
  for (const k of positiveInts) {
    if (!Number.isInteger(r[k]) || r[k] < 1)
      throw new MemnasError('USAGE', `controller: ${k} must be a positive integer, got ${r[k]}`);
  }
  if (!(r.learningRate > 0))
    throw new MemnasError('USAGE', `controller: learningRate must be positive, got ${r.learningRate}`);
  if (!(r.rankingWeight >= 0))
    throw new MemnasError('USAGE', `controller: rankingWeight must be ≥ 0, got ${r.rankingWeight}`);
  if (!(r.sequenceLength >= 1))
    throw new MemnasError('USAGE', `controller: sequenceLength must be ≥ 1, got ${r.sequenceLength}`);
  return Object.freeze(r);
}
