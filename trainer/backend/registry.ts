// Chooses and initialises a backend, in the shape of tfjs-core's registerBackend and
// onnxruntime's resolveBackend: entries by priority, each loaded on first use, falling back
// only on BACKEND_UNAVAILABLE (any other error is a bug and propagates).

import * as tf from '@tensorflow/tfjs-core';
import { MemnasError, isMemnasError } from '../../search/errors.ts';
import { registerCoreGradients } from '../gradients/core/register-core-gradients.ts';
import { cpuBackend } from './cpu.ts';
import { tfjsNodeBackend } from './tfjs-node.ts';
import { wasmBackend, wasmThreads } from './wasm.ts';
import type { BackendEntry, BackendInfo, BackendOptions, BackendPreference } from './types.ts';

const ENTRIES: readonly BackendEntry[] = [tfjsNodeBackend, wasmBackend, cpuBackend].sort(
  (a, b) => b.priority - a.priority,
);

// One load per entry per process: tfjs backends cannot be re-initialised with other settings.
const loads = new Map<string, Promise<BackendInfo>>();

async function activate(entry: BackendEntry, options: BackendOptions): Promise<BackendInfo> {
  const requested = await entry.load(options);
  // Training needs tfjs-core's gradients on every backend; tfjs-node brings its own.
  await registerCoreGradients();
  let ok: boolean;
  try {
    ok = await tf.setBackend(entry.tfName);
  } catch (cause) {
    throw new MemnasError(
      'BACKEND_UNAVAILABLE',
      `the ${entry.name} backend failed to initialise (${String(cause)})`,
      { cause },
    );
  }
  if (!ok) {
    throw new MemnasError(
      'BACKEND_UNAVAILABLE',
      `the ${entry.name} backend failed to initialise (see the warning above; reinstall with \`npm ci\` or choose another --backend)`,
    );
  }
  await tf.ready();
  const threads = entry.name === 'wasm' ? await wasmThreads() : requested;
  return { name: entry.name, threads };
}

async function use(entry: BackendEntry, options: BackendOptions): Promise<BackendInfo> {
  let load = loads.get(entry.name);
  if (load === undefined) {
    load = activate(entry, options);
    loads.set(entry.name, load);
    // A failed load may be retried later (e.g. after the user installs the package).
    load.catch(() => loads.delete(entry.name));
  }
  const info = await load;
  if (tf.getBackend() !== entry.tfName) await tf.setBackend(entry.tfName);
  return info;
}

/** Initialises the preferred backend, or under 'auto' the highest-priority one that loads. */
export async function resolveBackend(
  preference: BackendPreference,
  options: BackendOptions = {},
): Promise<BackendInfo> {
  if (preference !== 'auto') {
    const entry = ENTRIES.find((e) => e.name === preference);
    if (entry === undefined) {
      throw new MemnasError(
        'BACKEND_UNAVAILABLE',
        `unknown backend '${String(preference)}' (choose auto, tfjs-node, wasm or cpu)`,
      );
    }
    return use(entry, options);
  }
  const reasons: string[] = [];
  for (const entry of ENTRIES) {
    try {
      return await use(entry, options);
    } catch (e) {
      if (!isMemnasError(e) || e.code !== 'BACKEND_UNAVAILABLE') throw e;
      reasons.push(e.message);
    }
  }
  throw new MemnasError('BACKEND_UNAVAILABLE', `no training backend could load: ${reasons.join('; ')}`);
}
