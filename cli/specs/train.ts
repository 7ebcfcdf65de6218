// `memnas train` flags, declared once: they drive parsing and `--help`.
import type { CommandSpec } from '../flags.ts';

/** Backends `--backend` takes ('auto' tries tfjs-node, then wasm, then cpu). */
export const TRAIN_BACKENDS = ['auto', 'tfjs-node', 'wasm', 'cpu'] as const;

export const trainSpec = {
  name: 'train',
  summary: 'train one architecture on a dataset; writes weights for `memnas export --weights`',
  operands: '<arch.json>',
  flags: {
    dataset: {
      type: 'string',
      value: 'fashion-mnist|PATH',
      default: 'fashion-mnist',
      help: 'a folder of MNIST-format IDX files or of class sub-folders also works',
    },
    epochs: {
      type: 'string',
      value: 'N',
      default: '1 (when no budget is given)',
      help: 'passes over the training split (fractions allowed); training stops at the first budget reached',
    },
    seconds: { type: 'string', value: 'S', help: 'wall-clock seconds of training' },
    images: { type: 'string', value: 'N', help: 'training images to process (counting repeats)' },
    'batch-size': { type: 'string', value: 'B', default: '128', help: 'minibatch size' },
    optimizer: { type: 'string', value: 'adam|sgd', default: 'adam', help: 'sgd is SGD with momentum 0.9' },
    lr: {
      type: 'string',
      value: 'LR',
      default: '0.003 for adam, 0.05 for sgd',
      help: 'peak learning rate (cosine schedule after warm-up)',
    },
    'weight-decay': { type: 'string', value: 'WD', default: '5e-4', help: 'L2 penalty on kernels' },
    seed: { type: 'string', value: 'S', default: '0', help: 'seeds initialisation, shuffling and splits' },
    backend: {
      type: 'string',
      value: TRAIN_BACKENDS.join('|'),
      default: 'auto',
      help: 'tfjs backend; auto takes the fastest that loads',
    },
    weights: {
      type: 'string',
      value: 'PATH',
      default: 'from scratch',
      help: "start from these weights (a weights.bin of memnas train, a run's best.weights.bin) and fine-tune them",
    },
    out: {
      type: 'string',
      value: 'DIR',
      default: 'runs/train-ARCH_NAME',
      help: 'folder for weights.bin and train.json',
    },
    json: { type: 'boolean', help: 'print the summary as JSON (and no progress)' },
  },
  example: 'memnas train runs/fm-300k/best.json --epochs 3 --out runs/best-3ep',
} as const satisfies CommandSpec;
