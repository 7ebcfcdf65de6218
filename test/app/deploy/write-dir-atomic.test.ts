// A bundle folder appears whole or not at all: it replaces an older one in one rename, and a
// failed write leaves neither a half folder nor a temporary one behind.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../../../app/deploy/write-dir-atomic.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-write-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeDirAtomic', () => {
  it('writes nested files and replaces an existing folder', () => {
    const target = join(root, 'a', 'bundle');
    writeDirAtomic(target, { 'x.txt': 'one', 'sub/y.bin': new Uint8Array([1, 2]) });
    expect(readFileSync(join(target, 'x.txt'), 'utf8')).toBe('one');
    writeDirAtomic(target, { 'z.txt': 'two' });
    expect(readdirSync(target)).toEqual(['z.txt']);
    expect(readdirSync(join(root, 'a'))).toEqual(['bundle']);
  });

  it('leaves nothing behind when a file cannot be written', () => {
    const parent = join(root, 'b');
    mkdirSync(parent);
    // A file name that is a folder's name twice over cannot be created ("x" and "x/y").
    expect(() => writeDirAtomic(join(parent, 'bundle'), { x: 'file', 'x/y': 'nested' })).toThrow(
      /cannot write the bundle .*bundle: (ENOTDIR|EEXIST)/,
    );
    expect(readdirSync(parent)).toEqual([]);
    writeFileSync(join(parent, 'plain'), '');
    expect(() => writeDirAtomic(join(parent, 'plain'), {})).toThrow(/a file of that name exists/);
    expect(existsSync(join(parent, 'plain'))).toBe(true);
  });
});
