// Notices when the coordinator's database file is deleted, replaced or made read-only while it
// runs. SQLite keeps writing to a deleted file's open inode, so without this every write was
// acknowledged and then lost at the next start (29 jobs, in one test). Writes are refused with
// 503 while the file is not the one opened, and the health endpoint says why.
import { accessSync, constants, statSync } from 'node:fs';

export type DatabaseState = 'ok' | 'missing' | 'replaced' | 'unwritable';

export class DatabaseWatch {
  private readonly identity: string | null;

  constructor(private readonly path: string) {
    this.identity = path === ':memory:' ? null : DatabaseWatch.identityOf(path);
  }

  private static identityOf(path: string): string | null {
    try {
      const s = statSync(path);
      return `${s.dev}:${s.ino}`;
    } catch {
      return null;
    }
  }

  /** The file's state now (a stat and an access check: cheap enough for every write request). */
  state(): DatabaseState {
    if (this.path === ':memory:') return 'ok';
    const now = DatabaseWatch.identityOf(this.path);
    if (now === null) return 'missing';
    if (now !== this.identity) return 'replaced';
    try {
      accessSync(this.path, constants.W_OK);
    } catch {
      return 'unwritable';
    }
    return 'ok';
  }

  /** One line on what is wrong and what to do, for 503 answers and the log. */
  describe(state: DatabaseState): string {
    const what = {
      ok: 'is fine',
      missing: 'was deleted while the coordinator ran',
      replaced: 'was replaced by another file while the coordinator ran',
      unwritable: 'can no longer be written',
    }[state];
    return `the coordinator's database ${this.path} ${what}; writes are refused so none is acknowledged and lost — restore it or restart memnas serve`;
  }
}
