// The agent's temporary folders: named with the owner's pid, removed by the owner when it stops,
// and swept at the next start when their owner is gone (a killed agent).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeAllTempDirs, sweepTempDirs } from '../../../profiler-agent/measure/temp-dirs.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-sweep-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('temporary folders', () => {
  it("sweeps a dead process's folders and keeps live ones and strangers'", () => {
    const dead = join(root, 'memnas-profile-999999999-abc123');
    const deadChild = join(root, 'memnas-child-999999999-def456');
    const parent = join(root, `memnas-child-${process.ppid}-ghi789`);
    const other = join(root, 'memnas-something-else');
    for (const d of [dead, deadChild, parent, other]) mkdirSync(d);
    const mine = makeTempDir('profile', root);
    expect(sweepTempDirs(root)).toBe(2);
    expect([dead, deadChild].map(existsSync)).toEqual([false, false]);
    expect([parent, other, mine].map(existsSync)).toEqual([true, true, true]);
  });

  it('removes every folder this process still holds on a stop', () => {
    const a = makeTempDir('child', root);
    const b = makeTempDir('profile', root);
    expect(removeAllTempDirs()).toBeGreaterThanOrEqual(2);
    expect([a, b].map(existsSync)).toEqual([false, false]);
  });
});
