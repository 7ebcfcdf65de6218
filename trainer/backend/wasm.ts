// The WebAssembly backend entry: XNNPACK kernels shipped inside the npm package (no download, no
// CDN), plus our own gradient kernels for the backprop ops wasm lacks or runs slowly.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MemnasError } from '../../search/errors.ts';
import { registerCoreGradients } from '../gradients/core/register-core-gradients.ts';
import { registerWasmGradients } from '../gradients/wasm/register-all.ts';
import type * as WasmNamespace from '@tensorflow/tfjs-backend-wasm';
import type { BackendEntry, BackendOptions } from './types.ts';

type WasmModule = typeof WasmNamespace;

async function loadModule(): Promise<WasmModule> {
  try {
    return await import('@tensorflow/tfjs-backend-wasm');
  } catch (cause) {
    throw new MemnasError(
      'BACKEND_UNAVAILABLE',
      '@tensorflow/tfjs-backend-wasm failed to load (reinstall with `npm ci`)',
      { cause },
    );
  }
}

/** The package's dist/ folder, where its .wasm binaries live, with a trailing slash. */
function localWasmFolder(): string {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return `${dirname(main)}/`;
}

/**
 * Under Node the wasm backend runs one thread. Its threaded-SIMD build starts its pthread workers
 * from blob: URLs, which Node's worker_threads reject (ERR_WORKER_PATH, tried with tfjs 4.22 on
 * Node 20), and a failed start leaves the backend unusable — so the build is never requested and
 * parallelism comes from one training worker per core instead.
 */
function warnIfThreadsRequested(options: BackendOptions): void {
  if ((options.threads ?? 1) > 1) {
    process.stderr.write(
      `memnas: the wasm backend runs 1 thread under Node (asked for ${options.threads}); run one worker per core instead\n`,
    );
  }
}

export const wasmBackend: BackendEntry = {
  name: 'wasm',
  priority: 2,
  tfName: 'wasm',
  load: async (options) => {
    const wasm = await loadModule();
    wasm.setWasmPaths(localWasmFolder());
    warnIfThreadsRequested(options);
    // Our dilation-aware configs wrap tfjs-core's, so those must be registered first.
    await registerCoreGradients();
    registerWasmGradients();
    // The thread count is only known once the backend is set; registry.ts reads it then.
    return options.threads ?? 1;
  },
};

/** Threads the initialised wasm backend really runs with (1 when the threaded build was not used). */
export async function wasmThreads(): Promise<number> {
  const wasm = await loadModule();
  return Math.max(1, wasm.getThreadsCount());
}
