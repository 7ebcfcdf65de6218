// Opens a memnas SQLite file (the search's run database, the coordinator's database): WAL (a
// reader never blocks the writer), full sync (what was acknowledged survives a kill or power
// cut), foreign keys, a busy timeout, then the caller's schema migration.
import Database from 'better-sqlite3';
import { MemnasError } from '../search/errors.ts';

/** `what` names the database in errors, e.g. 'search database'. */
export function openSqliteFile(
  path: string,
  what: string,
  migrate: (db: Database.Database) => void,
): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (cause) {
    throw new MemnasError(
      'FILE_UNWRITABLE',
      `cannot open the ${what} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof MemnasError) throw e;
    throw new MemnasError(
      'FILE_UNREADABLE',
      `${path} is not a usable ${what}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
