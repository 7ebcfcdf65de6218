// 5xx causes are logged once with their stack, then summarised at most once a minute.
import { describe, expect, it } from 'vitest';
import { FailureLog } from '../../devices/failure-log.ts';

describe('FailureLog', () => {
  it('logs a cause once in one line, then a count per interval, and each new cause once', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new FailureLog(
      (l) => lines.push(l),
      () => now,
      60_000,
    );
    const boom = new RangeError('Maximum call stack size exceeded');
    for (let i = 0; i < 100; i++) log.record('POST /api/v1/jobs', boom);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error in POST \/api\/v1\/jobs: RangeError: Maximum call stack/);
    expect(lines[0]).not.toContain('\n');
    now = 61_000;
    log.record('POST /api/v1/jobs', boom);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/happened 100 more time\(s\) in the last 61 s/);
    log.record('GET /x', new TypeError('other'));
    expect(lines).toHaveLength(3);
  });
});
