// memnas's own package.json, the one source of its version and pinned runtime versions. It sits at
// the package root, beside app/ in the source tree and beside dist/ once compiled, so the path
// depends on the layout; it is read once, on first use.
import { readFileSync } from 'node:fs';
import { FROM_SOURCE } from '../profiler-agent/module-path.ts';

export interface PackageManifest {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

let manifest: PackageManifest | undefined;

/** The root package.json's version and dependencies (read on the first call, then cached). */
export function packageManifest(): PackageManifest {
  if (manifest === undefined) {
    const url = new URL(FROM_SOURCE ? '../package.json' : '../../package.json', import.meta.url);
    const { version, dependencies } = JSON.parse(readFileSync(url, 'utf8')) as PackageManifest;
    manifest = Object.freeze({ version, dependencies });
  }
  return manifest;
}
