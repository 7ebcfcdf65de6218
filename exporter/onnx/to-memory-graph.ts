// ONNX model → memnas's MemoryGraph (search/memory/graph.ts): activation tensors are every
// non-initializer tensor — graph inputs and node outputs, Constant-node outputs included — sized
// dtype × numel at one batch size; parameters are exactly the initializers and never enter liveness.
import { MemnasError } from '../../search/errors.ts';
import { analyzeMemory } from '../../search/memory/analyze.ts';
import type { MemoryAnalysis, MemoryGraph, MemoryNode } from '../../search/memory/graph.ts';
import { isDefaultDomain, type OnnxTypes } from './proto.ts';
import { readOnnxModel } from './read-model.ts';
import { inferGraph } from './shape-inference/infer-graph.ts';
import { DataType, denseBytes, initializerBytes } from './tensor-info.ts';

export interface OnnxMemoryGraph {
  readonly graph: MemoryGraph;
  /** Sum of initializer bytes (numel × element size), exactly. */
  readonly paramBytes: number;
  /** Bytes of Constant-node values: not parameters, but activations while alive. */
  readonly constantBytes: number;
  /** Every tensor's inferred dtype and dims at the requested batch. */
  readonly shapes: ReadonlyMap<string, { readonly dtype: number; readonly dims: readonly number[] }>;
  /** Operator type (domain-qualified outside ai.onnx) → number of nodes. */
  readonly opCounts: Readonly<Record<string, number>>;
}

export interface OnnxGraphOptions {
  /** Batch size given to a dynamic axis 0 of the graph inputs. Default 1. */
  readonly batch?: number;
}

function opKey(node: OnnxTypes.INodeProto): string {
  return isDefaultDomain(node.domain) ? (node.opType ?? '') : `${node.domain ?? ''}.${node.opType ?? ''}`;
}

/**
 * Builds the memory graph of a decoded model.
 * @throws MemnasError ONNX_INVALID / ONNX_SHAPE / ONNX_UNSUPPORTED_OP naming the node at fault.
 */
export function onnxToMemoryGraph(
  model: OnnxTypes.IModelProto,
  options: OnnxGraphOptions = {},
): OnnxMemoryGraph {
  const batch = options.batch ?? 1;
  if (!Number.isSafeInteger(batch) || batch < 1)
    throw new MemnasError('USAGE', `batch must be a positive integer, got ${batch}`);
  const g = model.graph ?? {};
  const inferred = inferGraph(model, batch);
  const tensors = new Map<string, number>();
  const size = (name: string): void => {
    const t = inferred.shapes.get(name);
    if (t && !tensors.has(name)) tensors.set(name, denseBytes(t.dtype, t.dims, `tensor '${name}'`));
  };
  inferred.inputs.forEach(size);
  const opCounts: Record<string, number> = {};
  let constantBytes = 0;
  const nodes: MemoryNode[] = (g.node ?? []).map((n, i) => {
    const outputs = (n.output ?? []).filter((o) => o !== '');
    outputs.forEach(size);
    opCounts[opKey(n)] = (opCounts[opKey(n)] ?? 0) + 1;
    if (n.opType === 'Constant' && isDefaultDomain(n.domain)) {
      const out = inferred.shapes.get(outputs[0] ?? '');
      if (out && out.dtype !== DataType.STRING)
        constantBytes += denseBytes(out.dtype, out.dims, 'a constant');
    }
    const inputs = (n.input ?? []).filter((x) => x !== '' && !inferred.initializers.has(x));
    return { name: inferred.nodeLabels[i] ?? '', op: n.opType ?? '', inputs, outputs };
  });
  const graphOutputs = (g.output ?? [])
    .map((o) => o.name ?? '')
    .filter((name) => {
      if (tensors.has(name)) return true;
      if (inferred.initializers.has(name)) return false;
      throw new MemnasError(
        'ONNX_INVALID',
        `graph output '${name}' is not produced by any node or graph input`,
      );
    });
  const paramBytes = (g.initializer ?? []).reduce((sum, t) => sum + initializerBytes(t), 0);
  return {
    graph: { tensors, nodes, graphInputs: inferred.inputs, graphOutputs },
    paramBytes,
    constantBytes,
    shapes: inferred.shapes,
    opCounts,
  };
}

export interface OnnxEstimate extends MemoryAnalysis {
  readonly constantBytes: number;
  readonly opCounts: Readonly<Record<string, number>>;
  readonly nodeCount: number;
}

export interface OnnxEstimateOptions extends OnnxGraphOptions {
  /** State budget of the best-order search (see analyzeMemory); its default when absent. */
  readonly orderBudget?: number;
}

/** Reads .onnx bytes and runs the memory analysis on them: `memnas estimate model.onnx`. */
export function estimateOnnx(bytes: Uint8Array, options: OnnxEstimateOptions = {}): OnnxEstimate {
  const model = readOnnxModel(bytes);
  const { graph, paramBytes, constantBytes, opCounts } = onnxToMemoryGraph(model, options);
  const analysis = analyzeMemory(
    graph,
    paramBytes,
    options.orderBudget === undefined ? {} : { orderBudget: options.orderBudget },
  );
  return { ...analysis, constantBytes, opCounts, nodeCount: graph.nodes.length };
}
