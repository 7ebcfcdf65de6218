// Serves the browser agent at the public path /agent: the page, the measuring frame, their
// scripts (the agent's TypeScript bundled once with esbuild, on first request, and cached) and
// onnxruntime-web's wasm build straight from the installed npm package — never from a CDN, so a
// device on an isolated network works. Nothing here needs the token: auth.ts lets GET /agent/*
// through, and the page itself sends its credential on every API call.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { bundleForBrowser } from './browser-bundle.ts';
import { type Application, type Response, Router } from 'express';
import { AGENT_ASSETS } from '../profiler-agent/browser/page-config.ts';
import { agentPageHtml, measureFrameHtml } from '../profiler-agent/browser/page-html.ts';
import { ORT_WEB_ENTRY } from '../profiler-agent/browser/ort-web.ts';
import { siblingModule } from '../profiler-agent/module-path.ts';
import { MemnasError } from '../search/errors.ts';

// The agent's modules as files esbuild reads: its TypeScript from source, its .js from dist/.
const AGENT_DIR = fileURLToPath(new URL('../profiler-agent/', import.meta.url));
const NODE_PROFILER = siblingModule('../profiler-agent/measure/profile', import.meta.url);
const PROFILER_SHIM = siblingModule('../profiler-agent/browser/profile-shim', import.meta.url);

/** onnxruntime-web's files the page loads: the wasm-only ESM entry and its one runtime pair. */
const ORT_FILES: Readonly<Record<string, string>> = {
  [ORT_WEB_ENTRY]: 'text/javascript',
  'ort-wasm-simd-threaded.mjs': 'text/javascript',
  'ort-wasm-simd-threaded.wasm': 'application/wasm',
};

interface OrtPackage {
  readonly dir: string;
  readonly version: string;
}

function findOrtWeb(): OrtPackage {
  try {
    // The package's Node entry lives in dist/, beside the browser files.
    const dir = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
    const { version } = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return { dir, version };
  } catch (cause) {
    throw new MemnasError(
      'INTERNAL',
      'onnxruntime-web is not installed, so the browser agent cannot be served (npm ci)',
      { cause },
    );
  }
}

/**
 * The agent's pull loop imports the Node profiler only for a default it never uses in a page and
 * for sha256; this points that one import at the browser's stand-in. Any other Node-only import
 * fails the build (platform 'browser'), so a new dependency cannot slip into the page unseen.
 */
const browserAliases: Plugin = {
  name: 'memnas-browser-aliases',
  setup(b) {
    b.onResolve({ filter: /[/\\]measure[/\\]profile\.[jt]s$/ }, (args) =>
      resolve(args.resolveDir, args.path) === NODE_PROFILER ? { path: PROFILER_SHIM } : undefined,
    );
  },
};

type Bundles = Readonly<Record<'agent' | 'measure', string>>;

async function bundle(): Promise<Bundles> {
  const texts = await bundleForBrowser(
    {
      agent: siblingModule('../profiler-agent/browser/page', import.meta.url),
      measure: siblingModule('../profiler-agent/browser/measure-frame', import.meta.url),
    },
    { outdir: join(AGENT_DIR, 'browser/.bundle'), plugins: [browserAliases] },
  );
  return { agent: texts.agent!, measure: texts.measure! };
}

function sendText(res: Response, type: string, body: string): void {
  // The page and its scripts change with the coordinator's version: always revalidate.
  res.type(type).setHeader('Cache-Control', 'no-cache');
  res.send(body);
}

/**
 * Cross-origin isolation for the page and its frame (everything they load is same-origin, so
 * nothing breaks): an isolated page gets performance.now() at 5 µs instead of 100 µs resolution,
 * which matters for sub-millisecond models, and could run ort-web with more than one thread.
 */
function sendDocument(res: Response, body: string): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  sendText(res, 'html', body);
}

/**
 * Mounts the browser agent's routes (all GET, all public) on the coordinator's app, before its
 * 404 handler: GET /agent is the page a device opens — a phone from the QR code `memnas serve`
 * prints, https://coordinator:7117/agent#join=CODE (routes/join.ts trades the code), a script on
 * localhost with http://127.0.0.1:7117/agent?token=T&name=phone-1&tags=phone,arm.
 */
export function mountBrowserAgent(app: Pick<Application, 'use'>): void {
  // Found on first use: without onnxruntime-web the coordinator still serves its API, and the
  // page's routes answer with the error that says how to fix it.
  let found: { readonly ort: OrtPackage; readonly page: string } | undefined;
  const served = (): { readonly ort: OrtPackage; readonly page: string } => {
    if (found === undefined) {
      const ort = findOrtWeb();
      const ortBaseUrl = `${AGENT_ASSETS.ort}${ort.version}/`;
      found = {
        ort,
        page: agentPageHtml({ ortBaseUrl, ortVersion: ort.version, frameUrl: AGENT_ASSETS.frame }),
      };
    }
    return found;
  };
  let bundles: Promise<Bundles> | undefined;
  const bundled = async (): Promise<Bundles> => {
    bundles ??= bundle().catch((cause: unknown) => {
      bundles = undefined; // a fixed source is picked up on the next request
      const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new MemnasError('INTERNAL', `the browser agent could not be bundled: ${why}`, { cause });
    });
    return bundles;
  };

  const router = Router();
  router.get(AGENT_ASSETS.page, (_req, res) => sendDocument(res, served().page));
  router.get(AGENT_ASSETS.frame, (_req, res) => sendDocument(res, measureFrameHtml()));
  router.get(AGENT_ASSETS.script, async (_req, res) =>
    sendText(res, 'text/javascript', (await bundled()).agent),
  );
  router.get(AGENT_ASSETS.frameScript, async (_req, res) =>
    sendText(res, 'text/javascript', (await bundled()).measure),
  );
  router.get(`${AGENT_ASSETS.ort}:version/:file`, (req, res, next) => {
    const { version, file } = req.params;
    const { ort } = served();
    const type = ORT_FILES[file];
    if (version !== ort.version || type === undefined || !Object.hasOwn(ORT_FILES, file)) {
      throw new MemnasError(
        'NOT_FOUND',
        `no onnxruntime-web file ${version}/${file} here (this coordinator serves ${ort.version})`,
      );
    }
    // Versioned path: the 14 MB wasm is fetched once per browser, not once per measurement.
    res.type(type);
    res.sendFile(join(ort.dir, file), { maxAge: '365d', immutable: true }, (err) => {
      if (err !== undefined && !res.headersSent) next(err);
    });
  });
  app.use(router);
}
