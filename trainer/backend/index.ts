// Public API of the trainer's backend layer: pick a backend once, then use tfjs-core through
// getTf(). Importing this module changes nothing; initBackend() does the work on first use.

import * as tf from '@tensorflow/tfjs-core';
import { resolveBackend } from './registry.ts';
import type { BackendInfo, BackendOptions, BackendPreference } from './types.ts';

export type { BackendInfo, BackendName, BackendOptions, BackendPreference } from './types.ts';

/** The tfjs-core module type, for code that receives it from getTf(). */
export type Tf = typeof tf;

/**
 * Loads and activates a backend. 'auto' tries tfjs-node, then wasm, then cpu (with a warning).
 * A forced backend that cannot load throws MemnasError('BACKEND_UNAVAILABLE') saying how to fix it.
 * Safe to call repeatedly; each backend is initialised once per process.
 * @param options.threads threads for wasm's threaded build (default 1; see BackendOptions).
 */
export async function initBackend(
  preference: BackendPreference,
  options: BackendOptions = {},
): Promise<BackendInfo> {
  return resolveBackend(preference, options);
}

/** The @tensorflow/tfjs-core module. Call initBackend() before running operations. */
export function getTf(): Tf {
  return tf;
}
