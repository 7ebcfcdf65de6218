#!/usr/bin/env node
// The memnas command. An installed package runs the compiled CLI in dist/ (built by `npm run
// build`, which `prepare` runs on `npm ci` and `npm pack`). A source checkout with its dev
// dependencies runs the TypeScript itself through tsx instead, so tests, benches and `npm start`
// always run the code as it is now, never a stale build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = new URL('../cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);

function tsxInstalled() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

if (existsSync(source) && tsxInstalled()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  console.error('memnas: the compiled CLI (dist/) is missing: run `npm run build` first');
  process.exitCode = 1;
}
