// Measuring and evaluating children run in an empty temporary working directory of their own
// (issue 18, item 1): a path a model names relative to the working directory finds nothing, and
// the directory is gone once the child ends.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forkForReply } from '../../../profiler-agent/measure/fork-child.ts';

const entry = fileURLToPath(new URL('./fixtures/cwd-entry.mjs', import.meta.url));

describe('forkForReply', () => {
  it('starts the child in an empty folder of its own under the temp folder and removes it after', async () => {
    const reply = await forkForReply<{ cwd: string; entries: string[] }>(
      {
        entry,
        execArgv: [],
        serialization: 'json',
        timeoutMs: 10_000,
        name: 'test child',
        timeoutMessage: 'too slow',
      },
      {},
    );
    expect(reply.cwd).not.toBe(process.cwd());
    expect(reply.cwd.startsWith(tmpdir())).toBe(true);
    expect(reply.cwd).toMatch(new RegExp(`memnas-child-${process.pid}-`));
    expect(reply.entries).toEqual([]);
    expect(existsSync(reply.cwd)).toBe(false);
  });
});
