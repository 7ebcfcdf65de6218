// onnxruntime-node's optimized graph (InferenceRuntime.optimize): what the runtime itself runs.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readOnnxModel } from '../../../exporter/onnx/read-model.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../../profiler-agent/defaults.ts';
import { nodeRuntimes } from '../../../profiler-agent/runtime/index.ts';
import { spaceMember } from '../../fixtures/onnx/calibration-test-set.ts';
import { CORRUPT_MODEL } from '../fixtures.ts';

const leftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith('memnas-optimized-'));

describe('ort-node optimize', () => {
  it('returns the graph it runs, which it loads again, and leaves no file behind', async () => {
    const runtime = await nodeRuntimes().resolve('ort-node');
    const before = leftovers().length;
    const { bytes } = spaceMember(4);
    const optimized = await runtime.optimize!(bytes, DEFAULT_SESSION_OPTIONS);
    const nodes = readOnnxModel(optimized).graph?.node ?? [];
    // Its fusions fold every ReLU into the convolution before it: none is left as its own node.
    expect(readOnnxModel(bytes).graph?.node?.some((n) => n.opType === 'Relu')).toBe(true);
    expect(nodes.some((n) => n.opType === 'Relu')).toBe(false);
    await (await runtime.load(optimized, DEFAULT_SESSION_OPTIONS)).dispose();
    expect(leftovers().length).toBe(before);
  });

  it('rejects bytes that are no model as MODEL_INVALID, leaving no file behind', async () => {
    const runtime = await nodeRuntimes().resolve('ort-node');
    const before = leftovers().length;
    await expect(runtime.optimize!(CORRUPT_MODEL, DEFAULT_SESSION_OPTIONS)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
    });
    expect(leftovers().length).toBe(before);
  });
});
