// The fleet token `memnas serve` uses when MEMNAS_TOKEN is not set: generated once, kept in the
// coordinator's data folder (beside its database, readable by its owner only) and reused by every
// later start, so restarting the coordinator does not lock out the agents that hold it.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MemnasError } from '../search/errors.ts';

/** File name of the generated token, beside the database. */
export const TOKEN_FILE = 'memnas-coordinator.token';

export interface FleetToken {
  readonly token: string;
  /** Where it came from, for the start-up line. */
  readonly source: 'env' | 'generated' | 'reused' | 'ephemeral';
  readonly path?: string;
}

/** Why `token` cannot be the fleet token, or null. */
export function tokenProblem(token: string): string | null {
  if (/\s/.test(token)) return 'contains whitespace (a stray newline or space from copying it?)';
  if (token.length < 8) return 'must be at least 8 characters';
  return null;
}

function readToken(path: string): string | undefined {
  try {
    const token = readFileSync(path, 'utf8').trim();
    chmodSync(path, 0o600);
    return token;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MemnasError('FILE_UNREADABLE', `cannot read the token file ${path}: ${(e as Error).message}`);
  }
}

/** MEMNAS_TOKEN if set (checked), else the token kept beside `dbPath`, created on first use. */
export function fleetToken(dbPath: string, fromEnv: string | undefined): FleetToken {
  if (fromEnv !== undefined && fromEnv !== '') {
    const problem = tokenProblem(fromEnv);
    if (problem !== null) throw new MemnasError('USAGE', `MEMNAS_TOKEN ${problem}`);
    return { token: fromEnv, source: 'env' };
  }
  const generated = randomBytes(24).toString('base64url');
  if (dbPath === ':memory:') return { token: generated, source: 'ephemeral' };
  const path = join(dirname(resolve(dbPath)), TOKEN_FILE);
  const kept = readToken(path);
  if (kept !== undefined) {
    const problem = tokenProblem(kept);
    if (problem !== null)
      throw new MemnasError('USAGE', `the token in ${path} ${problem}; fix or delete the file`);
    return { token: kept, source: 'reused', path };
  }
  try {
    writeFileSync(path, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    throw new MemnasError(
      'FILE_UNWRITABLE',
      `cannot keep the generated token in ${path}: ${(e as Error).message}`,
    );
  }
  return { token: generated, source: 'generated', path };
}
