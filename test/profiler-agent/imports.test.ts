// The agent ships alone (STYLE.md §2): its files import only Node built-ins and each other, only
// the runtime implementation imports onnxruntime, and only the protocol imports zod/mini (its
// schemas). Its package depends on onnxruntime-node and zod, at the versions the top level uses.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../profiler-agent');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'dist' || e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\s)(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm,
  )) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

describe('profiler-agent imports', () => {
  const files = sourceFiles(ROOT);

  it('finds the agent sources', () => {
    expect(files.map((f) => relative(ROOT, f))).toEqual(
      expect.arrayContaining(['protocol.ts', 'cli.ts', 'runtime/ort-node.ts', 'measure/child-entry.ts']),
    );
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))(
    '%s imports only built-ins, agent files, (runtime only) onnxruntime and (protocol only) zod/mini',
    (name, file) => {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:')) continue;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          expect(
            relative(ROOT, target).startsWith('..'),
            `${name} imports ${spec} from outside profiler-agent/`,
          ).toBe(false);
          expect(spec.endsWith('.ts'), `${name}: relative import ${spec} needs the .ts extension`).toBe(true);
          continue;
        }
        // onnxruntime only in the runtime implementations; serialport only where the serial line
        // opens; zod (its dependency-free mini build) only in the protocol's schemas and validators.
        const allowed =
          (spec.startsWith('onnxruntime-') && name.startsWith('runtime/')) ||
          (spec === 'serialport' && name === 'serial/open-port.ts') ||
          (spec === 'zod/mini' && /^protocol(\/|\.ts$|-check\.ts$)/.test(name));
        expect(allowed, `${name} imports package '${spec}'`).toBe(true);
      }
    },
  );

  // Debian bookworm's Node is 18 (a Pi's own): APIs newer than 18.x would fail only there.
  const NODE_20_ONLY: readonly [RegExp, string][] = [
    [/import\.meta\.(dirname|filename)/, 'import.meta.dirname/filename (Node 20.11)'],
    [/\bglobSync\b|\bfs\.glob\b|promises\.glob\b/, 'fs glob (Node 22)'],
    [/\bimport\.meta\.resolve\(/, 'import.meta.resolve (unflagged in Node 20.6)'],
    [/\.(toSorted|toReversed|toSpliced)\(|\.with\(\d/, 'change-array-by-copy (Node 20)'],
    [
      /\bArray\.fromAsync\b|\bPromise\.withResolvers\b|\bObject\.groupBy\b|\bMap\.groupBy\b/,
      'Node 21/22 built-ins',
    ],
    [/\bAbortSignal\.any\b|\bstyleText\b|\bprocess\.loadEnvFile\b|\bgetBuiltinModule\b/, 'Node 20.3+ APIs'],
    [/\bnew File\(|\bopenAsBlob\b|\bisWellFormed\b/, 'File, openAsBlob, isWellFormed (Node 20)'],
  ];
  it.each(files.filter((f) => !relative(ROOT, f).startsWith('browser/')).map((f) => [relative(ROOT, f), f]))(
    '%s uses no API newer than Node 18 (the package says engines node >= 18)',
    (name, file) => {
      const text = readFileSync(file, 'utf8');
      for (const [pattern, what] of NODE_20_ONLY)
        expect(pattern.test(text), `${name} uses ${what}`).toBe(false);
    },
  );

  it('is the package memnas-agent: one bin, Node >= 18, compiled files only', () => {
    const agent = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      name: string;
      engines: { node: string };
      bin: Record<string, string>;
      files: string[];
    };
    expect(agent.name).toBe('memnas-agent');
    expect(agent.engines.node).toBe('>=18');
    expect(agent.bin).toEqual({ 'memnas-agent': './dist/cli.js' });
    expect(agent.files).toEqual(['dist', 'README.md']);
  });

  it('has its own package with onnxruntime-node and zod as the only dependencies (serialport optional), at the top-level versions', () => {
    const agent = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      type: string;
      dependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
    };
    const top = JSON.parse(readFileSync(join(ROOT, '../package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(agent.type).toBe('module');
    expect(agent.dependencies).toEqual({
      'onnxruntime-node': top.dependencies['onnxruntime-node'],
      zod: top.dependencies.zod,
    });
    expect(agent.optionalDependencies).toEqual({ serialport: top.dependencies.serialport });
  });
});
