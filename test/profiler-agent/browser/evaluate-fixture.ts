// Shared by the browser evaluate tests: a small classifier exported from examples/plain-cnn.json
// with random weights, a blob of deterministic 28×28 uint8 images whose brightness and pattern
// vary image by image (so a random network does not answer one class for all), and the classes
// onnxruntime-node gives for them through the Node agent's own classifier.
import { readFileSync } from 'node:fs';
import { exportArchitecture } from '../../../exporter/export-model.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../../profiler-agent/defaults.ts';
import { classifyBlob } from '../../../profiler-agent/evaluate/classify.ts';
import type { EvaluateInput } from '../../../profiler-agent/protocol.ts';
import { nodeRuntimes } from '../../../profiler-agent/runtime/index.ts';
import type { LoadedModel } from '../../../profiler-agent/runtime/types.ts';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { createRng } from '../../../search/random.ts';

export type Layout = Pick<EvaluateInput, 'dtype' | 'dims' | 'scale'>;

export function plainCnnModel(seed = 1): Uint8Array {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('../../../examples/plain-cnn.json', import.meta.url), 'utf8'),
  );
  const arch = parseArchitecture(raw);
  return exportArchitecture(arch, randomWeights(arch, seed)).bytes;
}

/** `count` images [count, 1, 28, 28] as uint8 (× 1/255), from a seed. */
export function imageBlob(count: number, seed = 3): { blob: Uint8Array; layout: Layout } {
  const rng = createRng(seed);
  const size = 28 * 28;
  const blob = new Uint8Array(count * size);
  for (let s = 0; s < count; s++) {
    const level = rng.next();
    const cx = rng.next() * 28;
    const cy = rng.next() * 28;
    const radius = 3 + rng.next() * 10;
    for (let i = 0; i < size; i++) {
      const x = i % 28;
      const y = Math.floor(i / 28);
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const v = (inside ? 0.9 : 0.2 * level) + 0.1 * rng.next();
      blob[s * size + i] = Math.min(255, Math.round(v * 255));
    }
  }
  return { blob, layout: { dtype: 'uint8', dims: [count, 1, 28, 28], scale: 1 / 255 } };
}

export async function loadNode(model: Uint8Array): Promise<LoadedModel> {
  const runtime = await nodeRuntimes().resolve('ort-node');
  return runtime.load(model, DEFAULT_SESSION_OPTIONS);
}

/** onnxruntime-node's classes for the blob, with the Node agent's classifier. */
export async function nodeClasses(model: Uint8Array, blob: Uint8Array, layout: Layout): Promise<number[]> {
  const loaded = await loadNode(model);
  try {
    return [...(await classifyBlob(loaded, blob, layout)).predictions];
  } finally {
    await loaded.dispose();
  }
}

/** Gap between the best and second-best logit of image `index` under onnxruntime-node. */
export async function nodeMargin(model: Uint8Array, blob: Uint8Array, index: number): Promise<number> {
  const loaded = await loadNode(model);
  try {
    const size = 28 * 28;
    const data = Float32Array.from(blob.subarray(index * size, (index + 1) * size), (v) => v / 255);
    const out = await loaded.infer({ [loaded.inputs[0]!.name]: { dims: [1, 1, 28, 28], data } });
    const logits = [...Object.values(out)[0]!.data].sort((a, b) => b - a);
    return logits[0]! - logits[1]!;
  } finally {
    await loaded.dispose();
  }
}
