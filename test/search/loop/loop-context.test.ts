// The loop's time questions: a training fits when it ends before the deadline at its length — a
// runoff pass several first passes long needs that much room.
import { describe, expect, it } from 'vitest';
import { LoopContext } from '../../../search/loop/loop-context.ts';
import { FakeTrainer, LOOP_CONFIG, ManualClock, MemoryStore, fakeDeps } from './fakes.ts';

describe('LoopContext.trainingFits', () => {
  function context(secondsLeft: number) {
    const clock = new ManualClock();
    const { deps } = fakeDeps(new MemoryStore(), new FakeTrainer(2, clock), clock);
    // Nothing trained yet: a training is the configured guess, 10 s.
    return new LoopContext(deps, { ...LOOP_CONFIG, candidateSeconds: 10, deadline: secondsLeft * 1000 });
  }

  it('fits one pass with room for one, not a pass three long', () => {
    const ctx = context(25);
    expect(ctx.trainingFits()).toBe(true);
    expect(ctx.trainingFits(2)).toBe(true);
    expect(ctx.trainingFits(3)).toBe(false);
  });

  it('fits a pass three long with room for three', () => {
    expect(context(30).trainingFits(3)).toBe(true);
    expect(context(29.9).trainingFits(3)).toBe(false);
  });
});
