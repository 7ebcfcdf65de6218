// The package as a user installs it: `npm pack` of this checkout (its prepare script builds
// dist/), the tarball installed without dev dependencies into an empty prefix, then the
// installed `memnas` run for its version and an estimate of a shipped example — no tsx, no
// TypeScript sources. Slow: the pack compiles the whole CLI and npm installs the runtime
// dependencies (from the npm cache when it holds them).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateFile } from '../../cli/commands/estimate.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'memnas-pack-'));

// The prefix holds onnxruntime-node's 288 MB: removing it takes over a minute on a busy disk.
afterAll(() => rmSync(work, { recursive: true, force: true }), 300_000);

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
}

/** `npm pack` into `work`; returns the tarball's path and the files it holds. */
function pack(): { tarball: string; files: string[] } {
  const out = npm(['pack', '--json', '--pack-destination', work], REPO);
  // The prepare script's banner may precede the JSON.
  const [entry] = JSON.parse(out.slice(out.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (entry === undefined) throw new Error('npm pack --json printed no package');
  return { tarball: join(work, entry.filename), files: entry.files.map((f) => f.path) };
}

function installed(
  prefix: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  // The bin link, run as a shell would (its #!/usr/bin/env node line); no calibrations of ours.
  const r = spawnSync(join(prefix, 'node_modules/.bin/memnas'), args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MEMNAS_HOME: join(work, 'memnas-home') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed memnas package', () => {
  it('installs without dev dependencies and runs --version and estimate from dist/', () => {
    const { tarball, files } = pack();
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('bin/memnas.js');
    expect(files).toContain('examples/plain-cnn.json');
    // What the coordinator's /downloads route packs the agent from when run from an install.
    expect(files).toContain('profiler-agent/package.json');
    expect(files).toContain('dist/profiler-agent/cli.js');
    expect(files.filter((f) => f.endsWith('.ts') || f.startsWith('test/'))).toEqual([]);

    const prefix = join(work, 'prefix');
    mkdirSync(prefix);
    // Dependencies' install scripts are skipped: better-sqlite3 would compile from source here
    // (minutes), and neither command under test loads a native module.
    npm(['install', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--prefix', prefix, tarball], work);
    const modules = join(prefix, 'node_modules');
    expect(existsSync(join(modules, 'memnas/dist/cli/main.js'))).toBe(true);
    for (const dev of ['tsx', 'typescript', 'vitest']) expect(existsSync(join(modules, dev))).toBe(false);

    const version = installed(prefix, ['--version']);
    expect(version).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });

    const example = join(modules, 'memnas/examples/plain-cnn.json');
    const estimate = installed(prefix, ['estimate', example, '--json']);
    expect(estimate.stderr).toBe('');
    expect(estimate.status).toBe(0);
    // The compiled CLI computes exactly what the source does.
    expect(JSON.parse(estimate.stdout)).toEqual(JSON.parse(JSON.stringify(estimateFile(example, 1))));

    const text = installed(prefix, ['estimate', example]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('plain-cnn.json: architecture');

    // The agent package a coordinator serves, built from the installed dist/ alone (no tsc).
    const agentTarball = join(modules, 'memnas/dist/devices/agent-package/agent-tarball.js');
    const built = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(agentTarball).href)}); console.log((await m.agentTarball(${JSON.stringify(join(work, 'agent-cache'))})).path);`,
      ],
      { cwd: work, encoding: 'utf8' },
    ).trim();
    const entries = execFileSync('tar', ['tzf', built], { encoding: 'utf8' }).split('\n');
    expect(entries).toEqual(expect.arrayContaining(['package/package.json', 'package/dist/cli.js']));
    expect(entries.filter((f) => f.endsWith('.ts') || f.includes('/browser/'))).toEqual([]);
  }, 900_000);
});
