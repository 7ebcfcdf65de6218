// Opens a search run's SQLite file: WAL (a reader never blocks the writer), full sync (a
// candidate recorded as trained survives a kill or power cut), foreign keys, then the schema.
import Database from 'better-sqlite3';
import { MemnasError } from '../search/errors.ts';
import { migrate } from './schema.ts';

export function openSearchDatabase(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (cause) {
    throw new MemnasError('FILE_UNWRITABLE', `cannot open the search database ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
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
    throw new MemnasError('FILE_UNREADABLE', `${path} is not a usable search database: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
