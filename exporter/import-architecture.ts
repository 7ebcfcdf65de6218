// ONNX → architecture + weights, for graphs written in memnas's lowering patterns (naive or lean
// exports). This closes the loop: export → parse → the same architecture (lean exports come back
// with batch norms already folded into their convolutions). The walk is here; what each ONNX
// node means is its op's raise (lower/*-raise.ts, listed in lower/all-raisings.ts).
import { opSpec } from '../search/architecture/ops/all-ops.ts';
import { parseArchitecture } from '../search/architecture/parse.ts';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from '../search/architecture/types.ts';
import type { ArchNode, Architecture, TensorShape } from '../search/architecture/types.ts';
import type { NodeWeights, WeightTensor } from '../search/architecture/weights.ts';
import { MemnasError } from '../search/errors.ts';
import { fromFloat16Bits } from './float16.ts';
import { raisingsFor } from './lower/all-raisings.ts';
import type { FlatSource, RaiseContext } from './lower/raising.ts';
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

function notImported(node: Node, why: string): MemnasError {
  return new MemnasError(
    'ONNX_UNSUPPORTED_OP',
    `node '${node.name ?? ''}' (${node.opType ?? ''}): ${why}; memnas imports only graphs in its own export patterns`,
  );
}

/** The image input: the graph input that is not an initializer, NCHW with a batch axis. */
function imageInput(
  g: OnnxTypes.IGraphProto,
  isInitializer: (name: string) => boolean,
): { name: string; shape: [number, number, number] } {
  const input = (g.input ?? []).find((i) => !isInitializer(i.name ?? ''));
  if (input === undefined)
    throw new MemnasError('ONNX_INVALID', 'the graph has no image input (every input is an initializer)');
  const name = input.name ?? '';
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) => int64(d.dimValue));
  const [, c, h, w] = dims;
  if (dims.length !== 4 || c === undefined || h === undefined || w === undefined)
    throw new MemnasError(
      'ONNX_UNSUPPORTED_OP',
      `graph input '${name}' has ${dims.length} dims; memnas imports an NCHW image input [batch, channels, height, width]`,
    );
  return { name, shape: [h, w, c] };
}

/**
 * What the walk has learned so far: the initializers (float32), the raised nodes with their
 * shapes and weights, which ONNX tensor stands for which architecture node, and what each
 * Flatten-related tensor is (see FlatSource).
 */
class ImportState {
  readonly inits = new Map<string, WeightTensor>();
  readonly nodes: ArchNode[] = [];
  readonly weights: Record<string, NodeWeights> = {};
  readonly shapes = new Map<string, TensorShape>();
  readonly idOf = new Map<string, string>();
  readonly flatSources = new Map<string, FlatSource>();

  constructor(g: OnnxTypes.IGraphProto) {
    for (const t of g.initializer ?? [])
      this.inits.set(t.name ?? '', { shape: int64List(t.dims), data: floats(t) });
  }

  setInput(name: string, shape: TensorShape): void {
    this.shapes.set(name, shape);
    this.idOf.set(name, name);
  }

  /** Raises one ONNX node with the raise of its op. */
  raise(n: Node): void {
    const out = n.output?.[0];
    if (out === undefined || out === '') throw notImported(n, 'it has no output');
    if (n.opType === 'Cast') {
      // float16 weights: Cast(initializer) stands for the float32 initializer it produces.
      const source = this.inits.get(n.input?.[0] ?? '');
      if (source === undefined)
        throw notImported(n, 'only a Cast of an initializer (float16 weights) is imported');
      this.inits.set(out, source);
      return;
    }
    const ctx = this.context(n, out);
    const raising = raisingsFor(ctx.opType).find((r) => r.accepts?.(ctx) ?? true);
    if (raising === undefined) throw notImported(n, 'operator not in memnas export patterns');
    raising.raise(ctx);
  }

  /** Architecture ids of the node's activation inputs. */
  private activationInputs(n: Node): string[] {
    return (n.input ?? [])
      .filter((x) => x !== '' && !this.inits.has(x))
      .map((x) => {
        const mapped = this.idOf.get(x);
        if (mapped === undefined) throw notImported(n, `input '${x}' is not produced by an imported node`);
        return mapped;
      });
  }

  private context(n: Node, out: string): RaiseContext {
    const inputs = this.activationInputs(n);
    const initializer = (k: number): WeightTensor => {
      const t = this.inits.get(n.input?.[k] ?? '');
      if (t === undefined) throw notImported(n, `input ${k} ('${n.input?.[k] ?? ''}') is not an initializer`);
      return t;
    };
    return {
      node: n,
      opType: n.opType ?? '',
      id: n.name ?? '',
      inputs,
      inputShape: this.shapes.get(inputs[0] ?? '') ?? [],
      hasInput: (k) => (n.input?.[k] ?? '') !== '',
      initializer,
      unsupported: (why) => notImported(n, why),
      add: (node, weights) => this.add(n, out, node, weights),
      passThrough: (source) => {
        const first = inputs[0];
        if (first === undefined) throw notImported(n, 'it reads no activation');
        this.idOf.set(out, first);
        this.flatSources.set(out, source);
      },
      flatSource: (name) => this.flatSources.get(name),
      setFlatSource: (id, source) => this.flatSources.set(id, source),
    };
  }

  private add(n: Node, out: string, node: ArchNode, weights: NodeWeights | undefined): void {
    const inputShapes = node.inputs.map((i) => {
      const shape = this.shapes.get(i);
      if (shape === undefined) throw notImported(n, `input '${i}' has no known shape`);
      return shape;
    });
    this.shapes.set(node.id, opSpec(node).outputShape(node, inputShapes));
    this.idOf.set(out, node.id);
    this.nodes.push(node);
    if (weights) this.weights[node.id] = weights;
  }
}

export function importArchitecture(bytes: Uint8Array): ImportedArchitecture {
  const g = readOnnxModel(bytes).graph;
  if (!g) throw new MemnasError('ONNX_INVALID', 'the model has no graph');
  const state = new ImportState(g);
  const input = imageInput(g, (name) => state.inits.has(name));
  state.setInput(input.name, input.shape);
  for (const n of g.node ?? []) state.raise(n);
  const outputName = g.output?.[0]?.name;
  if (!outputName) throw new MemnasError('ONNX_INVALID', 'the graph declares no output');
  const output = state.idOf.get(outputName);
  const last = state.shapes.get(output ?? '');
  const architecture = parseArchitecture({
    format: ARCHITECTURE_FORMAT,
    version: ARCHITECTURE_VERSION,
    name: g.name || 'imported',
    input: { name: input.name, shape: input.shape },
    classes: last?.[0] ?? 0,
    nodes: state.nodes,
    output,
  });
  return { architecture, weights: state.weights };
}
