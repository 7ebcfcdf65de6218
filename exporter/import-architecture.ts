// ONNX → architecture + weights, for graphs written in memnas's lowering patterns (naive or lean
// exports). This closes the loop: export → parse → the same architecture (lean exports come back
// with batch norms already folded into their convolutions).
import { opSpec } from '../search/architecture/ops/all-ops.ts';
import { samePadding } from '../search/architecture/ops/spatial.ts';
import { parseArchitecture } from '../search/architecture/parse.ts';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from '../search/architecture/types.ts';
import type {
  ActivationFn,
  ArchNode,
  Architecture,
  Padding,
  Pair,
  TensorShape,
} from '../search/architecture/types.ts';
import type { NodeWeights, WeightTensor } from '../search/architecture/weights.ts';
import { MemnasError } from '../search/errors.ts';
import { fromFloat16Bits } from './float16.ts';
import { int64, int64List, type OnnxTypes } from './onnx/proto.ts';
import { readOnnxModel } from './onnx/read-model.ts';
import { DataType } from './onnx/tensor-info.ts';

export interface ImportedArchitecture {
  readonly architecture: Architecture;
  readonly weights: Record<string, NodeWeights>;
}

type Node = OnnxTypes.INodeProto;

function floats(t: OnnxTypes.ITensorProto): Float32Array {
  const raw = t.rawData;
  const n = int64List(t.dims).reduce((a, b) => a * b, 1);
  if (t.dataType === DataType.FLOAT) {
    // Copy: a decoded Buffer's .slice() is a view into a shared pool, not a fresh buffer.
    if (raw && raw.length > 0) return new Float32Array(Uint8Array.from(raw).buffer, 0, n);
    return Float32Array.from(t.floatData ?? []);
  }
  if (t.dataType === DataType.FLOAT16 && raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Float32Array.from({ length: n }, (_, i) => fromFloat16Bits(view.getUint16(2 * i, true)));
  }
  throw new MemnasError(
    'ONNX_UNSUPPORTED_OP',
    `initializer '${t.name ?? ''}' has a data type memnas cannot import`,
  );
}

function attrs(node: Node): Map<string, OnnxTypes.IAttributeProto> {
  return new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
}

const ints = (node: Node, name: string, fallback: number[]): number[] => {
  const a = attrs(node).get(name);
  return a ? int64List(a.ints) : fallback;
};
const int = (node: Node, name: string, fallback: number): number => {
  const a = attrs(node).get(name);
  return a ? int64(a.i) : fallback;
};
const float = (node: Node, name: string, fallback: number): number =>
  shortestFloat32(attrs(node).get(name)?.f ?? fallback);

/** The shortest decimal that is the same float32 (so an epsilon of 0.001 comes back as 0.001). */
function shortestFloat32(f: number): number {
  for (let digits = 1; digits < 10; digits++) {
    const v = Number(f.toPrecision(digits));
    if (Math.fround(v) === Math.fround(f)) return v;
  }
  return f;
}

/** Inverse of the lowering's layout changes. */
function oihwToHwio(data: Float32Array, [o, i, h, w]: number[]): WeightTensor {
  const out = new Float32Array(data.length);
  for (let a = 0; a < o!; a++)
    for (let b = 0; b < i!; b++)
      for (let y = 0; y < h!; y++)
        for (let x = 0; x < w!; x++)
          out[((y * w! + x) * i! + b) * o! + a] = data[((a * i! + b) * h! + y) * w! + x]!;
  return { shape: [h!, w!, i!, o!], data: out };
}

function groupedToDepthwise(data: Float32Array, [cm, , h, w]: number[], c: number): WeightTensor {
  const m = cm! / c;
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch++)
    for (let k = 0; k < m; k++)
      for (let y = 0; y < h!; y++)
        for (let x = 0; x < w!; x++)
          out[((y * w! + x) * c + ch) * m + k] = data[((ch * m + k) * h! + y) * w! + x]!;
  return { shape: [h!, w!, c, m], data: out };
}

function nchwRowsToNhwc(data: Float32Array, units: number, [h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < h!; y++)
    for (let x = 0; x < w!; x++)
      for (let ch = 0; ch < c!; ch++) {
        const nchw = ((ch * h! + y) * w! + x) * units;
        out.set(data.subarray(nchw, nchw + units), ((y * w! + x) * c! + ch) * units);
      }
  return out;
}

