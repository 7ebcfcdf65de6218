// Lint: typescript-eslint type-aware rules (un-awaited promises above all) plus the
// layering rule of STYLE.md §2 — heavy runtimes may only be imported where they belong.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});
// Layers point inward: nothing below app/ imports app/ or cli/ (added to each lower layer's list,
// since a later flat-config block replaces a rule rather than merging it).
const inward = { group: ['**/cli/**', '**/app/**'], message: 'layers below app/ never import app/ or cli/.' };

export default tseslint.config(
  { ignores: ['node_modules/**', '**/dist/**', 'coverage/**', 'runs/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Functions short enough to read at once (STYLE.md §12); tests' describe blocks are exempt.
    files: ['**/*.ts'],
    ignores: ['test/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Heavy runtimes stay behind their boundary: express and SQLite in devices/ (and the search's
    // run store), onnxruntime in the agent's runtime files, serialport where the line opens.
    files: ['cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts'],
    rules: restrict([
      {
        group: ['express', 'better-sqlite3', 'onnxruntime-*', 'serialport'],
        message: 'import this through its boundary module (STYLE.md §2).',
      },
    ]),
  },
  {
    files: ['profiler-agent/**/*.ts'],
    ignores: ['profiler-agent/runtime/**', 'profiler-agent/serial/open-port.ts'],
    rules: restrict([
      {
        group: ['express', 'better-sqlite3', 'onnxruntime-*', 'serialport'],
        message: 'import this through its boundary module (STYLE.md §2).',
      },
      inward,
    ]),
  },
  {
    files: [
      'profiler-agent/runtime/**/*.ts',
      'profiler-agent/serial/open-port.ts',
      'devices/**/*.ts',
      'store/**/*.ts',
    ],
    rules: restrict([inward]),
  },
  {
    // Layers point inward: cli/ parses flags and prints, app/ runs the workflows, and nothing
    // below app/ knows either of them.
    files: ['app/**/*.ts'],
    rules: restrict([
      {
        group: ['express', 'better-sqlite3', 'onnxruntime-*', 'serialport'],
        message: 'import this through its boundary module (STYLE.md §2).',
      },
      { group: ['**/cli/**'], message: 'app/ never imports cli/: cli/ calls app/, not the other way.' },
    ]),
  },
  {
    // search/ is pure: graph in, graph out. Its tests never load a native module.
    files: ['search/**/*.ts'],
    rules: restrict([
      {
        group: [
          'onnxruntime-*',
          'express',
          'protobufjs',
          'onnx-proto',
          '@tensorflow/*',
          'better-sqlite3',
          'serialport',
          'bullmq',
          'ioredis',
        ],
        message: 'search/ stays pure (STYLE.md §2).',
      },
      inward,
    ]),
  },
  {
    files: ['exporter/**/*.ts'],
    rules: restrict([
      {
        group: ['onnxruntime-*', 'express', 'better-sqlite3', 'serialport'],
        message: 'exporter/ only writes and reads ONNX bytes (STYLE.md §2).',
      },
      inward,
    ]),
  },
  {
    files: ['trainer/**/*.ts'],
    rules: restrict([
      {
        group: ['onnxruntime-*', 'express', 'protobufjs', 'onnx-proto', 'better-sqlite3', 'serialport'],
        message: 'trainer/ only talks to tfjs (STYLE.md §2).',
      },
      inward,
    ]),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
