// The agent tarball's cache: keyed by the agent's version and a hash of what it is made from, so a
// coordinator packs once per version (a built file is served as it is), a changed source makes a
// new one, and an unwritable cache folder is one line saying which folder and how to fix it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentFiles, inputsHash } from '../../../devices/agent-package/agent-files.ts';
import { agentTarball, defaultCacheDir } from '../../../devices/agent-package/agent-tarball.ts';
import { AGENT_VERSION } from '../../../profiler-agent/agent/version.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-agent-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('agentTarball', () => {
  it('serves a tarball already built from the same files without building again', async () => {
    const files = agentFiles();
    expect(files.compiledDir).toBeNull(); // from source here: tsc would compile it
    expect(files.inputs.some((f) => f.endsWith('cli.ts'))).toBe(true);
    expect(files.inputs.some((f) => f.includes('/browser/'))).toBe(false);
    const cached = join(dir, `memnas-agent-${AGENT_VERSION}-${inputsHash(files)}.tgz`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(cached, 'built before');
    const t = await agentTarball(dir);
    expect(t).toMatchObject({ version: AGENT_VERSION, path: cached });
    expect(t.bytes.toString()).toBe('built before');
  });

  it('keys the cache by content: another set of files has another hash', () => {
    const files = agentFiles();
    const fewer = { ...files, inputs: files.inputs.slice(1) };
    expect(inputsHash(fewer)).not.toBe(inputsHash(files));
    expect(inputsHash(files)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('names an unwritable cache folder in one line', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    await expect(agentTarball(join(blocker, 'cache'))).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE',
      message: expect.stringMatching(
        /^cannot build the agent package in .*a-file\/cache: ENOTDIR \(set XDG_CACHE_HOME/,
      ),
    });
    expect(readFileSync(blocker, 'utf8')).toBe('');
  });

  it('caches under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/memnas/agent-packages');
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/memnas\/agent-packages$/);
  });
});
