// Shape inference over whole graphs: every tensor of every public-architecture fixture agrees with
// onnxruntime-node at batch 2, the fixtures pass onnx.checker (when Python's onnx is installed), and
// graphs memnas cannot size fail with a clear, typed error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attr, OnnxModelBuilder } from '../../../../exporter/onnx/model-builder.ts';
import { onnx } from '../../../../exporter/onnx/proto.ts';
import { readOnnxModel } from '../../../../exporter/onnx/read-model.ts';
import { inferGraph } from '../../../../exporter/onnx/shape-inference/infer-graph.ts';
import { DataType } from '../../../../exporter/onnx/tensor-info.ts';
import { MemnasError } from '../../../../search/errors.ts';
import { PUBLIC_ARCHITECTURES, pytorchClassifierHead } from '../../../fixtures/onnx/public-architectures.ts';
import { runtimeTensors } from '../ort-shapes.ts';

const RUNTIME_TYPE: Readonly<Record<string, number>> = {
  float32: DataType.FLOAT,
  int64: DataType.INT64,
  bool: DataType.BOOL,
};

describe('public-architecture fixtures: inferred shapes equal onnxruntime-node at batch 2', () => {
  for (const make of PUBLIC_ARCHITECTURES) {
    const fixture = make();
    it(fixture.name, async () => {
      const inferred = inferGraph(readOnnxModel(fixture.bytes), 2);
      const runtime = await runtimeTensors(fixture.bytes, { [fixture.input]: [2, ...fixture.inputDims] });
      const nodeOutputs =
        onnx.ModelProto.decode(fixture.bytes).graph?.node?.flatMap((n) => n.output ?? []) ?? [];
      expect(runtime.size).toBe(nodeOutputs.length);
      for (const [name, t] of runtime) {
        const got = inferred.shapes.get(name);
        expect({ name, dims: got?.dims, dtype: got?.dtype }).toEqual({
          name,
          dims: t.dims,
          dtype: RUNTIME_TYPE[t.type],
        });
      }
    });
  }
});

const hasPythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;