function padding(node: Node, inputHw: TensorShape, kernel: Pair, strides: Pair, dilations: Pair): Padding {
  const p = ints(node, 'pads', [0, 0, 0, 0]);
  const [t, b] = samePadding(inputHw[0]!, kernel[0], strides[0], dilations[0]);
  const [l, r] = samePadding(inputHw[1]!, kernel[1], strides[1], dilations[1]);
  if (p[0] === t && p[1] === l && p[2] === b && p[3] === r) return 'same';
  if (p.every((v) => v === 0)) return 'valid';
  throw new MemnasError(
    'ONNX_UNSUPPORTED_OP',
    `node '${node.name ?? ''}': pads [${p.join(', ')}] are neither 'same' nor 'valid'`,
  );
}

export function importArchitecture(bytes: Uint8Array): ImportedArchitecture {
  const model = readOnnxModel(bytes);
  const g = model.graph!;
  const unsupported = (node: Node, why: string): never => {
    throw new MemnasError(
      'ONNX_UNSUPPORTED_OP',
      `node '${node.name ?? ''}' (${node.opType ?? ''}): ${why}; memnas imports only graphs in its own export patterns`,
    );
  };
  const inits = new Map<string, Float32Array>();
  const initDims = new Map<string, number[]>();
  for (const t of g.initializer ?? []) {
    inits.set(t.name ?? '', floats(t));
    initDims.set(t.name ?? '', int64List(t.dims));
  }
  const input = g.input!.find((i) => !inits.has(i.name ?? ''))!;
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) => int64(d.dimValue));
  const inputShape: [number, number, number] = [dims[2]!, dims[3]!, dims[1]!];

  const nodes: ArchNode[] = [];
  const weights: Record<string, NodeWeights> = {};
  const shapes = new Map<string, TensorShape>([[input.name!, inputShape]]);
  // ONNX tensor → architecture id (helper tensors such as a pooled map alias their node).
  const idOf = new Map<string, string>([[input.name!, input.name!]]);
  const directFlatten = new Map<string, TensorShape>();
  const producers = g.node ?? [];

  const add = (node: ArchNode, output: string, w?: NodeWeights): void => {
    const inputShapes = node.inputs.map((i) => shapes.get(i)!);
    shapes.set(node.id, opSpec(node).outputShape(node, inputShapes));
    idOf.set(output, node.id);
    nodes.push(node);
    if (w) weights[node.id] = w;
  };
  const data = (name: string): Float32Array => inits.get(name) ?? new Float32Array(0);

  for (const n of producers) {
    const op = n.opType ?? '';
    const id = n.name ?? '';
    const out = n.output![0]!;
    const ins = (n.input ?? [])
      .filter((x) => x !== '' && !inits.has(x))
      .map((x) => {
        const mapped = idOf.get(x);
        return mapped ?? unsupported(n, `input '${x}' is not produced by an imported node`);
      });
    if (op === 'Cast') {
      // float16 weights: Cast(initializer) stands for the float32 initializer it produces.
      inits.set(out, data(n.input![0]!));
      initDims.set(out, initDims.get(n.input![0]!)!);
      continue;
    }
    const hw = shapes.get(ins[0] ?? '') ?? [];
    switch (op) {
      case 'Conv': {
        const wDims = initDims.get(n.input![1]!)!;
        const kernel: Pair = [wDims[2]!, wDims[3]!];
        const strides = ints(n, 'strides', [1, 1]) as unknown as Pair;
        const dilations = ints(n, 'dilations', [1, 1]) as unknown as Pair;
        const group = int(n, 'group', 1);
        const pad = padding(n, hw, kernel, strides, dilations);
        const bias = n.input![2] ? { bias: { shape: [wDims[0]!], data: data(n.input![2]) } } : {};
        if (group === 1) {
          add(
            {
              id,
              op: 'conv',
              inputs: ins,
              filters: wDims[0]!,
              kernel,
              strides,
              dilations,
              padding: pad,
              useBias: n.input![2] !== undefined,
            },
            out,
            {
              kernel: oihwToHwio(data(n.input![1]!), wDims),
              ...bias,
            },
          );
        } else if (group === hw[2] && wDims[1] === 1) {
          add(
            {
              id,
              op: 'depthwiseConv',
              inputs: ins,
              kernel,
              strides,
              dilations,
              padding: pad,
              multiplier: wDims[0]! / group,
              useBias: n.input![2] !== undefined,
            },
            out,
            { kernel: groupedToDepthwise(data(n.input![1]!), wDims, group), ...bias },
          );
        } else unsupported(n, `group ${group} is neither 1 nor depthwise`);
        break;
      }
      case 'BatchNormalization': {
        const c = [hw[2]!];
        const t = (k: number): WeightTensor => ({ shape: c, data: data(n.input![k]!) });
        add({ id, op: 'batchNorm', inputs: ins, epsilon: float(n, 'epsilon', 1e-5) }, out, {
          gamma: t(1),
          beta: t(2),
          movingMean: t(3),
          movingVariance: t(4),
        });
        break;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const pool = ints(n, 'kernel_shape', []) as unknown as Pair;
        const strides = ints(n, 'strides', [1, 1]) as unknown as Pair;
        add(
          {
            id,
            op: op === 'MaxPool' ? 'maxPool' : 'avgPool',
            inputs: ins,
            pool,
            strides,
            padding: padding(n, hw, pool, strides, [1, 1]),
          },
          out,
        );
        break;
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh':
      case 'HardSwish':
      case 'HardSigmoid':
      case 'Clip': {
        const fn: ActivationFn = {
          Relu: 'relu',
          Sigmoid: 'sigmoid',
          Tanh: 'tanh',
          HardSwish: 'hardSwish',
          HardSigmoid: 'hardSigmoid',
          Clip: 'relu6',
        }[op] as ActivationFn;
        if (op === 'Clip' && (data(n.input![1] ?? '')[0] !== 0 || data(n.input![2] ?? '')[0] !== 6))
          unsupported(n, 'only Clip(0, 6) is imported');
        add({ id, op: 'activation', inputs: ins.slice(0, 1), fn }, out);
        break;
      }
      case 'Add':
      case 'Sum':
        add({ id, op: 'add', inputs: ins }, out);
        break;
      case 'Concat':
        if (int(n, 'axis', 1) !== 1) unsupported(n, 'only channel concatenation is imported');
        add({ id, op: 'concat', inputs: ins }, out);
        break;
      case 'GlobalAveragePool':
      case 'GlobalMaxPool':
      case 'Transpose':
        // The next Flatten makes the architecture node; remember where this one came from.
        idOf.set(out, ins[0]!);
        shapes.set(out, hw);
        directFlatten.set(out, op === 'Transpose' ? [] : [-1]);
        break;
      case 'Flatten': {
        const source = n.input![0]!;
        const kind = directFlatten.get(source);
        if (kind?.[0] === -1) {
          const pool = producers.find((p) => p.output?.[0] === source)!;
          add(
            { id, op: 'globalPool', inputs: ins, mode: pool.opType === 'GlobalMaxPool' ? 'max' : 'avg' },
            out,
          );
        } else {
          add({ id, op: 'flatten', inputs: ins }, out);
          // Without a Transpose the rows are in NCHW order: the dense kernels were permuted.
          if (kind === undefined) directFlatten.set(id, hw);
        }
        break;
      }
      case 'Gemm': {
        if (
          int(n, 'transA', 0) ||
          int(n, 'transB', 0) ||
          float(n, 'alpha', 1) !== 1 ||
          float(n, 'beta', 1) !== 1
        )
          unsupported(n, 'only plain Gemm is imported');
        const wDims = initDims.get(n.input![1]!)!;
        let kernel = data(n.input![1]!);
        const flat = directFlatten.get(ins[0]!);
        if (flat !== undefined && flat.length === 3) kernel = nchwRowsToNhwc(kernel, wDims[1]!, flat);
        add({ id, op: 'dense', inputs: ins, units: wDims[1]!, useBias: n.input![2] !== undefined }, out, {
          kernel: { shape: wDims, data: kernel },
          ...(n.input![2] ? { bias: { shape: [wDims[1]!], data: data(n.input![2]) } } : {}),
        });
        break;
      }
      default:
        unsupported(n, 'operator not in memnas export patterns');
    }
  }
  const outputName = g.output![0]!.name!;
  const last = shapes.get(idOf.get(outputName) ?? '');
  const architecture = parseArchitecture({
    format: ARCHITECTURE_FORMAT,
    version: ARCHITECTURE_VERSION,
    name: g.name || 'imported',
    input: { name: input.name, shape: inputShape },
    classes: last?.[0] ?? 0,
    nodes,
    output: idOf.get(outputName),
  });
  return { architecture, weights };
}
