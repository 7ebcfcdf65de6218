import { describe, expect, it } from 'vitest';
import { summarizeStderr } from '../../../profiler-agent/measure/run-child.ts';
import { profileLocal } from '../../../profiler-agent/local.ts';
import { wideActivationModel } from '../fixtures.ts';

describe('the measuring child process', () => {
  it('summarizes a dead child’s stderr in one line, preferring the error', () => {
    const stderr =
      'node:internal/x:1\n    at foo (x.js:1)\n\nError: Cannot allocate memory\n    at bar (y.js:2)\n\nNode.js v20.20.2\n';
    expect(summarizeStderr(stderr)).toBe('Error: Cannot allocate memory');
    expect(summarizeStderr('\n\nsomething odd happened\n')).toBe('something odd happened');
    expect(summarizeStderr('x'.repeat(500))).toHaveLength(200);
    expect(summarizeStderr('')).toBe('');
  });

  it('stops a measurement that runs past its time limit with a TIMEOUT error', async () => {
    await expect(
      profileLocal(wideActivationModel(), { batches: [1], runs: 1, warmup: 0, timeoutMs: 30 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'measuring batch 1 took longer than 30 ms; the process was stopped',
    });
  });
});
