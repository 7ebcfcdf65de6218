// Every operator rule checked against onnxruntime-node: a one- or two-node model per case, run at
// batch 2 with every tensor exposed, and each inferred dims compared with what the runtime produced.
import { describe, expect, it } from 'vitest';
import { attr, OnnxModelBuilder } from '../../../../exporter/onnx/model-builder.ts';
import { readOnnxModel } from '../../../../exporter/onnx/read-model.ts';
import { inferGraph } from '../../../../exporter/onnx/shape-inference/infer-graph.ts';
import { runtimeTensors } from '../ort-shapes.ts';

interface OpCase {
  readonly name: string;
  readonly opset?: number;
  /** Float graph inputs → dims without the batch axis. */
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  readonly build: (b: OnnxModelBuilder) => void;
  readonly output: string;
}

const f32 = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 10);
const weight = (b: OnnxModelBuilder, name: string, dims: number[]): void => {
  b.initializer(name, dims, f32(dims.reduce((a, d) => a * d, 1)));
};
const ints = attr.ints;

const CASES: readonly OpCase[] = [
  {
    name: 'Conv strided, asymmetric pads, dilated',
    inputs: { x: [4, 11, 13] },
    build: (b) => {
      weight(b, 'w', [6, 4, 3, 3]);
      b.node('Conv', ['x', 'w'], ['y'], {
        strides: ints([2, 3]),
        pads: ints([0, 1, 2, 1]),
        dilations: ints([2, 1]),
      });
    },
    output: 'y',
  },
  {
    name: 'Conv grouped (depthwise) with bias',
    inputs: { x: [6, 9, 9] },
    build: (b) => {
      weight(b, 'w', [12, 1, 3, 3]);
      weight(b, 'bias', [12]);
      b.node('Conv', ['x', 'w', 'bias'], ['y'], { group: attr.int(6), pads: ints([1, 1, 1, 1]) });
    },
    output: 'y',
  },
  ...['SAME_UPPER', 'SAME_LOWER', 'VALID'].map((autoPad) => ({
    name: `Conv auto_pad ${autoPad}`,
    inputs: { x: [2, 10, 7] },
    build: (b: OnnxModelBuilder) => {
      weight(b, 'w', [3, 2, 4, 3]);
      b.node('Conv', ['x', 'w'], ['y'], { auto_pad: attr.string(autoPad), strides: ints([3, 2]) });
    },
    output: 'y',
  })),
  {
    name: 'Conv 1-D',
    inputs: { x: [3, 20] },
    build: (b) => {
      weight(b, 'w', [5, 3, 5]);
      b.node('Conv', ['x', 'w'], ['y'], { strides: ints([2]), pads: ints([2, 2]) });
    },
    output: 'y',
  },
  {
    name: 'ConvTranspose strided with output_padding',
    inputs: { x: [4, 5, 6] },
    build: (b) => {
      weight(b, 'w', [4, 3, 3, 3]);
      b.node('ConvTranspose', ['x', 'w'], ['y'], {
        strides: ints([2, 2]),
        pads: ints([1, 1, 1, 1]),
        output_padding: ints([1, 0]),
      });
    },
    output: 'y',
  },
  {
    name: 'MaxPool ceil_mode drops a window starting in the padding',
    inputs: { x: [2, 5, 6] },
    build: (b) =>
      b.node('MaxPool', ['x'], ['y'], {
        kernel_shape: ints([2, 2]),
        strides: ints([2, 2]),
        pads: ints([1, 1, 1, 1]),
        ceil_mode: attr.int(1),
      }),
    output: 'y',
  },
  {
    name: 'MaxPool ceil_mode, dilations, indices output',
    opset: 12,
    inputs: { x: [2, 33, 17] },
    build: (b) =>
      b.node('MaxPool', ['x'], ['y', 'idx'], {
        kernel_shape: ints([3, 3]),
        strides: ints([2, 2]),
        dilations: ints([2, 1]),
        ceil_mode: attr.int(1),
      }),
    output: 'y',
  },
  {
    name: 'AveragePool auto_pad SAME_UPPER',
    inputs: { x: [3, 9, 10] },
    build: (b) =>
      b.node('AveragePool', ['x'], ['y'], {
        kernel_shape: ints([3, 2]),
        strides: ints([2, 3]),
        auto_pad: attr.string('SAME_UPPER'),
      }),
    output: 'y',
  },
  {
    name: 'AveragePool floor with pads, then global pools',
    inputs: { x: [3, 9, 10] },
    build: (b) => {
      b.node('AveragePool', ['x'], ['p'], {
        kernel_shape: ints([3, 3]),
        strides: ints([2, 2]),
        pads: ints([1, 0, 1, 0]),
      });
      b.node('GlobalAveragePool', ['p'], ['g']);
      b.node('GlobalMaxPool', ['x'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Gemm transA transB with bias',
    inputs: { x: [5] },
    build: (b) => {
      weight(b, 'a', [3, 2]);
      weight(b, 'w', [4, 3]);
      weight(b, 'c', [4]);
      b.node('Transpose', ['x'], ['xt'], { perm: ints([1, 0]) });
      b.node('Gemm', ['xt', 'x'], ['g1'], { transA: attr.int(0) });
      b.node('Gemm', ['a', 'w', 'c'], ['y'], { transA: attr.int(1), transB: attr.int(1) });
    },
    output: 'y',
  },
  {
    name: 'MatMul broadcasting and 1-D operands',
    inputs: { x: [1, 3, 4] },
    build: (b) => {
      weight(b, 'w', [5, 4, 6]);
      weight(b, 'v', [6]);
      b.node('MatMul', ['x', 'w'], ['m']);
      b.node('MatMul', ['m', 'v'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Reshape with 0 and -1, Flatten at axis 2',
    inputs: { x: [6, 4, 5] },
    build: (b) => {
      b.int64Initializer('shape', [3], [0, -1, 10]);
      b.node('Reshape', ['x', 'shape'], ['r']);
      b.node('Flatten', ['x'], ['y'], { axis: attr.int(2) });
    },
    output: 'y',
  },
  {
    name: 'Transpose default and given perm',
    inputs: { x: [3, 4, 5] },
    build: (b) => {
      b.node('Transpose', ['x'], ['t']);
      b.node('Transpose', ['x'], ['y'], { perm: ints([0, 3, 1, 2]) });
    },
    output: 'y',
  },
  {
    name: 'Split by input sizes (opset 13) and equally',
    inputs: { x: [10, 4] },
    build: (b) => {
      b.int64Initializer('sizes', [3], [2, 3, 5]);
      b.node('Split', ['x', 'sizes'], ['s1', 's2', 's3'], { axis: attr.int(1) });
      b.node('Split', ['x'], ['e1', 'y'], { axis: attr.int(-1) });
    },
    output: 'y',
  },
  {
    name: 'Split by attribute (opset 11)',
    opset: 11,
    inputs: { x: [7, 4] },
    build: (b) => b.node('Split', ['x'], ['y', 's2'], { axis: attr.int(1), split: ints([3, 4]) }),
    output: 'y',
  },
  {
    name: 'Split num_outputs with a short last chunk (opset 18)',
    opset: 18,
    inputs: { x: [7, 4] },
    build: (b) => b.node('Split', ['x'], ['y', 's2', 's3'], { axis: attr.int(1), num_outputs: attr.int(3) }),
    output: 'y',
  },
  {
    name: 'Slice by inputs with negative step and clamped ends',
    inputs: { x: [10, 8] },
    build: (b) => {
      b.int64Initializer('starts', [2], [-1, 1]);
      b.int64Initializer('ends', [2], [-100, 1000]);
      b.int64Initializer('axes', [2], [1, 2]);
      b.int64Initializer('steps', [2], [-3, 2]);
      b.node('Slice', ['x', 'starts', 'ends', 'axes', 'steps'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Slice by attributes (opset 9)',
    opset: 9,
    inputs: { x: [10, 8] },
    build: (b) =>
      b.node('Slice', ['x'], ['y'], { starts: ints([2, -3]), ends: ints([7, 100]), axes: ints([1, 2]) }),
    output: 'y',
  },
  {
    name: 'Pad by input (opset 13)',
    inputs: { x: [3, 5] },
    build: (b) => {
      b.int64Initializer('pads', [6], [0, 1, 2, 0, 3, 0]);
      b.node('Pad', ['x', 'pads'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Pad by attribute (opset 10)',
    opset: 10,
    inputs: { x: [3, 5] },
    build: (b) =>
      b.node('Pad', ['x'], ['y'], { pads: ints([0, 1, 2, 0, 1, 3]), mode: attr.string('reflect') }),
    output: 'y',
  },
  {
    name: 'Unsqueeze and Squeeze by input (opset 13)',
    inputs: { x: [3, 1, 5] },
    build: (b) => {
      b.int64Initializer('ax', [2], [0, -1]);
      b.int64Initializer('sq', [1], [2]);
      b.node('Unsqueeze', ['x', 'ax'], ['u']);
      b.node('Squeeze', ['x', 'sq'], ['s']);
      b.node('Squeeze', ['u'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Unsqueeze and Squeeze by attribute (opset 11)',
    opset: 11,
    inputs: { x: [3, 1, 5] },
    build: (b) => {
      b.node('Unsqueeze', ['x'], ['u'], { axes: ints([1, 4]) });
      b.node('Squeeze', ['u'], ['y'], { axes: ints([1, 3]) });
    },
    output: 'y',
  },
  {
    name: 'ReduceMean by attribute, ReduceSum by input, ReduceMax all axes',
    inputs: { x: [3, 4, 5] },
    build: (b) => {
      b.int64Initializer('axes', [1], [-1]);
      b.node('ReduceMean', ['x'], ['m'], { axes: ints([2, 3]), keepdims: attr.int(0) });
      b.node('ReduceSum', ['x', 'axes'], ['s']);
      b.node('ReduceMax', ['x'], ['y'], { keepdims: attr.int(1) });
    },
    output: 'y',
  },
  {
    name: 'Resize by scales and by sizes, Upsample',
    inputs: { x: [3, 5, 7] },
    build: (b) => {
      b.initializer('roi', [0], new Float32Array(0));
      b.initializer('scales', [4], Float32Array.of(1, 1, 2, 1.5));
      b.int64Initializer('sizes', [4], [2, 3, 4, 9]);
      b.node('Resize', ['x', 'roi', 'scales'], ['r1'], { mode: attr.string('nearest') });
      b.node('Resize', ['x', '', '', 'sizes'], ['y'], { mode: attr.string('linear') });
    },
    output: 'y',
  },
  {
    name: 'Upsample with scales input (opset 9)',
    opset: 9,
    inputs: { x: [3, 5, 7] },
    build: (b) => {
      b.initializer('scales', [4], Float32Array.of(1, 1, 2, 3));
      b.node('Upsample', ['x', 'scales'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Concat, Where and numpy broadcasting',
    inputs: { x: [3, 1, 5], z: [1, 4, 1] },
    build: (b) => {
      b.node('Concat', ['x', 'x'], ['c'], { axis: attr.int(-1) });
      b.node('Add', ['x', 'z'], ['s']);
      b.node('Greater', ['x', 'z'], ['g']);
      b.node('Where', ['g', 'x', 'z'], ['w']);
      b.node('Max', ['x', 'z', 'w'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Element-wise family',
    opset: 14,
    inputs: { x: [3, 4] },
    build: (b) => {
      const unary = [
        'Relu',
        'Sigmoid',
        'Tanh',
        'HardSwish',
        'HardSigmoid',
        'Elu',
        'Selu',
        'Erf',
        'Exp',
        'Abs',
        'Neg',
        'Identity',
        'Softmax',
        'LogSoftmax',
      ];
      unary.forEach((op) => b.node(op, ['x'], [`u_${op}`]));
      b.node('LeakyRelu', ['x'], ['lr'], { alpha: attr.float(0.2) });
      b.node('Clip', ['x'], ['c']);
      b.node('Abs', ['x'], ['ax']);
      b.node('Sqrt', ['ax'], ['sq']);
      b.node('Log', ['sq'], ['lg']);
      b.node('Reciprocal', ['sq'], ['rc']);
      b.node('Pow', ['x', 'x'], ['pw']);
      b.node('Sub', ['x', 'lr'], ['sb']);
      b.node('Div', ['sb', 'c'], ['dv']);
      b.node('Mul', ['dv', 'x'], ['ml']);
      b.node('Min', ['ml', 'x'], ['mn']);
      b.node('Sum', ['mn', 'x', 'x'], ['sm']);
      b.node('Mean', ['sm', 'x'], ['mean']);
      b.node('Equal', ['mean', 'x'], ['eq']);
      b.node('Cast', ['eq'], ['y'], { to: attr.int(1) });
    },
    output: 'y',
  },
  {
    name: 'Dropout with mask output (opset 12), LRN, InstanceNormalization, BatchNormalization',
    opset: 12,
    inputs: { x: [4, 3, 3] },
    build: (b) => {
      weight(b, 's', [4]);
      weight(b, 'bb', [4]);
      b.initializer('var', [4], Float32Array.of(1, 2, 3, 4));
      b.node('Dropout', ['x'], ['d', 'mask']);
      b.node('LRN', ['d'], ['l'], { size: attr.int(3) });
      b.node('InstanceNormalization', ['l', 's', 'bb'], ['i']);
      b.node('BatchNormalization', ['i', 's', 'bb', 'bb', 'var'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'Clip by attributes (opset 6)',
    opset: 6,
    inputs: { x: [4, 3] },
    build: (b) => b.node('Clip', ['x'], ['y'], { min: attr.float(0), max: attr.float(6) }),
    output: 'y',
  },
  {
    name: 'Shape start/end (opset 15), ConstantOfShape, Range, Expand, Constant forms',
    opset: 15,
    inputs: { x: [3, 4, 5] },
    build: (b) => {
      b.node('Shape', ['x'], ['tail'], { start: attr.int(-2) });
      b.node('ConstantOfShape', ['tail'], ['zeros'], {
        value: attr.tensor({ dims: [1], data: Float32Array.of(1) }),
      });
      b.node('Constant', [], ['c0'], { value_int: attr.int(1) });
      b.node('Constant', [], ['c1'], { value_ints: ints([9]) });
      b.node('Constant', [], ['c2'], { value_int: attr.int(2) });
      b.node('Constant', [], ['cf'], { value_floats: attr.floats([1, 2]) });
      b.node('Range', ['c0', 'c2', 'c0'], ['rg']);
      b.node('Squeeze', ['c1'], ['limit']);
      b.node('Range', ['c0', 'limit', 'c2'], ['r2']);
      b.node('Shape', ['x'], ['full']);
      b.node('Expand', ['zeros', 'full'], ['y']);
    },
    output: 'y',
  },
  {
    name: 'PyTorch view chain: Shape → Gather → Unsqueeze → Concat → Reshape',
    inputs: { x: [6, 2, 2] },
    build: (b) => {
      b.node('Shape', ['x'], ['sh']);
      b.node('Constant', [], ['i0'], { value: attr.tensor({ dims: [], data: BigInt64Array.of(0n) }) });
      b.node('Constant', [], ['i1'], { value: attr.tensor({ dims: [], data: BigInt64Array.of(1n) }) });
      b.node('Gather', ['sh', 'i0'], ['n'], { axis: attr.int(0) });
      b.node('Gather', ['sh', 'i1'], ['c']);
      b.node('Constant', [], ['two'], { value: attr.tensor({ dims: [], data: BigInt64Array.of(2n) }) });
      b.node('Div', ['c', 'two'], ['half']);
      b.node('Constant', [], ['ax'], { value: attr.tensor({ dims: [1], data: BigInt64Array.of(0n) }) });
      b.node('Unsqueeze', ['n', 'ax'], ['n1']);
      b.node('Unsqueeze', ['half', 'ax'], ['h1']);
      b.node('Constant', [], ['m1'], { value: attr.tensor({ dims: [1], data: BigInt64Array.of(-1n) }) });
      b.node('Concat', ['n1', 'h1', 'm1'], ['target'], { axis: attr.int(0) });
      b.node('Reshape', ['x', 'target'], ['y']);
    },
    output: 'y',
  },
];

describe('operator shape rules agree with onnxruntime at batch 2', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const b = new OnnxModelBuilder({ opset: c.opset ?? 13 });
      for (const [name, dims] of Object.entries(c.inputs)) b.input(name, ['N', ...dims]);
      c.build(b);
      b.output(c.output);
      const bytes = b.toBytes();
      const inferred = inferGraph(readOnnxModel(bytes), 2);
      const feeds = Object.fromEntries(Object.entries(c.inputs).map(([k, d]) => [k, [2, ...d]]));
      const runtime = await runtimeTensors(bytes, feeds);
      expect(runtime.size).toBeGreaterThan(0);
      for (const [name, t] of runtime) {
        expect({ name, dims: inferred.shapes.get(name)?.dims }).toEqual({ name, dims: t.dims });
      }
    });
  }
});
