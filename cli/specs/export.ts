// `memnas export` flags, declared once: they drive parsing and `--help`.
import type { CommandSpec } from '../flags.ts';

export const exportSpec = {
  name: 'export',
  summary:
    'architecture JSON (+ trained weights) → lean ONNX, optionally verified against tfjs in onnxruntime-node',
  operands: '<arch.json|--random>',
  flags: {
    output: { type: 'string', short: 'o', value: 'model.onnx', help: 'the ONNX file to write (required)' },
    weights: {
      type: 'string',
      value: 'PATH',
      default: 'random weights from --seed',
      help: 'trained weights (weights.bin from `memnas train`)',
    },
    random: { type: 'boolean', help: 'export a random architecture from --seed instead of a file' },
    seed: { type: 'string', value: 'S', default: '0', help: 'seeds --random and random weights' },
    verify: {
      type: 'boolean',
      help: 'run the ONNX in onnxruntime-node against tfjs; fails (and writes nothing) beyond the tolerance',
    },
    reference: {
      type: 'string',
      value: 'ref.json',
      help: 'write the comparison batch (inputs and tfjs outputs) here',
    },
    batch: { type: 'string', value: 'N', default: '4', help: 'images in the comparison batch' },
    backend: {
      type: 'string',
      value: 'auto|tfjs-node|wasm|cpu',
      default: 'auto',
      help: 'tfjs backend of the comparison',
    },
    naive: { type: 'boolean', help: 'export as built, without the lean rewrites (batch-norm folding)' },
    float16: { type: 'boolean', help: 'store weights as float16 and report what it changes in the output' },
    json: { type: 'boolean', help: 'print the result as JSON' },
  },
  example: 'memnas export runs/fm-300k/best.json --weights runs/best-3ep/weights.bin -o best.onnx --verify',
} as const satisfies CommandSpec;
