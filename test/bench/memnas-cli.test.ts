import { describe, expect, it } from 'vitest';
import { twoAtATime } from '../../bench/memnas-cli.ts';

describe('twoAtATime', () => {
  it('runs every item once, never more than two at once, a pair finished before the next starts', async () => {
    let running = 0;
    let most = 0;
    const events: string[] = [];
    await twoAtATime(['a', 'b', 'c', 'd', 'e'], async (x, i) => {
      running++;
      most = Math.max(most, running);
      events.push(`start ${x}${i}`);
      await new Promise((r) => setTimeout(r, x === 'a' ? 5 : 1));
      events.push(`end ${x}${i}`);
      running--;
    });
    expect(most).toBe(2);
    expect(events.filter((e) => e.startsWith('start'))).toEqual([
      'start a0',
      'start b1',
      'start c2',
      'start d3',
      'start e4',
    ]);
    expect(events.indexOf('start c2')).toBeGreaterThan(events.indexOf('end a0'));
  });
});
