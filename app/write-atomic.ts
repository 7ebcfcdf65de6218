// Writing result files so that a crash, a kill or a full disk never leaves a half-written file:
// write a temporary file beside the target, then rename it over the target.
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MemnasError } from '../search/errors.ts';

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new MemnasError('FILE_UNWRITABLE', `cannot write ${path}: folder ${dir} does not exist`);
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new MemnasError('FILE_UNWRITABLE', `cannot write ${path}: ${code}`, { cause: e });
  }
}
