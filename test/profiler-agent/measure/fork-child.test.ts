import { describe, expect, it } from 'vitest';
import { summarizeStderr } from '../../../profiler-agent/measure/fork-child.ts';

describe('a forked child', () => {
  it('summarizes a dead child’s stderr in one line, preferring the error', () => {
    const stderr =
      'node:internal/x:1\n    at foo (x.js:1)\n\nError: Cannot allocate memory\n    at bar (y.js:2)\n\nNode.js v20.20.2\n';
    expect(summarizeStderr(stderr)).toBe('Error: Cannot allocate memory');
    expect(summarizeStderr('\n\nsomething odd happened\n')).toBe('something odd happened');
    expect(summarizeStderr('x'.repeat(500))).toHaveLength(200);
    expect(summarizeStderr('')).toBe('');
  });
});
