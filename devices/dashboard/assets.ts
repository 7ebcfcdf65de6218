// The dashboard page's script: client/page.ts bundled with esbuild on first request and cached
// (the browser agent's route does the same), so the page runs typed code and the coordinator
// needs no build step.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MemnasError } from '../../search/errors.ts';

const ENTRY = fileURLToPath(new URL('./client/page.ts', import.meta.url));

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (file === undefined) throw new MemnasError('INTERNAL', 'the dashboard bundle is empty');
  return file.text;
}

/** Returns a function that resolves to the bundled script, built once (retried after a failure). */
export function dashboardScript(): () => Promise<string> {
  let script: Promise<string> | undefined;
  return () => {
    script ??= bundle().catch((cause: unknown) => {
      script = undefined;
      const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new MemnasError('INTERNAL', `the dashboard script could not be bundled: ${why}`, { cause });
    });
    return script;
  };
}
