// readOnnxModel rejects what is not a usable ONNX model with ONNX_INVALID and a message naming
// the problem: truncation, random bytes, text, empty graphs, externally stored weights.
import { describe, expect, it } from 'vitest';
import { OnnxModelBuilder } from '../../../exporter/onnx/model-builder.ts';
import { onnx } from '../../../exporter/onnx/proto.ts';
import { readOnnxModel } from '../../../exporter/onnx/read-model.ts';
import { MemnasError } from '../../../search/errors.ts';
import { seededRandom } from '../../fixtures/onnx/fixture-net.ts';
import { resNetBasicBlocks } from '../../fixtures/onnx/public-architectures.ts';

function rejection(bytes: Uint8Array): MemnasError {
  try {
    readOnnxModel(bytes);
  } catch (e) {
    if (e instanceof MemnasError) return e;
    throw e;
  }
  throw new Error('readOnnxModel accepted the bytes');
}

describe('readOnnxModel', () => {
  const good = resNetBasicBlocks().bytes;

  it('reads a well-formed model', () => {
    const model = readOnnxModel(good);
    expect(model.graph?.node?.length).toBeGreaterThan(10);
    expect(model.opsetImport[0]?.version).toBeDefined();
  });

  it('rejects truncated files at many cut points', () => {
    for (const fraction of [0.999, 0.9, 0.5, 0.1, 0.01]) {
      const err = rejection(good.subarray(0, Math.floor(good.length * fraction)));
      expect(err.code).toBe('ONNX_INVALID');
      expect(err.message).toMatch(/truncated|not an ONNX model|no graph|no nodes|no outputs/);
    }
  });

  it('rejects random bytes', () => {
    const rand = seededRandom(42);
    for (let trial = 0; trial < 50; trial++) {
      const bytes = Uint8Array.from({ length: 64 + trial * 37 }, () => Math.floor(rand() * 256));
      const err = rejection(bytes);
      expect(err.code).toBe('ONNX_INVALID');
      expect(err.message).toMatch(/ONNX/);
    }
  });

  it('rejects a text file', () => {
    const text = new TextEncoder().encode('ir_version: 7\ngraph {\n  node { op_type: "Relu" }\n}\n');
    const err = rejection(text);
    expect(err.code).toBe('ONNX_INVALID');
    expect(err.message).toMatch(/not an ONNX model/);
  });

  it('rejects an empty file and a model with an empty graph', () => {
    expect(rejection(new Uint8Array(0)).message).toMatch(/empty/);
    const empty = new OnnxModelBuilder().input('x', ['N', 3]).output('x').toBytes();
    const err = rejection(empty);
    expect(err.code).toBe('ONNX_INVALID');
    expect(err.message).toMatch(/graph is empty/);
  });

  it('rejects a model without opset imports', () => {
    const model = new OnnxModelBuilder()
      .input('x', ['N', 3])
      .node('Relu', ['x'], ['y'])
      .output('y')
      .toModel();
    model.opsetImport = [];
    expect(rejection(onnx.ModelProto.encode(model).finish()).message).toMatch(/opset/);
  });

  it('explains externally stored initializers', () => {
    const model = new OnnxModelBuilder()
      .input('x', ['N', 3])
      .node('Relu', ['x'], ['y'])
      .output('y')
      .toModel();
    model.graph?.initializer?.push(
      onnx.TensorProto.create({
        name: 'w',
        dims: [3],
        dataType: 1,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [{ key: 'location', value: 'weights.bin' }],
      }),
    );
    const err = rejection(onnx.ModelProto.encode(model).finish());
    expect(err.code).toBe('ONNX_INVALID');
    expect(err.message).toMatch(/'w'.*external file \(weights\.bin\)/);
  });
});
