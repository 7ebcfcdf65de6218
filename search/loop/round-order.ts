// The order a round considers its proposals in: at random early on (a controller's warm-up takes
// one kind of change at a time), by the controller's scores once it has examples to learn from.
import type { ControllerExample } from '../controller/contract.ts';
import type { Candidate } from '../space/grow-trim.ts';
import type { LoopContext } from './loop-context.ts';
import { shuffle, stratifiedShuffle } from './random-order.ts';
import type { CandidateRecord, RoundRecord } from './types.ts';

export interface RoundOrder {
  readonly order: Candidate[];
  /** The controller's score of each proposal; empty when the round picks at random. */
  readonly scores: Map<Candidate, number>;
  readonly picker: RoundRecord['picker'];
}

export async function roundOrder(
  ctx: LoopContext,
  roundNo: number,
  parent: CandidateRecord | undefined,
  proposals: Candidate[],
  k: number,
): Promise<RoundOrder> {
  const scores = new Map<Candidate, number>();
  const examples = controllerExamples(ctx.deps.store.candidates());
  const { controller, clock } = ctx.deps;
  if (
    parent === undefined ||
    controller === undefined ||
    roundNo < ctx.cfg.controllerFreeRounds ||
    examples.length < 2
  ) {
    const picker = roundNo === 0 && k >= proposals.length ? 'all' : 'random';
    // A controller's warm-up takes every kind of change in turn, so that it learns them all.
    const warmUp = controller !== undefined && parent !== undefined;
    const mix = warmUp ? stratifiedShuffle : shuffle;
    return { order: mix(proposals, ctx.cfg.seed + roundNo), scores, picker };
  }
  const started = clock.now();
  await controller.fit(examples);
  ctx.emit({ kind: 'controller-fit', examples: examples.length, seconds: (clock.now() - started) / 1000 });
  const s = await controller.score(
    parent.genotype,
    proposals.map((c) => c.genotype),
  );
  proposals.forEach((c, i) => scores.set(c, s[i] ?? -Infinity));
  return {
    order: [...proposals].sort((a, b) => scores.get(b)! - scores.get(a)!),
    scores,
    picker: 'controller',
  };
}

/** Every trained candidate with a parent, as controller training data. */
function controllerExamples(all: readonly CandidateRecord[]): ControllerExample[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  return all.flatMap((c) => {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    // The baseline is the parent trained further: no structure change for the controller to learn.
    return c.metric === null || parent === undefined || c.mutation.kind === 'keep'
      ? []
      : [{ parent: parent.genotype, candidate: c.genotype, round: c.round, metric: c.metric }];
  });
}
