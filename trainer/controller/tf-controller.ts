// The structure-correlation controller on tfjs (METHOD.md §5), behind search/controller's
// Controller contract. Each fit trains on every example so far, grouped by round, from a fresh
// seeded initialisation (or, with warmStart, from the previous fit's weights); each score call
// reads one round's candidates through the ranking GRU. Deterministic under a seed on one backend.
import type { Controller, ControllerExample, FitReport } from '../../search/controller/contract.ts';
import { encodeGenotype, encodingLayout, type EncodingLayout } from '../../search/controller/encoding.ts';
import { kendallTau } from '../../search/controller/ranking-quality.ts';
import { groupByRound, planSequences, type RoundGroup } from '../../search/controller/rounds.ts';
import type { Genotype } from '../../search/space/genotype.ts';
import { MemnasError } from '../../search/errors.ts';
import { getTf, initBackend, type Tf } from '../backend/index.ts';
import { deriveSeed } from '../model/random.ts';
import { buildBatch, buildScoringBatch, type EncodedGroup } from './batch.ts';
import { controllerLoss } from './loss.ts';
import { scoreSequences } from './network.ts';
import {
  resolveControllerOptions,
  type ResolvedControllerOptions,
  type TfControllerOptions,
} from './options.ts';
import { createParams, disposeParams, paramList, type ControllerParams } from './params.ts';

export type { TfControllerOptions } from './options.ts';

export function createTfController(options: TfControllerOptions = {}): Controller {
  const o = resolveControllerOptions(options);
  const layout = encodingLayout(o.maxCells);
  let params: ControllerParams | undefined;
  let disposed = false;

  const ready = async (): Promise<Tf> => {
    if (disposed) throw new MemnasError('USAGE', 'controller: used after dispose()');
    await initBackend(o.backend);
    return getTf();
  };
  const freshParams = (tf: Tf): ControllerParams => {
    if (params !== undefined) disposeParams(params);
    params = createParams(
      tf,
      { blockFeatures: layout.blockFeatures, embeddingUnits: o.embeddingUnits, hiddenUnits: o.hiddenUnits },
      o.seed,
    );
    return params;
  };

  return {
    async fit(examples: readonly ControllerExample[]): Promise<FitReport> {
      const started = performance.now();
      if (examples.length === 0)
        throw new MemnasError('USAGE', 'controller: fit needs at least one trained candidate');
      const tf = await ready();
      const groups = groupByRound(examples);
      const encoded = encodeGroups(groups, layout);
      const warmStarted = o.warmStart && params !== undefined;
      const p = warmStarted ? params! : freshParams(tf);
      const epochs = warmStarted ? o.warmStartEpochs : o.epochs;
      const finalLoss = train(tf, p, o, layout, groups, encoded, epochs);
      const taus = groups
        .map((g, i) => kendallTau(scoreEncoded(tf, p, o, layout, encoded[i]!), g.metrics as number[]))
        .filter((t) => !Number.isNaN(t));
      return {
        examples: examples.length,
        rounds: groups.length,
        epochs,
        finalLoss,
        trainTau: taus.length === 0 ? Number.NaN : taus.reduce((a, b) => a + b, 0) / taus.length,
        seconds: (performance.now() - started) / 1000,
        warmStarted,
      };
    },

    async score(parent: Genotype, candidates: readonly Genotype[]): Promise<number[]> {
      const tf = await ready();
      if (candidates.length === 0) return [];
      const p = params ?? freshParams(tf);
      return scoreEncoded(tf, p, o, layout, {
        parent: encodeGenotype(parent, layout),
        candidates: candidates.map((c) => encodeGenotype(c, layout)),
      });
    },

    dispose(): void {
      if (params !== undefined) disposeParams(params);
      params = undefined;
      disposed = true;
    },
  };
}

function encodeGroups(groups: readonly RoundGroup[], layout: EncodingLayout): EncodedGroup[] {
  return groups.map((g) => ({
    parent: encodeGenotype(g.parent, layout),
    candidates: g.candidates.map((c) => encodeGenotype(c, layout)),
  }));
}

/** Adam over full batches (every example once per epoch); returns the last epoch's loss. */
function train(
  tf: Tf,
  p: ControllerParams,
  o: ResolvedControllerOptions,
  layout: EncodingLayout,
  groups: readonly RoundGroup[],
  encoded: readonly EncodedGroup[],
  epochs: number,
): number {
  const optimizer = tf.train.adam(o.learningRate);
  const vars = paramList(p);
  const features = layout.candidateFeatures;
  let finalLoss = Number.NaN;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const plans = planSequences(groups, o.sequenceLength, deriveSeed(o.seed, `controller-order-${epoch}`));
      const b = buildBatch(groups, encoded, plans, features);
      const last = epoch === epochs - 1;
      // Everything made inside the loss function is freed by minimize (it runs under the tape's tidy).
      const cost = optimizer.minimize(
        () => {
          const encodings = tf.tensor3d(b.encodings, [b.sequences, b.length + 1, features]);
          const inputs = {
            targets: tf.tensor2d(b.targets, [b.sequences, b.length]),
            mask: tf.tensor2d(b.mask, [b.sequences, b.length]),
            pairs: tf.tensor3d(b.pairs, [b.sequences, b.length, b.length]),
            pairCount: b.pairCount,
            realCount: b.realCount,
          };
          return controllerLoss(tf, scoreSequences(tf, p, encodings), inputs, o.rankingWeight);
        },
        last,
        vars,
      );
      if (cost !== null) {
        finalLoss = cost.dataSync()[0]!;
        cost.dispose();
      }
    }
  } finally {
    optimizer.dispose();
  }
  return finalLoss;
}

function scoreEncoded(
  tf: Tf,
  p: ControllerParams,
  o: ResolvedControllerOptions,
  layout: EncodingLayout,
  group: EncodedGroup,
): number[] {
  const features = layout.candidateFeatures;
  const b = buildScoringBatch(group.parent, group.candidates, o.sequenceLength, features);
  const scores = tf.tidy(() =>
    scoreSequences(tf, p, tf.tensor3d(b.encodings, [b.sequences, b.length + 1, features])),
  );
  const flat = scores.dataSync();
  scores.dispose();
  return Array.from(flat.subarray(0, group.candidates.length));
}
