#!/usr/bin/env node
// The memnas command: runs the compiled CLI in dist/ (built by `npm run build`, which `prepare`
// runs on `npm ci` and `npm pack`). In a source checkout where a source file is newer than that
// build — you edited code and did not rebuild — it runs the TypeScript itself through tsx (a dev
// dependency) instead, so a stale build never runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = new URL('../cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);
const SOURCE_DIRS = ['cli', 'app', 'search', 'exporter', 'trainer', 'devices', 'store', 'profiler-agent'];

/** The newest modification time of a .ts file under the source folders (a few ms for ~600 files). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) {
    const dir = new URL(`../${d}`, import.meta.url).pathname;
    if (existsSync(dir)) walk(dir);
  }
  return newest;
}

function tsxInstalled() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

const hasSource = existsSync(source);
const built = existsSync(compiled);
const stale = built && hasSource && newestSource() > statSync(compiled).mtimeMs;
if (built && !stale) {
  await import(compiled.href);
} else if (hasSource && tsxInstalled()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (built) {
  await import(compiled.href);
} else {
  console.error('memnas: the compiled CLI (dist/) is missing: run `npm run build` first');
  process.exitCode = 1;
}
