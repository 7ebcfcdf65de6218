// The ONNX builder writes models that decode to what was asked for: dynamic batch dims, raw
// little-endian initializers, typed attributes; and onnxruntime-node runs them.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr, OnnxModelBuilder } from '../../../exporter/onnx/model-builder.ts';
import { int64, onnx } from '../../../exporter/onnx/proto.ts';

function sample(): OnnxModelBuilder {
  return new OnnxModelBuilder()
    .input('x', ['N', 2, 4, 4])
    .initializer('w', [3, 2, 1, 1], Float32Array.from([1, 2, 3, 4, 5, 6]))
    .node('Conv', ['x', 'w'], ['c'], { strides: attr.ints([2, 2]), group: attr.int(1) })
    .node('LeakyRelu', ['c'], ['y'], { alpha: attr.float(0.25) })
    .output('y', ['N', 3, 2, 2]);
}

describe('OnnxModelBuilder', () => {
  it('writes IR 7, opset 13, a dynamic batch and typed attributes', () => {
    const model = onnx.ModelProto.decode(sample().toBytes());
    expect(int64(model.irVersion)).toBe(7);
    expect(model.opsetImport.map((o) => [o.domain, int64(o.version)])).toEqual([['', 13]]);
    const dims = model.graph?.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
    expect(dims[0]?.dimParam).toBe('N');
    expect(dims.slice(1).map((d) => int64(d.dimValue))).toEqual([2, 4, 4]);
    const [conv, relu] = model.graph?.node ?? [];
    expect(conv?.attribute?.find((a) => a.name === 'strides')?.type).toBe(
      onnx.AttributeProto.AttributeType.INTS,
    );
    expect(conv?.attribute?.find((a) => a.name === 'group')?.type).toBe(
      onnx.AttributeProto.AttributeType.INT,
    );
    expect(relu?.attribute?.[0]?.type).toBe(onnx.AttributeProto.AttributeType.FLOAT);
    expect(relu?.attribute?.[0]?.f).toBe(0.25);
  });

  it('stores initializers as little-endian raw_data', () => {
    const w = onnx.ModelProto.decode(sample().toBytes()).graph?.initializer?.[0];
    const raw = w?.rawData ?? new Uint8Array();
    expect(raw.length).toBe(24);
    expect(new DataView(raw.buffer, raw.byteOffset).getFloat32(4, true)).toBe(2);
  });

  it('rejects data that does not fill the dims', () => {
    expect(() => new OnnxModelBuilder().initializer('w', [2, 2], new Float32Array(3))).toThrow(
      /'w' has 3 values/,
    );
  });

  it('produces models onnxruntime-node runs at any batch', async () => {
    const session = await ort.InferenceSession.create(sample().toBytes());
    for (const batch of [1, 3]) {
      const x = new ort.Tensor('float32', new Float32Array(batch * 32).fill(1), [batch, 2, 4, 4]);
      const { y } = await session.run({ x });
      expect(y?.dims).toEqual([batch, 3, 2, 2]);
      // Channel 1 of the 1×1 conv sums weights 3 and 4 over the two all-ones input channels.
      expect((y?.data as Float32Array)[4]).toBe(7);
    }
    await session.release();
  });
});
