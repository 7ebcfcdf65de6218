// The dashboard page's script: client/page.ts bundled with esbuild on first request and cached
// (the browser agent's route does the same), so the page runs typed code and the coordinator
// needs no build step.
import { siblingModule } from '../../profiler-agent/module-path.ts';
import { bundleForBrowser } from '../browser-bundle.ts';
import { MemnasError } from '../../search/errors.ts';

async function bundle(): Promise<string> {
  const { page } = await bundleForBrowser({
    page: siblingModule('./client/page', import.meta.url),
  });
  return page!;
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
