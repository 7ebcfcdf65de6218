// The agent's temporary folders (a measured model's copy, each child's empty working directory):
// named memnas-<kind>-<pid>-XXXXXX under the system's temp folder so that a later agent can
// tell which ones a killed agent left behind (its pid is gone) and remove them at start; an agent
// that is stopped (SIGTERM) removes the ones it still holds before it exits.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TempKind = 'profile' | 'child';

const PATTERN = /^memnas-(?:profile|child)-(\d+)-/;

const live = new Set<string>();

/** A fresh, empty folder owned by this process; remove it with removeTempDir. */
export function makeTempDir(kind: TempKind, root: string = tmpdir()): string {
  const dir = mkdtempSync(join(root, `memnas-${kind}-${process.pid}-`));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Removes every folder this process still holds (on SIGTERM, before exiting). */
export function removeAllTempDirs(): number {
  const n = live.size;
  for (const dir of [...live]) removeTempDir(dir);
  return n;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the agent folders whose process is gone; returns how many. Errors are skipped. */
export function sweepTempDirs(root: string = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = PATTERN.exec(name);
    if (m === null || alive(Number(m[1]))) continue;
    try {
      rmSync(join(root, name), { recursive: true, force: true });
      removed++;
    } catch {
      // another user's or already gone
    }
  }
  return removed;
}
