// The loop's settings and contracts with the small questions every round step asks of them:
// a candidate by id, the mean training time so far, the seconds left, the objective's context.
import { MemnasError } from '../errors.ts';
import type { ObjectiveContext } from '../objective/types.ts';
import type { LoopEvent } from './events.ts';
import type { LoopConfig, LoopDeps } from './loop-config.ts';
import type { CandidateRecord } from './types.ts';

export class LoopContext {
  constructor(
    readonly deps: LoopDeps,
    readonly cfg: LoopConfig,
  ) {}

  candidate(id: number): CandidateRecord {
    const c = this.deps.store.candidates().find((x) => x.id === id);
    if (c === undefined) throw new MemnasError('INTERNAL', `candidate ${id} is missing from the store`);
    return c;
  }

  /** Mean training seconds so far (the configured guess until something trained). */
  candidateSeconds(): number {
    const done = this.deps.store.candidates().filter((c) => c.trainSeconds !== null);
    if (done.length === 0) return this.cfg.candidateSeconds;
    return done.reduce((s, c) => s + c.trainSeconds!, 0) / done.length;
  }

  secondsLeft(): number {
    return (this.cfg.deadline - this.deps.clock.now()) / 1000;
  }

  /** Trainings of the mean length so far that still fit before the deadline, on every slot. */
  trainingsLeft(): number {
    return Math.floor(this.secondsLeft() / this.candidateSeconds()) * this.deps.trainer.parallelism;
  }

  /** Whether one more training, `passes` times the mean length so far, ends before the deadline. */
  trainingFits(passes = 1): boolean {
    return this.deps.clock.now() + passes * this.candidateSeconds() * 1000 <= this.cfg.deadline;
  }

  objectiveContext(): ObjectiveContext {
    const { cfg } = this;
    return {
      lambda: cfg.lambda,
      budgetBytes: cfg.memoryBudgetBytes,
      ...(cfg.latency === undefined ? {} : { latency: cfg.latency }),
    };
  }

  emit(e: LoopEvent): void {
    this.deps.onEvent?.(e);
  }
}

/** Bytes as the loop's messages print them: 1.67 MB, 300.0 KB. */
export function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}
