// A round's training: its pending picks, each from its inherited start, stored (and measured on
// the device) as it finishes; then the runoff's finalists one more pass from their own weights.
// Either skips what a resumed run already trained.
import { buildArchitecture } from '../space/build.ts';
import { inheritedStart } from './inherited-start.ts';
import type { LoopContext } from './loop-context.ts';
import { runPool } from './pool.ts';
import { finalists } from './round-choice.ts';
import type { RoundRecord } from './types.ts';

export async function trainPicks(ctx: LoopContext, round: RoundRecord): Promise<void> {
  const { store, trainer, oracle } = ctx.deps;
  const pending = round.picks.map((id) => ctx.candidate(id)).filter((c) => c.status === 'pending');
  const mustStart = round.round === 0 ? trainer.parallelism : 0;
  const canStart = (i: number): boolean => i < mustStart || ctx.trainingFits();
  await runPool(pending, trainer.parallelism, canStart, async (c) => {
    const arch = buildArchitecture(c.genotype, ctx.cfg.space, `cand-${c.id}`);
    const parent = c.inheritedFrom === null ? undefined : ctx.candidate(c.inheritedFrom);
    let weights;
    try {
      const start = inheritedStart(store, ctx.cfg.space, c, arch, parent);
      const r = await trainer.train(arch, { start, round: round.round });
      store.markTrained(c.id, {
        validationAccuracy: r.validationAccuracy,
        trainSeconds: r.seconds,
        weights: r.weights,
      });
      weights = r.weights;
    } catch (e) {
      store.markFailed(c.id, e instanceof Error ? e.message : String(e));
    }
    // Measured after the result is stored: a device failing here loses no training.
    if (weights !== undefined && oracle.measure !== undefined) {
      store.setMeasured(c.id, await oracle.measure(arch, weights));
      const ms = oracle.latency?.measured(arch) ?? null;
      if (ms !== null) store.setLatency?.(c.id, { ms, source: 'measured' });
    }
    ctx.emit({ kind: 'candidate-done', round: round.round, candidate: ctx.candidate(c.id) });
  });
}

/**
 * Trains each finalist one more pass (runoffLength first passes long) from its own weights; a
 * resumed run skips those done.
 */
export async function runOff(ctx: LoopContext, round: RoundRecord): Promise<void> {
  const { store, trainer } = ctx.deps;
  const chosen = finalists(ctx, round);
  const pending = chosen.filter((c) => c.runoffAccuracy === undefined);
  if (pending.length === 0) return;
  ctx.emit({ kind: 'runoff-start', round: round.round, finalists: chosen.map((c) => c.id) });
  await runPool(
    pending,
    trainer.parallelism,
    () => ctx.trainingFits(ctx.cfg.runoffLength ?? 1),
    async (c) => {
      const start = store.weights(c.id);
      if (start === null) return;
      const arch = buildArchitecture(c.genotype, ctx.cfg.space, `cand-${c.id}`);
      try {
        const r = await trainer.train(arch, { start, round: round.round, pass: 1 });
        store.markRunoff(c.id, {
          validationAccuracy: r.validationAccuracy,
          trainSeconds: r.seconds,
          weights: r.weights,
        });
      } catch {
        // A failed second pass leaves the first standing: the round then chooses by the first pass.
        return;
      }
      ctx.emit({ kind: 'runoff-done', round: round.round, candidate: ctx.candidate(c.id) });
    },
  );
}
