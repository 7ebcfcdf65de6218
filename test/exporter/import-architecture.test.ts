// Importing ONNX back: each raise refuses, with a coded one-line error naming the node, the ONNX
// it does not write. Every case starts from a naive export of one small network that uses every
// pattern, and changes one thing in it.
import { describe, expect, it } from 'vitest';
import { exportArchitecture } from '../../exporter/export-model.ts';
import { importArchitecture } from '../../exporter/import-architecture.ts';
import { onnx, type OnnxTypes } from '../../exporter/onnx/proto.ts';
import { readOnnxModel } from '../../exporter/onnx/read-model.ts';
import { ArchitectureBuilder } from '../../search/architecture/builder.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { isMemnasError, type ErrorCode } from '../../search/errors.ts';

function tinyArch() {
  const b = new ArchitectureBuilder('tiny', [6, 6, 2], 3);
  const conv = b.conv(b.input, 4, 3, { useBias: true });
  const act = b.activation(b.batchNorm(conv), 'relu6');
  const dw = b.depthwise(act, 3);
  const cat = b.concat([b.pool(dw, 'max', 3, 2, 'valid'), b.pool(act, 'avg', 3, 2, 'valid')]);
  const pooled = b.dense(b.globalPool(act, 'max'), 3);
  return parseArchitecture(b.build(b.add([b.dense(b.flatten(cat), 3), pooled])));
}

const arch = tinyArch();
const weights = randomWeights(arch, 1);
const bytes = exportArchitecture(arch, weights, { lean: false }).bytes;

/** The export with one change made to its graph. */
function changed(change: (g: OnnxTypes.IGraphProto) => void): Uint8Array {
  const model = readOnnxModel(bytes);
  change(model.graph!);
  return onnx.ModelProto.encode(model).finish();
}

const nodeOf = (g: OnnxTypes.IGraphProto, opType: string): OnnxTypes.INodeProto =>
  g.node!.find((n) => n.opType === opType)!;
const initializerOf = (g: OnnxTypes.IGraphProto, name: string): OnnxTypes.ITensorProto =>
  g.initializer!.find((t) => t.name === name)!;
const setAttr = (n: OnnxTypes.INodeProto, name: string, value: { i?: number; ints?: number[] }): void => {
  n.attribute = [
    ...(n.attribute ?? []).filter((a) => a.name !== name),
    onnx.AttributeProto.create({ name, ...value }),
  ];
};

function expectRefused(input: Uint8Array, code: ErrorCode, message: RegExp): void {
  let error: unknown;
  try {
    importArchitecture(input);
  } catch (e) {
    error = e;
  }
  expect(isMemnasError(error) && error.code).toBe(code);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

describe('importArchitecture', () => {
  it('imports the unchanged export (re-encoded) as the architecture and weights', () => {
    const back = importArchitecture(changed(() => {}));
    expect(back.architecture.nodes).toEqual(arch.nodes);
    expect(back.weights).toEqual(weights);
  });

  it('refuses operators no raise reads', () => {
    const input = changed((g) => (nodeOf(g, 'MaxPool').opType = 'LpPool'));
    expectRefused(
      input,
      'ONNX_UNSUPPORTED_OP',
      /'maxPool' \(LpPool\): operator not in memnas export patterns/,
    );
  });
});

describe('importArchitecture: each raise refuses the ONNX it does not write', () => {
  it('conv: refuses grouped convolutions that are not depthwise', () => {
    const input = changed((g) => setAttr(nodeOf(g, 'Conv'), 'group', { i: 2 }));
    expectRefused(input, 'ONNX_UNSUPPORTED_OP', /\(Conv\): group 2 is neither 1 nor depthwise/);
  });

  it("conv: refuses pads that are neither 'same' nor 'valid'", () => {
    const input = changed((g) => setAttr(nodeOf(g, 'Conv'), 'pads', { ints: [1, 0, 0, 0] }));
    expectRefused(input, 'ONNX_UNSUPPORTED_OP', /pads \[1, 0, 0, 0\] are neither 'same' nor 'valid'/);
  });

  it('conv: refuses a weight that is not 4-D, or not an initializer', () => {
    const flat = changed((g) => (initializerOf(g, nodeOf(g, 'Conv').input![1]!).dims = [4, 2, 9]));
    expectRefused(flat, 'ONNX_UNSUPPORTED_OP', /weight dims \[4, 2, 9\] are not 4-D/);
    const activation = changed((g) => (nodeOf(g, 'Conv').input![1] = 'input'));
    expectRefused(activation, 'ONNX_UNSUPPORTED_OP', /input 1 \('input'\) is not an initializer/);
  });

  it('pool: refuses a window that is not 2-D', () => {
    const input = changed((g) => setAttr(nodeOf(g, 'AveragePool'), 'kernel_shape', { ints: [3, 3, 3] }));
    expectRefused(
      input,
      'ONNX_UNSUPPORTED_OP',
      /\(AveragePool\): 'kernel_shape' \[3, 3, 3\] is not a 2-D window/,
    );
  });

  it('activation: refuses a Clip other than (0, 6)', () => {
    const input = changed((g) => {
      initializerOf(g, 'const.six').rawData = new Uint8Array(new Float32Array([5]).buffer);
    });
    expectRefused(input, 'ONNX_UNSUPPORTED_OP', /\(Clip\): only Clip\(0, 6\) is imported/);
  });

  it('concat: refuses concatenation along another axis', () => {
    const input = changed((g) => setAttr(nodeOf(g, 'Concat'), 'axis', { i: 2 }));
    expectRefused(input, 'ONNX_UNSUPPORTED_OP', /only channel concatenation is imported/);
  });

  it('dense: refuses a transposed Gemm', () => {
    const input = changed((g) => setAttr(nodeOf(g, 'Gemm'), 'transB', { i: 1 }));
    expectRefused(input, 'ONNX_UNSUPPORTED_OP', /\(Gemm\): only plain Gemm is imported/);
  });

  it('refuses a Cast of an activation, and inputs no imported node produces', () => {
    const cast = changed((g) => (nodeOf(g, 'Clip').opType = 'Cast'));
    expectRefused(cast, 'ONNX_UNSUPPORTED_OP', /only a Cast of an initializer/);
    const dangling = changed((g) => (nodeOf(g, 'Concat').input![0] = 'ghost'));
    expectRefused(dangling, 'ONNX_UNSUPPORTED_OP', /input 'ghost' is not produced by an imported node/);
  });

  it('refuses a graph without an NCHW image input', () => {
    const threeD = changed((g) => g.input![0]!.type!.tensorType!.shape!.dim!.pop());
    expectRefused(threeD, 'ONNX_UNSUPPORTED_OP', /graph input 'input' has 3 dims/);
    const none = changed((g) => (g.input = []));
    expectRefused(none, 'ONNX_INVALID', /no image input/);
  });
});
