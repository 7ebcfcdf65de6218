// The tfjs-node backend entry: native TensorFlow, fastest, but an optional dependency — its install
// downloads libtensorflow, which offline machines cannot do — so its absence is not an error.

import { cpus } from 'node:os';
import { MemnasError } from '../../search/errors.ts';
import type { BackendEntry } from './types.ts';

// A variable specifier keeps TypeScript from resolving a module that is usually not installed.
const TFJS_NODE = '@tensorflow/tfjs-node';

export const tfjsNodeBackend: BackendEntry = {
  name: 'tfjs-node',
  priority: 3,
  tfName: 'tensorflow',
  load: async () => {
    try {
      await import(TFJS_NODE);
    } catch (cause) {
      throw new MemnasError(
        'BACKEND_UNAVAILABLE',
        `@tensorflow/tfjs-node is not installed (run \`npm install @tensorflow/tfjs-node\` on a machine with internet, or choose --backend wasm)`,
        { cause },
      );
    }
    // TensorFlow's intra-op pool defaults to one thread per core.
    return cpus().length;
  },
};
