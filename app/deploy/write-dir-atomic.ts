// Writes a whole folder so that it appears complete or not at all: the files go into a temporary
// folder beside the target, which is then renamed over it (an existing target is moved aside
// first and removed after). Any failure removes the temporary folder and is one line.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MemnasError } from '../../search/errors.ts';

function unwritable(path: string, e: unknown): MemnasError {
  const code = (e as NodeJS.ErrnoException).code ?? String(e);
  return new MemnasError('FILE_UNWRITABLE', `cannot write the bundle ${path}: ${code}`, { cause: e });
}

export function writeDirAtomic(target: string, files: Readonly<Record<string, Uint8Array | string>>): void {
  if (existsSync(target) && !statSync(target).isDirectory())
    throw new MemnasError('FILE_UNWRITABLE', `cannot write the bundle ${target}: a file of that name exists`);
  const parent = dirname(target);
  let temp: string;
  try {
    mkdirSync(parent, { recursive: true });
    temp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  } catch (e) {
    throw unwritable(target, e);
  }
  const old = `${temp}.old`;
  try {
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(dirname(join(temp, name)), { recursive: true });
      writeFileSync(join(temp, name), data);
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    throw unwritable(target, e);
  }
  rmSync(old, { recursive: true, force: true });
}
