// tfjs-core's own gradient configs (Relu, Conv2D, MatMul, …). tfjs-core 4.x registers none by
// itself: only the @tensorflow/tfjs union package imports its dist/register_all_gradients, and
// that file is extensionless ESM that Node cannot load. We bundle it with esbuild (a dependency)
// in memory and import the result once per process. The bundle carries its own
// copy of tfjs-core's code, but the engine and the kernel/gradient registries are process-wide
// globals, so its registrations land in the registries every copy uses.

import { createRequire } from 'node:module';
import { getGradient } from '@tensorflow/tfjs-core';
import { MemnasError } from '../../../search/errors.ts';

// Loaded on first use only: most processes (the CLI's estimate, export) never train.
const ESBUILD = 'esbuild';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

let loading: Promise<void> | undefined;

async function bundleAndLoad(): Promise<void> {
  let esbuild: EsbuildLike;
  try {
    esbuild = (await import(ESBUILD)) as EsbuildLike;
  } catch (cause) {
    throw new MemnasError(
      'BACKEND_UNAVAILABLE',
      "tfjs-core's gradients need esbuild to load (reinstall with `npm ci`, or install @tensorflow/tfjs)",
      { cause },
    );
  }
  const entry = createRequire(import.meta.url).resolve(
    '@tensorflow/tfjs-core/dist/register_all_gradients.js',
  );
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    minify: true,
  });
  const code = result.outputFiles[0]?.text ?? '';
  await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** Makes sure tfjs-core's gradients are registered (a no-op when @tensorflow/tfjs did it). */
export async function registerCoreGradients(): Promise<void> {
  if (getGradient('Relu') !== undefined) return;
  loading ??= bundleAndLoad();
  await loading;
  if (getGradient('Relu') === undefined)
    throw new MemnasError('INTERNAL', "tfjs-core's gradients did not register after loading them");
}