describe('public-architecture fixtures pass onnx.checker (full_check)', () => {
  if (!hasPythonOnnx) {
    console.warn('skipping onnx.checker: /usr/bin/python3 has no onnx module (apt-get install python3-onnx)');
  }
  it.skipIf(!hasPythonOnnx)('check_model(m, full_check=True) accepts every fixture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memnas-onnx-'));
    try {
      const paths = PUBLIC_ARCHITECTURES.map((make) => {
        const f = make();
        const path = join(dir, `${f.name}.onnx`);
        writeFileSync(path, f.bytes);
        return path;
      });
      const script =
        'import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\n';
      const result = spawnSync('/usr/bin/python3', ['-c', script, ...paths], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function failure(build: (b: OnnxModelBuilder) => void, opset = 13): MemnasError {
  const b = new OnnxModelBuilder({ opset });
  build(b);
  try {
    inferGraph(readOnnxModel(b.toBytes()), 1);
  } catch (e) {
    if (e instanceof MemnasError) return e;
    throw e;
  }
  throw new Error('inference succeeded');
}

describe('inferGraph', () => {
  it('folds the Shape → Gather → Unsqueeze → Concat chain to a concrete target shape', () => {
    const fixture = pytorchClassifierHead();
    const model = readOnnxModel(fixture.bytes);
    const reshape = model.graph?.node?.find((n) => n.opType === 'Reshape');
    for (const batch of [1, 5]) {
      const shapes = inferGraph(model, batch).shapes;
      expect(shapes.get(reshape?.input?.[1] ?? '')?.value).toEqual([batch, -1]);
      expect(shapes.get(reshape?.output?.[0] ?? '')?.dims).toEqual([batch, 48]);
    }
  });

  it('gives the batch to a dim_param, a zero or an absent dim at axis 0', () => {
    const model = new OnnxModelBuilder()
      .input('x', ['batch', 3])
      .node('Relu', ['x'], ['y'])
      .output('y')
      .toModel();
    expect(inferGraph(model, 4).shapes.get('y')?.dims).toEqual([4, 3]);
    const dim0 = model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
    if (dim0) {
      dim0.dimParam = '';
      dim0.dimValue = 0;
    }
    const reread = readOnnxModel(onnx.ModelProto.encode(model).finish());
    expect(inferGraph(reread, 6).shapes.get('y')?.dims).toEqual([6, 3]);
  });

  it('treats initializers also listed as graph inputs as parameters', () => {
    const b = new OnnxModelBuilder()
      .input('x', ['N', 2])
      .input('w', [2, 2])
      .initializer('w', [2, 2], new Float32Array(4));
    const inferred = inferGraph(b.node('MatMul', ['x', 'w'], ['y']).output('y').toModel(), 3);
    expect(inferred.inputs).toEqual(['x']);
    expect([...inferred.initializers]).toEqual(['w']);
  });

  it('names an unknown operator', () => {
    const err = failure((b) =>
      b.input('x', ['N', 3]).node('FooBar', ['x'], ['y'], {}, { name: 'bar' }).output('y'),
    );
    expect(err.code).toBe('ONNX_UNSUPPORTED_OP');
    expect(err.message).toBe("cannot size operator 'FooBar' (node 'bar'): memnas has no shape rule for it");
  });

  it('names an operator of an unknown domain', () => {
    const err = failure((b) =>
      b
        .input('x', ['N', 3])
        .node('FusedConv', ['x'], ['y'], {}, { name: 'fc', domain: 'com.microsoft' })
        .output('y'),
    );
    expect(err.code).toBe('ONNX_UNSUPPORTED_OP');
    expect(err.message).toMatch(/'com\.microsoft\.FusedConv' \(node 'fc'\).*domain 'com\.microsoft'/);
  });

  it('names control flow it cannot size', () => {
    const model = new OnnxModelBuilder()
      .input('x', ['N', 3])
      .node('Relu', ['x'], ['y'])
      .output('y')
      .toModel();
    model.graph?.node?.push(
      onnx.NodeProto.create({
        name: 'branch',
        opType: 'If',
        input: ['x'],
        output: ['z'],
        attribute: [
          { name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: { name: 'then' } },
        ],
      }),
    );
    expect(() => inferGraph(model, 1)).toThrow(
      /cannot size operator 'If' \(node 'branch'\): it runs subgraphs/,
    );
  });

  it('rejects a symbolic non-batch dimension', () => {
    const err = failure((b) =>
      b.input('image', ['N', 3, 'height', 32]).node('Relu', ['image'], ['y']).output('y'),
    );
    expect(err.code).toBe('ONNX_SHAPE');
    expect(err.message).toMatch(/graph input 'image' has symbolic dimension 'height' at axis 2/);
  });

  it('refuses to guess a shape computed from data', () => {
    const err = failure((b) =>
      b
        .input('x', ['N', 6])
        .input('s', [2], DataType.INT64)
        .node('Reshape', ['x', 's'], ['y'], {}, { name: 'r' })
        .output('y'),
    );
    expect(err.code).toBe('ONNX_UNSUPPORTED_OP');
    expect(err.message).toMatch(
      /cannot size operator 'Reshape' \(node 'r'\): its target shape \(input 's'\) is not a constant/,
    );
  });

  it('reports inconsistent shapes', () => {
    const err = failure((b) => {
      b.input('x', ['N', 3, 8, 8]).initializer('w', [4, 2, 3, 3], new Float32Array(72));
      b.node('Conv', ['x', 'w'], ['y'], { group: attr.int(1) }, { name: 'c1' }).output('y');
    });
    expect(err.code).toBe('ONNX_SHAPE');
    expect(err.message).toMatch(/node 'c1'.*3 channels/);
  });

  it('rejects nodes out of topological order and dangling inputs', () => {
    const order = failure((b) =>
      b
        .input('x', ['N', 3])
        .node('Relu', ['h'], ['y'], {}, { name: 'second' })
        .node('Relu', ['x'], ['h'], {}, { name: 'first' })
        .output('y'),
    );
    expect(order.code).toBe('ONNX_INVALID');
    expect(order.message).toMatch(
      /'second' reads 'h' before node 'first' produces it.*not in topological order/,
    );
    const dangling = failure((b) => b.input('x', ['N', 3]).node('Add', ['x', 'ghost'], ['y']).output('y'));
    expect(dangling.message).toMatch(/'ghost', which no node, initializer or graph input provides/);
  });

  it('skips empty optional inputs and outputs', () => {
    const model = new OnnxModelBuilder()
      .input('x', ['N', 4, 3])
      .node('Clip', ['x', '', ''], ['c'])
      .node('Dropout', ['c'], ['y', ''])
      .output('y')
      .toModel();
    expect(inferGraph(model, 2).shapes.get('y')?.dims).toEqual([2, 4, 3]);
  });
});
