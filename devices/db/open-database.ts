// Opens the coordinator's SQLite file (a job acknowledged to a client survives a crash or power
// cut) with its schema.
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../../store/sqlite-file.ts';
import { migrate } from './schema.ts';

export function openDatabase(path: string): Database.Database {
  return openSqliteFile(path, 'coordinator database', migrate);
}
