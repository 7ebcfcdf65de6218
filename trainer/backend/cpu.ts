// The pure-JavaScript cpu backend entry: always loads, but trains ~100× slower than wasm, so
// choosing it prints a warning that says so.

import { MemnasError } from '../../search/errors.ts';
import type { BackendEntry } from './types.ts';

export const cpuBackend: BackendEntry = {
  name: 'cpu',
  priority: 1,
  tfName: 'cpu',
  load: async () => {
    try {
      await import('@tensorflow/tfjs-backend-cpu');
    } catch (cause) {
      throw new MemnasError(
        'BACKEND_UNAVAILABLE',
        '@tensorflow/tfjs-backend-cpu failed to load (reinstall with `npm ci`)',
        { cause },
      );
    }
    process.stderr.write(
      'memnas: WARNING: training on the pure-JavaScript cpu backend, about 100× slower than wasm; ' +
        'use --backend wasm (or install @tensorflow/tfjs-node) unless you are debugging\n',
    );
    return 1;
  },
};
