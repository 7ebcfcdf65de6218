// The agent as the package a device installs (`npm install -g URL`): staged from this
// coordinator's own agent (agent-files.ts), packed with `npm pack`, and cached on disk by version
// and a hash of what it was made from, so a coordinator builds it once per agent version and not
// on every start. Built on first request: a coordinator nobody downloads from never runs npm.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { MemnasError } from '../../search/errors.ts';
import { type AgentFiles, agentFiles, inputsHash } from './agent-files.ts';

const run = promisify(execFile);

/** The name devices download: stable across versions, so the printed command never changes. */
export const AGENT_TARBALL_NAME = 'memnas-agent.tgz';

export interface AgentTarball {
  readonly version: string;
  readonly path: string;
  readonly bytes: Buffer;
}

/** $XDG_CACHE_HOME/memnas/agent-packages, by default ~/.cache/memnas/agent-packages. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : join(homedir(), '.cache');
  return join(base, 'memnas', 'agent-packages');
}

function agentVersion(files: AgentFiles): string {
  const { version } = JSON.parse(readFileSync(join(files.packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return version;
}

/** One line of a failed tool's output: its stderr's first non-empty line, else its message. */
function why(e: unknown): string {
  const stderr = (e as { stderr?: unknown }).stderr;
  const line = typeof stderr === 'string' ? stderr.split('\n').find((l) => l.trim() !== '') : undefined;
  return (line ?? (e instanceof Error ? e.message : String(e))).trim().split('\n')[0]!;
}

/** Fills `stage` with package.json, README.md and dist/ (compiled here when from source). */
async function stagePackage(files: AgentFiles, stage: string): Promise<void> {
  for (const name of ['package.json', 'README.md']) cpSync(join(files.packageDir, name), join(stage, name));
  if (files.compiledDir !== null) {
    for (const path of files.inputs.filter((p) => p.endsWith('.js')))
      cpSync(path, join(stage, 'dist', relative(files.compiledDir, path)), { recursive: true });
    return;
  }
  let tsc: string;
  try {
    tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch (cause) {
    throw new MemnasError('INTERNAL', 'building the agent package from source needs typescript (npm ci)', {
      cause,
    });
  }
  const tsconfig = join(files.packageDir, 'tsconfig.json');
  try {
    await run(process.execPath, [tsc, '-p', tsconfig, '--outDir', join(stage, 'dist')]);
  } catch (cause) {
    throw new MemnasError('INTERNAL', `the agent package did not compile: ${why(cause)}`, { cause });
  }
}

/** `npm pack` of `stage` into `out`; returns the tarball's path. */
async function npmPack(stage: string, out: string): Promise<string> {
  try {
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', out, '--loglevel=error'],
      { cwd: stage },
    );
    const [entry] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as { filename: string }[];
    if (entry === undefined) throw new Error('npm pack printed no package');
    return join(out, entry.filename);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new MemnasError(
      'INTERNAL',
      missing
        ? 'the agent package is built with npm, which is not on this PATH: install npm beside node'
        : `npm pack of the agent package failed: ${why(cause)}`,
      { cause },
    );
  }
}

/**
 * The agent tarball of this coordinator's version: from `cacheDir` when built before from the
 * same files, else staged, packed and stored there (atomically: a rename into place).
 */
export async function agentTarball(cacheDir: string = defaultCacheDir()): Promise<AgentTarball> {
  const files = agentFiles();
  const version = agentVersion(files);
  const path = join(cacheDir, `memnas-agent-${version}-${inputsHash(files)}.tgz`);
  if (!existsSync(path)) {
    let work: string;
    try {
      mkdirSync(cacheDir, { recursive: true });
      work = mkdtempSync(join(cacheDir, '.build-'));
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
      throw new MemnasError(
        'FILE_UNWRITABLE',
        `cannot build the agent package in ${cacheDir}: ${code} (set XDG_CACHE_HOME to a writable folder)`,
        { cause },
      );
    }
    try {
      const stage = join(work, 'package');
      mkdirSync(join(stage, 'dist'), { recursive: true });
      await stagePackage(files, stage);
      renameSync(await npmPack(stage, work), path);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return { version, path, bytes: readFileSync(path) };
}
