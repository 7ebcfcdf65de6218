// Bundling typed browser code for the coordinator's pages (the browser agent, the dashboard) with
// esbuild in memory, on first request: the same settings for every page, nothing written to disk.
import { build, type Plugin } from 'esbuild';
import { MemnasError } from '../search/errors.ts';

export interface BrowserBundleOptions {
  /** Names the outputs of several entry points; nothing is written there. */
  readonly outdir?: string;
  readonly plugins?: Plugin[];
}

/** Bundles each entry point to ES2022 modules; returns each output's text by entry name. */
export async function bundleForBrowser(
  entryPoints: Readonly<Record<string, string>>,
  o: BrowserBundleOptions = {},
): Promise<Readonly<Record<string, string>>> {
  const names = Object.keys(entryPoints);
  const out = await build({
    entryPoints: { ...entryPoints },
    ...(o.outdir === undefined ? {} : { outdir: o.outdir }),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: o.plugins ?? [],
  });
  const texts: Record<string, string> = {};
  for (const name of names) {
    const file =
      names.length === 1 ? out.outputFiles[0] : out.outputFiles.find((f) => f.path.endsWith(`${name}.js`));
    if (file === undefined) throw new MemnasError('INTERNAL', `the browser bundle has no ${name}.js`);
    texts[name] = file.text;
  }
  return texts;
}
