// Where a sibling module lives in whichever layout is running: the TypeScript sources under tsx
// (tests, benches, `npm start`) or the compiled tree (the installed `memnas` command's dist/, the
// agent's own profiler-agent/dist/ on a device). Child processes and bundlers need a file path,
// so the extension and tsx's loader must match the layout; this is the one place that decides.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AgentError } from './errors.ts';

/** True when running from TypeScript source (tsx, vitest); false from a compiled dist/. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The file path of the module `specifier` (relative, without extension) next to `base` (the
 * caller's import.meta.url): `specifier.ts` from source, `specifier.js` from dist/.
 */
export function siblingModule(specifier: string, base: string): string {
  return fileURLToPath(new URL(`${specifier}${FROM_SOURCE ? '.ts' : '.js'}`, base));
}

/** The Node flags a child process needs to run a sibling module: tsx's loader from source, none from dist/. */
export function loaderFlags(): string[] {
  return FROM_SOURCE ? ['--import', tsxLoader()] : [];
}

function tsxLoader(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch (cause) {
    throw new AgentError(
      'RUNTIME_UNAVAILABLE',
      'running from TypeScript source needs tsx (a dev dependency); build it (npm run build) and run dist/ instead',
      { cause },
    );
  }
}
