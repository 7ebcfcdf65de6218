import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { TRIVIAL_MODEL } from '../../../profiler-agent/measure/trivial-model.ts';

const { onnx } = onnxProto;

describe('the hand-encoded trivial model', () => {
  it('decodes as a one-node Relu ONNX model with a dynamic batch', () => {
    const model = onnx.ModelProto.decode(TRIVIAL_MODEL);
    expect(Number(model.irVersion)).toBe(8);
    expect(Number(model.opsetImport[0]!.version)).toBe(13);
    const graph = model.graph as InstanceType<typeof onnx.GraphProto>;
    const ops = graph.node.map((n) => n.opType);
    expect(ops).toEqual(['Relu']);
    expect(graph.input[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam).toBe('N');
  });

  it('runs in onnxruntime-node at any batch size', async () => {
    const session = await ort.InferenceSession.create(TRIVIAL_MODEL);
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.of(-1, 2, -3, 4, 5, -6, 7, -8), [2, 4]),
    });
    expect(out.y!.dims).toEqual([2, 4]);
    expect([...(out.y!.data as Float32Array)]).toEqual([0, 2, 0, 4, 5, 0, 7, 0]);
    await session.release();
  });
});
