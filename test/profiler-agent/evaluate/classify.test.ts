// The evaluate job's classifier on onnxruntime-node: a model that flattens its input, so the top-1
// class of a sample is the index of its largest value — uint8 (× scale) and float32 blobs, in
// batches that do not divide the sample count, in this process and in the child process.
import { describe, expect, it } from 'vitest';
import { OnnxModelBuilder, attr } from '../../../exporter/onnx/model-builder.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../../profiler-agent/defaults.ts';
import { classifyBlob } from '../../../profiler-agent/evaluate/classify.ts';
import { evaluateModel } from '../../../profiler-agent/evaluate/run-evaluate.ts';
import { nodeRuntimes } from '../../../profiler-agent/runtime/index.ts';

/** x [N, 1, 2, 2] → Flatten → y [N, 4]. */
const model = new OnnxModelBuilder()
  .input('x', ['N', 1, 2, 2])
  .node('Flatten', ['x'], ['y'], { axis: attr.int(1) })
  .output('y', ['N', 4])
  .toBytes();

const SAMPLES = 7;
const expected = Array.from({ length: SAMPLES }, (_, s) => (s * 3) % 4);
/** Sample s has its largest value at (s·3) mod 4. */
const bytes = new Uint8Array(SAMPLES * 4);
expected.forEach((k, s) => {
  for (let j = 0; j < 4; j++) bytes[s * 4 + j] = j === k ? 200 + s : 10 * j;
});
const floats = new Float32Array(bytes.length);
bytes.forEach((b, i) => (floats[i] = b / 255));
const floatBlob = new Uint8Array(floats.buffer);
const dims = [SAMPLES, 1, 2, 2];

describe('classifyBlob', () => {
  it('returns the top-1 class of every sample of uint8 and float32 blobs', async () => {
    const runtime = await nodeRuntimes().resolve('auto');
    const loaded = await runtime.load(model, DEFAULT_SESSION_OPTIONS);
    try {
      const u = await classifyBlob(loaded, bytes, { dtype: 'uint8', dims, scale: 1 / 255 }, 3);
      expect(u.predictions).toEqual(expected);
      expect(u.samples).toBe(SAMPLES);
      expect(u.batch).toBe(3);
      const f = await classifyBlob(loaded, floatBlob, { dtype: 'float32', dims, scale: 1 }, 4);
      expect(f.predictions).toEqual(expected);
      await expect(
        classifyBlob(loaded, bytes.subarray(1), { dtype: 'uint8', dims, scale: 1 }),
      ).rejects.toThrow(/holds 27 bytes; uint8 of dims 7×1×2×2 needs 28/);
      await expect(
        classifyBlob(loaded, bytes, { dtype: 'uint8', dims: [SAMPLES, 4, 1, 1], scale: 1 }),
      ).rejects.toThrow(/takes samples of 1×2×2, the job sends 4×1×1/);
    } finally {
      await loaded.dispose();
    }
  });

  it('runs in a child process and reports a bad model as a typed error', async () => {
    const e = await evaluateModel(model, bytes, { dtype: 'uint8', dims, scale: 1 / 255 });
    expect(e.predictions).toEqual(expected);
    expect(e.inferenceMs).toBeGreaterThan(0);
    await expect(
      evaluateModel(new Uint8Array([1, 2, 3]), bytes, { dtype: 'uint8', dims, scale: 1 }),
    ).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  }, 30_000);
});
