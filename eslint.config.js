// Lint: typescript-eslint type-aware rules (un-awaited promises above all) plus the
// layering rule of STYLE.md §2 — heavy runtimes may only be imported where they belong.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

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
    // Heavy runtimes stay behind their boundary: express and SQLite in devices/ (and the search's
    // run store), onnxruntime in the agent's runtime files, serialport where the line opens.
    files: ['cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts', 'profiler-agent/**/*.ts'],
    ignores: ['profiler-agent/runtime/**', 'profiler-agent/serial/open-port.ts'],
    rules: restrict([
      {
        group: ['express', 'better-sqlite3', 'onnxruntime-*', 'serialport'],
        message: 'import this through its boundary module (STYLE.md §2).',
      },
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
        ],
        message: 'search/ stays pure (STYLE.md §2).',
      },
    ]),
  },
  {
    files: ['exporter/**/*.ts'],
    rules: restrict([
      {
        group: ['onnxruntime-*', 'express', 'better-sqlite3', 'serialport'],
        message: 'exporter/ only writes and reads ONNX bytes (STYLE.md §2).',
      },
    ]),
  },
  {
    files: ['trainer/**/*.ts'],
    rules: restrict([
      {
        group: ['onnxruntime-*', 'express', 'protobufjs', 'onnx-proto', 'better-sqlite3', 'serialport'],
        message: 'trainer/ only talks to tfjs (STYLE.md §2).',
      },
    ]),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
