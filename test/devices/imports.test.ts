// Layering (STYLE.md §2): only the coordinator (devices/) and the run store (store/) import express / better-sqlite3,
// and the user client (devices/client.ts) loads neither — `memnas profile --coordinator` stays
// light. Runtime imports are followed through relative files; `import type` is erased.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER_ONLY = ['express', 'better-sqlite3'];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Specifiers this file loads at run time (type-only imports and exports are skipped). */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm))
    if (m[2] === undefined) found.push(m[3]!);
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push(m[1]!);
  return found;
}

function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

describe('coordinator layering', () => {
  const outside = ['cli', 'search', 'exporter', 'trainer', 'profiler-agent'].flatMap((d) =>
    sources(join(REPO, d)),
  );

  it.each(outside.map((f) => [relative(REPO, f), f]))(
    '%s does not import express or better-sqlite3',
    (_name, file) => {
      const specs = runtimeImports(readFileSync(file, 'utf8'));
      expect(specs.filter((s) => SERVER_ONLY.includes(s))).toEqual([]);
    },
  );

  it('the user client reaches neither express nor SQLite', () => {
    const reached = packagesReachedFrom(join(REPO, 'devices/client.ts'));
    for (const p of SERVER_ONLY) expect(reached.has(p), `devices/client.ts loads ${p}`).toBe(false);
  });

  it('the coordinator does use both (the walk above would notice them)', () => {
    const reached = packagesReachedFrom(join(REPO, 'devices/coordinator.ts'));
    expect([...reached]).toEqual(expect.arrayContaining(SERVER_ONLY));
  });
});
