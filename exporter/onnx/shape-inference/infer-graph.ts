// Walks an ONNX graph in file order and infers every tensor's dtype, dims and small values at
// one batch size. Graph inputs take the batch at a dynamic axis 0; initializers are parameters;
// each node's outputs come from its operator's rule, or a clear error says why they cannot.
import { MemnasError } from '../../../search/errors.ts';
import { int64, isDefaultDomain, type OnnxTypes } from '../proto.ts';
import { dtypeName } from '../tensor-info.ts';
import { shapeRuleMap } from './all-rules.ts';
import { createContext, nodeLabel, tensorProtoInfo } from './context.ts';
import type { ShapeRule, TensorInfo } from './types.ts';

type GraphProto = OnnxTypes.IGraphProto;
type ModelProto = OnnxTypes.IModelProto;

export interface InferredGraph {
  /** Every tensor (initializers, graph inputs, node outputs) → what inference found. */
  readonly shapes: ReadonlyMap<string, TensorInfo>;
  /** Names of initializers (parameters). */
  readonly initializers: ReadonlySet<string>;
  /** Graph inputs fed by the caller (initializers listed as inputs excluded). */
  readonly inputs: readonly string[];
  /** A unique, non-empty label per node, in file order. */
  readonly nodeLabels: readonly string[];
}

const RULES = shapeRuleMap();

/** Version of the default-domain operator set the model imports. */
export function defaultOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => isDefaultDomain(o.domain));
  if (!entry)
    throw new MemnasError('ONNX_INVALID', 'the model imports no default-domain (ai.onnx) operator set');
  return int64(entry.version);
}

function inputInfo(v: OnnxTypes.IValueInfoProto, batch: number): TensorInfo {
  const name = v.name ?? '';
  const tensorType = v.type?.tensorType;
  if (!tensorType)
    throw new MemnasError(
      'ONNX_SHAPE',
      `graph input '${name}' is not a tensor (sequences, maps and optionals are not supported)`,
    );
  if (!tensorType.shape) throw new MemnasError('ONNX_SHAPE', `graph input '${name}' declares no shape`);
  const dims = (tensorType.shape.dim ?? []).map((d, axis) => {
    const fixed = d.dimValue !== null && d.dimValue !== undefined ? int64(d.dimValue) : 0;
    if (fixed > 0) return fixed;
    if (axis === 0) return batch;
    const label = d.dimParam ? `symbolic dimension '${d.dimParam}'` : 'an unknown dimension';
    throw new MemnasError(
      'ONNX_SHAPE',
      `graph input '${name}' has ${label} at axis ${axis}; only the batch axis (0) may vary — export the model with fixed non-batch dimensions`,
    );
  });
  return { dtype: tensorType.elemType ?? 0, dims };
}

function uniqueLabels(graph: GraphProto): string[] {
  const seen = new Set<string>();
  return (graph.node ?? []).map((n, i) => {
    let label = nodeLabel(n, i);
    for (let k = 1; seen.has(label); k++) label = `${nodeLabel(n, i)}#${i}${k > 1 ? `.${k}` : ''}`;
    seen.add(label);
    return label;
  });
}

function ruleFor(node: OnnxTypes.INodeProto, label: string): ShapeRule {
  const opType = node.opType ?? '';
  if (!isDefaultDomain(node.domain)) {
    throw new MemnasError(
      'ONNX_UNSUPPORTED_OP',
      `cannot size operator '${node.domain ?? ''}.${opType}' (node '${label}'): memnas knows no operators of domain '${node.domain ?? ''}'`,
    );
  }
  if ((node.attribute ?? []).some((a) => a.g || (a.graphs?.length ?? 0) > 0)) {
    throw new MemnasError(
      'ONNX_UNSUPPORTED_OP',
      `cannot size operator '${opType}' (node '${label}'): it runs subgraphs (control flow), which memnas does not size`,
    );
  }
  const rule = RULES.get(opType);
  if (!rule)
    throw new MemnasError(
      'ONNX_UNSUPPORTED_OP',
      `cannot size operator '${opType}' (node '${label}'): memnas has no shape rule for it`,
    );
  return rule;
}

/** Reads a tensor for node `i`, or a clear error when it is produced later or not at all. */
function tensorLookup(
  shapes: ReadonlyMap<string, TensorInfo>,
  producers: ReadonlyMap<string, number>,
  nodeLabels: readonly string[],
  i: number,
): (name: string) => TensorInfo | undefined {
  const label = nodeLabels[i] ?? '';
  return (name) => {
    const known = shapes.get(name);
    if (known) return known;
    const later = producers.get(name);
    if (later !== undefined && later >= i) {
      throw new MemnasError(
        'ONNX_INVALID',
        `node '${label}' reads '${name}' before node '${nodeLabels[later] ?? ''}' produces it: the file's nodes are not in topological order`,
      );
    }
    throw new MemnasError(
      'ONNX_INVALID',
      `node '${label}' reads '${name}', which no node, initializer or graph input provides`,
    );
  };
}

/** Records a node's inferred outputs, checking each exists once and has valid dims. */
function storeOutputs(
  shapes: Map<string, TensorInfo>,
  node: OnnxTypes.INodeProto,
  label: string,
  outs: readonly (TensorInfo | undefined)[],
): void {
  (node.output ?? []).forEach((name, k) => {
    if (!name) return;
    const out = outs[k];
    if (!out)
      throw new MemnasError(
        'ONNX_SHAPE',
        `cannot size operator '${node.opType ?? ''}' (node '${label}'): it has no output ${k}`,
      );
    if (shapes.has(name))
      throw new MemnasError('ONNX_INVALID', `tensor '${name}' is produced twice (again by node '${label}')`);
    if (out.dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      throw new MemnasError(
        'ONNX_SHAPE',
        `cannot size operator '${node.opType ?? ''}' (node '${label}'): output '${name}' has invalid dims [${out.dims.join(', ')}] of ${dtypeName(out.dtype)}`,
      );
    }
    shapes.set(name, out);
  });
}

/**
 * Infers every tensor of `model` at batch size `batch`.
 * @throws MemnasError ONNX_INVALID (node order, dangling inputs), ONNX_SHAPE (inconsistent
 *   shapes, symbolic non-batch dims), ONNX_UNSUPPORTED_OP (operators it cannot size).
 */
export function inferGraph(model: ModelProto, batch: number): InferredGraph {
  const graph = model.graph ?? {};
  const opset = defaultOpset(model);
  const shapes = new Map<string, TensorInfo>();
  const initializers = new Set<string>();
  for (const t of graph.initializer ?? []) {
    initializers.add(t.name ?? '');
    shapes.set(t.name ?? '', tensorProtoInfo(t));
  }
  const inputs: string[] = [];
  for (const v of graph.input ?? []) {
    const name = v.name ?? '';
    if (initializers.has(name)) continue;
    shapes.set(name, inputInfo(v, batch));
    inputs.push(name);
  }
  const producers = new Map<string, number>();
  (graph.node ?? []).forEach((n, i) => (n.output ?? []).forEach((o) => o && producers.set(o, i)));
  const nodeLabels = uniqueLabels(graph);
  (graph.node ?? []).forEach((node, i) => {
    const label = nodeLabels[i] ?? '';
    const lookup = tensorLookup(shapes, producers, nodeLabels, i);
    (node.input ?? []).forEach((name) => name && lookup(name));
    storeOutputs(shapes, node, label, ruleFor(node, label)(createContext(node, label, opset, lookup)));
  });
  return { shapes, initializers, inputs, nodeLabels };
}
