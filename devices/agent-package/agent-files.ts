// Where the agent package's parts are in whichever layout the coordinator runs from: the
// repository (TypeScript sources, compiled by tsc on demand) or the installed `memnas` package
// (dist/ only: the agent's JavaScript was compiled with the rest of the CLI, and the root
// package ships profiler-agent/package.json and README.md beside it).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when this module runs from TypeScript source (tsx, vitest). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

export interface AgentFiles {
  /** The agent's package.json and README.md live here (repo or installed root package). */
  readonly packageDir: string;
  /** Compiled JavaScript to copy as the package's dist/, or null: compile packageDir with tsc. */
  readonly compiledDir: string | null;
  /** Every file the package is made from, for the cache key. */
  readonly inputs: readonly string[];
}

/** Files under `dir` (recursively) that `keep` accepts by their path relative to `dir`, sorted. */
export function filesUnder(dir: string, keep: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      const rel = relative(dir, path).split(sep).join('/');
      if (e.isDirectory()) walk(path);
      else if (keep(rel)) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** Not shipped: the browser agent (served by the coordinator itself), builds and installs. */
const skipped = (rel: string): boolean => /^(browser|dist|node_modules)\//.test(rel);

export function agentFiles(): AgentFiles {
  if (FROM_SOURCE) {
    const packageDir = fileURLToPath(new URL('../../profiler-agent/', import.meta.url));
    const inputs = filesUnder(packageDir, (rel) => !skipped(rel) && /\.(ts|json|md)$/.test(rel));
    return { packageDir, compiledDir: null, inputs };
  }
  // dist/devices/agent-package/ → dist/profiler-agent/ and the package root's profiler-agent/.
  const compiledDir = fileURLToPath(new URL('../../profiler-agent/', import.meta.url));
  const packageDir = fileURLToPath(new URL('../../../profiler-agent/', import.meta.url));
  const compiled = filesUnder(compiledDir, (rel) => !skipped(rel) && rel.endsWith('.js'));
  const inputs = [...compiled, join(packageDir, 'package.json'), join(packageDir, 'README.md')];
  return { packageDir, compiledDir, inputs };
}

/** A short hash of the inputs' paths and contents: a cached tarball is reused only if equal. */
export function inputsHash(files: AgentFiles): string {
  const hash = createHash('sha256');
  for (const path of files.inputs) {
    hash.update(relative(files.packageDir, path)).update('\0');
    hash.update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
