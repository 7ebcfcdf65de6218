// Opens a search run's SQLite file (a candidate recorded as trained survives a kill or power cut)
// with its schema.
import type Database from 'better-sqlite3';
import { openSqliteFile } from './sqlite-file.ts';
import { migrate } from './schema.ts';

export function openSearchDatabase(path: string): Database.Database {
  return openSqliteFile(path, 'search database', migrate);
}
