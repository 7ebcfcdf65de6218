// One coordinator for a whole test file, on 127.0.0.1 port 0 with its database in a fresh
// temporary folder: started before the file's tests, closed (and the folder removed) after them.
// Hooks the file registers after calling `useCoordinator` run after the start and, since vitest
// runs after-hooks in reverse order, before the close — an agent stopped in the file's afterAll
// still reaches its coordinator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { CoordinatorOptions } from '../../../devices/config.ts';
import { type Coordinator, startCoordinator } from '../../../devices/coordinator.ts';

/** What a test file chooses; the address and the database file are the helper's. Log: silent. */
export type FileCoordinatorOptions = Omit<CoordinatorOptions, 'port' | 'host' | 'dbPath'>;

export interface FileCoordinator {
  /** The running coordinator; throws outside the file's tests. */
  readonly coordinator: Coordinator;
  /** Its base URL, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** The temporary folder, removed after the file's tests; room for a test's own files. */
  readonly dir: string;
  /** The coordinator's SQLite file, in `dir`. */
  readonly dbPath: string;
}

/** Call at the top level of a test file; `name` tells its temporary folder apart (memnas-NAME-…). */
export function useCoordinator(name: string, options: FileCoordinatorOptions): FileCoordinator {
  const dir = mkdtempSync(join(tmpdir(), `memnas-${name}-`));
  const dbPath = join(dir, 'c.db');
  let running: Coordinator | undefined;
  beforeAll(async () => {
    running = await startCoordinator({ log: () => {}, ...options, port: 0, host: '127.0.0.1', dbPath });
  });
  afterAll(async () => {
    await running?.close();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const live = (): Coordinator => {
    if (running === undefined)
      throw new Error(`the ${name} test coordinator runs only during its file's tests`);
    return running;
  };
  return {
    get coordinator() {
      return live();
    },
    get url() {
      return live().url;
    },
    dir,
    dbPath,
  };
}
