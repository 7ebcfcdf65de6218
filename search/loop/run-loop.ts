// The grow-trim search loop (METHOD §2) against contracts only: a seed round, then rounds of
// grow/trim children → memory budget filter → controller ranking → top K trained in parallel →
// metric against the parent → best becomes the next parent. Every step is persisted through the
// SearchStore before the loop moves on, so a run resumed from its store retrains nothing.
// The steps: round-start.ts (proposals, order, picks), round-training.ts (training, runoff),
// round-choice.ts (the choice and the next parent).
import { MemnasError } from '../errors.ts';
import type { StopReason } from './events.ts';
import type { LoopConfig, LoopDeps, LoopResult } from './loop-config.ts';
import { LoopContext } from './loop-context.ts';
import { finishRound } from './round-choice.ts';
import { startRound } from './round-start.ts';
import { runOff, trainPicks } from './round-training.ts';
import { withinLatency } from './select.ts';
import type { RoundRecord } from './types.ts';

export async function runLoop(deps: LoopDeps, cfg: LoopConfig): Promise<LoopResult> {
  return new SearchLoop(new LoopContext(deps, cfg)).run();
}

class SearchLoop {
  private parentId: number | null = null;
  private stale = 0;
  private finished = 0;

  constructor(private readonly ctx: LoopContext) {}

  async run(): Promise<LoopResult> {
    const { ctx } = this;
    const rounds = ctx.deps.store.rounds();
    for (const r of rounds.filter((r) => r.done)) this.recordOutcome(r);
    // A resumed run whose seed round already ended on the fastest seed over the latency budget.
    if (this.parentId !== null && !withinLatency(ctx.candidate(this.parentId), ctx.cfg.latency?.budgetMs))
      return this.result('latency-unmet');
    const last = rounds.at(-1);
    let roundNo = last === undefined ? 0 : last.done ? last.round + 1 : last.round;
    let open = last !== undefined && !last.done ? last : undefined;
    for (;;) {
      if (open === undefined) {
        const started = await startRound(ctx, roundNo, { parentId: this.parentId, stale: this.stale });
        if (typeof started === 'string') return this.result(started);
        open = started;
      }
      await trainPicks(ctx, open);
      await runOff(ctx, open);
      const { done, latencyUnmet } = finishRound(ctx, open);
      this.recordOutcome(done);
      if (latencyUnmet) return this.result('latency-unmet');
      open = undefined;
      roundNo++;
    }
  }

  private result(stopReason: StopReason): LoopResult {
    if (this.parentId === null)
      throw new MemnasError('SEARCH_FAILED', 'the search ended before any candidate was trained');
    return { stopReason, rounds: this.finished, parentId: this.parentId };
  }

  private recordOutcome(r: RoundRecord): void {
    if (r.nextParentId !== null) this.parentId = r.nextParentId;
    this.stale = r.improved ? 0 : this.stale + 1;
    this.finished++;
  }
}
